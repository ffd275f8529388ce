-- Shopfront: payments, shipments and the audit trail.

CREATE TABLE payments (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     bigint NOT NULL REFERENCES orders (id),
    provider_ref text NOT NULL UNIQUE,
    amount       double precision NOT NULL,
    captured_at  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payments_order_id_idx ON payments (order_id);

CREATE TABLE shipments (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     bigint NOT NULL REFERENCES orders (id),
    carrier      text NOT NULL,
    tracking_no  text,
    shipped_at   timestamp,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX shipments_order_id_idx ON shipments (order_id);

-- Written by every service; read by support staff.
-- archkit: ignore[AK-DOC002] occurred_at is both the event time and the insert time
CREATE TABLE audit_log (
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    actor        text NOT NULL,
    action       text NOT NULL,
    details      jsonb
);
