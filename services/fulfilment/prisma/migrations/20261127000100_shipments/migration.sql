CREATE TABLE shipments (
  id              UUID        PRIMARY KEY,
  order_id        UUID        NOT NULL UNIQUE,
  tracking_number TEXT        NOT NULL,
  country         TEXT        NOT NULL,
  lines           JSONB       NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE fulfilment_decisions (
  order_id   UUID        PRIMARY KEY,
  outcome    TEXT        NOT NULL CHECK (outcome IN ('SHIPPED', 'FAILED', 'CANCELLED')),
  reason     TEXT,
  decided_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
