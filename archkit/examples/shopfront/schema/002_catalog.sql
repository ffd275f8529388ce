-- Shopfront: the product catalogue (owned by the catalog service).

CREATE TABLE categories (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id    bigint REFERENCES categories (id),
    name         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX categories_parent_id_idx ON categories (parent_id);

CREATE TABLE products (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku          varchar(32) NOT NULL UNIQUE,
    name         text NOT NULL,
    price        numeric(12, 2) NOT NULL CHECK (price >= 0),
    attributes   json,
    is_active    boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX products_is_active_idx ON products (is_active);

CREATE TABLE product_categories (
    product_id   bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    category_id  bigint NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (product_id, category_id)
);

CREATE INDEX product_categories_category_id_idx ON product_categories (category_id);

CREATE TABLE inventory (
    product_id   bigint PRIMARY KEY REFERENCES products (id),
    on_hand      integer NOT NULL CHECK (on_hand >= 0),
    reserved     integer NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now()
);
