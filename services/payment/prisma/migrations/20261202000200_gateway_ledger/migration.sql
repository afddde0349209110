-- The simulated card gateway's ledger (src/gateway): what money really moved, kept apart from the
-- payment records that the tests hold against it. It used to be created by the service at start;
-- the runtime role may no longer run DDL, so it is a migration now. IF NOT EXISTS: databases that
-- ran the service before this migration already have it.
CREATE TABLE IF NOT EXISTS gateway_ledger (
  idempotency_key TEXT        PRIMARY KEY,
  operation       TEXT        NOT NULL CHECK (operation IN ('charge', 'refund', 'void')),
  order_id        UUID        NOT NULL,
  amount_cents    INTEGER     NOT NULL DEFAULT 0,
  currency        TEXT,
  outcome         TEXT        NOT NULL CHECK (outcome IN ('captured', 'declined', 'refunded', 'voided')),
  reference       TEXT,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
