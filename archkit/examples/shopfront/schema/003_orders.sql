-- Shopfront: carts, orders and their lines (owned by the checkout service).

CREATE TABLE carts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  bigint REFERENCES customers (id),
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX carts_customer_id_idx ON carts (customer_id);

CREATE TABLE cart_items (
    cart_id      bigint NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    product_id   bigint NOT NULL REFERENCES products (id),
    quantity     integer NOT NULL CHECK (quantity > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cart_id, product_id)
);

CREATE TABLE orders (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  bigint NOT NULL REFERENCES customers (id),
    status       text NOT NULL DEFAULT 'placed',
    total        numeric(12, 2) NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);

CREATE TABLE order_items (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id   bigint NOT NULL REFERENCES products (id),
    quantity     integer NOT NULL CHECK (quantity > 0),
    unit_price   numeric(12, 2) NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX order_items_order_id_idx ON order_items (order_id);
