-- Shopfront: customers and their addresses (owned by the accounts service).

CREATE TABLE customers (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email        text NOT NULL UNIQUE,
    full_name    text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE customers IS 'People with an account; one row per verified e-mail address.';

CREATE TABLE addresses (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    line1        text NOT NULL,
    city         text NOT NULL,
    country_code char(2) NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX addresses_customer_id_idx ON addresses (customer_id);
