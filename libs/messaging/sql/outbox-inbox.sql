-- The outbox and inbox tables as every service's migrations leave them (services/*/prisma/
-- migrations: outbox_inbox, then outbox_quarantine); libs/messaging's integration tests create
-- them from this file.
CREATE TABLE IF NOT EXISTS outbox (
  id                BIGSERIAL PRIMARY KEY,
  event_id          UUID        NOT NULL UNIQUE,
  topic             TEXT        NOT NULL,
  message_key       TEXT        NOT NULL,
  payload           TEXT        NOT NULL,
  headers           JSONB       NOT NULL,
  created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- Set when the broker refused the row for good; the relay skips it until it is resent.
  quarantined_at    TIMESTAMPTZ,
  quarantine_reason TEXT
);
CREATE INDEX IF NOT EXISTS outbox_quarantined_idx ON outbox (id) WHERE quarantined_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS inbox (
  event_id    UUID        PRIMARY KEY,
  event_type  TEXT        NOT NULL,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
