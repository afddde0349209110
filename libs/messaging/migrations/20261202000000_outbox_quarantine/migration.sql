-- The relay deletes a row once Kafka has acknowledged it (Kafka holds the event from then on),
-- so published_at goes. A row the broker refuses for good is quarantined instead: kept, with its
-- reason, so the rows behind it flow on (`npm run outbox -- list | resend`).
DELETE FROM outbox WHERE published_at IS NOT NULL;
DROP INDEX outbox_unpublished_idx;
DROP INDEX outbox_published_at_idx;
ALTER TABLE outbox DROP COLUMN published_at;
ALTER TABLE outbox ADD COLUMN quarantined_at TIMESTAMPTZ, ADD COLUMN quarantine_reason TEXT;
CREATE INDEX outbox_quarantined_idx ON outbox (id) WHERE quarantined_at IS NOT NULL;
