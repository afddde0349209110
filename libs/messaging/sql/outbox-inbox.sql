-- The outbox and inbox tables every service's first migration creates (kept identical in each
-- service's prisma/migrations; libs/messaging's integration tests create them from this file).
CREATE TABLE IF NOT EXISTS outbox (
  id           BIGSERIAL PRIMARY KEY,
  event_id     UUID        NOT NULL UNIQUE,
  topic        TEXT        NOT NULL,
  message_key  TEXT        NOT NULL,
  payload      TEXT        NOT NULL,
  headers      JSONB       NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  published_at TIMESTAMPTZ
);
-- The relay's hot query reads unpublished rows in id order; published rows leave the index.
CREATE INDEX IF NOT EXISTS outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS inbox (
  event_id    UUID        PRIMARY KEY,
  event_type  TEXT        NOT NULL,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
