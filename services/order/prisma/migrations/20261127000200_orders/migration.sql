CREATE TABLE orders (
  id                     UUID        PRIMARY KEY,
  customer_id            TEXT        NOT NULL,
  status                 TEXT        NOT NULL
    CHECK (status IN ('PENDING', 'RESERVED', 'PAID', 'COMPLETED', 'CANCELLED')),
  reason                 TEXT
    CHECK (reason IN ('OUT_OF_STOCK', 'PAYMENT_DECLINED', 'FULFILMENT_FAILED', 'CUSTOMER_CANCELLED', 'TIMEOUT')),
  cancellation_requested TEXT CHECK (cancellation_requested IN ('CUSTOMER_CANCELLED', 'TIMEOUT')),
  items                  JSONB       NOT NULL,
  payment_method         TEXT        NOT NULL,
  shipping_address       JSONB       NOT NULL,
  total_cents            INTEGER,
  currency               TEXT,
  idempotency_key        TEXT        UNIQUE,
  request_fingerprint    TEXT,
  created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
  terminal_at            TIMESTAMPTZ,
  CHECK ((status = 'CANCELLED') = (reason IS NOT NULL))
);
-- The watchdog scans open orders by age.
CREATE INDEX orders_open_idx ON orders (created_at) WHERE status NOT IN ('COMPLETED', 'CANCELLED');

CREATE TABLE order_history (
  id       BIGSERIAL   PRIMARY KEY,
  order_id UUID        NOT NULL REFERENCES orders (id),
  at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  type     TEXT        NOT NULL,
  detail   JSONB
);
CREATE INDEX order_history_order_id_id_idx ON order_history (order_id, id);
