-- The W3C trace context of the request that placed the order, so a cancellation decided later
-- (by the customer or the watchdog) and its compensations stay in the order's trace.
ALTER TABLE orders ADD COLUMN trace_headers JSONB NOT NULL DEFAULT '{}'::jsonb;
