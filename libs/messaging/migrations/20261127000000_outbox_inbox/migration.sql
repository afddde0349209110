-- Transactional outbox (written with the state change, published by the relay) and inbox
-- (ids of handled events, for idempotent consumption). Same tables in every service.
CREATE TABLE outbox (
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
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL;

CREATE TABLE inbox (
  event_id    UUID        PRIMARY KEY,
  event_type  TEXT        NOT NULL,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
