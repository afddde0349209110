-- The console's read model (CQRS): every saga message it consumed, and one summary row per order
-- derived from them. Both can be thrown away and rebuilt by replaying the topics
-- (npm run console:rebuild): nothing here is the source of truth.

-- One row per message: an event (keyed by its CloudEvents id, so a redelivery or a replay is a
-- no-op) or a dead letter (keyed dlq:<topic>:<partition>:<offset>).
CREATE TABLE saga_event (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL,
    type        TEXT NOT NULL,
    lane        TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    data        JSONB NOT NULL,
    topic       TEXT NOT NULL,
    partition   INTEGER NOT NULL,
    "offset"    BIGINT NOT NULL,
    trace_id    TEXT,
    dead_letter JSONB,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX saga_event_order_idx ON saga_event (order_id, at);

-- What the events say about each order, recomputed whenever one of its events arrives.
CREATE TABLE saga (
    order_id    TEXT PRIMARY KEY,
    customer_id TEXT,
    trace_id    TEXT,
    status      TEXT NOT NULL DEFAULT 'PENDING',
    reason      TEXT,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    events      INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX saga_started_idx ON saga (started_at DESC);
CREATE INDEX saga_customer_started_idx ON saga (customer_id, started_at DESC);
CREATE INDEX saga_finished_idx ON saga (finished_at) WHERE finished_at IS NOT NULL;

-- Every dead letter, keyed by its place on the dead-letter topic; the operations page shows those
-- past the redrive group's committed offset (not put back yet).
CREATE TABLE dead_letter (
    topic              TEXT NOT NULL,
    partition          INTEGER NOT NULL,
    "offset"           BIGINT NOT NULL,
    key                TEXT,
    type               TEXT,
    failed_at          TIMESTAMPTZ,
    error_kind         TEXT,
    error              TEXT,
    consumer_group     TEXT,
    original_partition TEXT,
    original_offset    TEXT,
    preview            TEXT NOT NULL,
    PRIMARY KEY (topic, partition, "offset")
);
