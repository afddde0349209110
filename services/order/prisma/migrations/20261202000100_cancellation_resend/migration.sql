-- When the cancellation was (last) announced: the watchdog announces it again when the saga has
-- not answered it within the saga timeout (an answer lost to a dead letter, say).
ALTER TABLE orders ADD COLUMN cancellation_requested_at TIMESTAMPTZ;
UPDATE orders SET cancellation_requested_at = updated_at WHERE cancellation_requested IS NOT NULL;
CREATE INDEX orders_unanswered_cancellation_idx ON orders (cancellation_requested_at)
  WHERE cancellation_requested IS NOT NULL AND status NOT IN ('COMPLETED', 'CANCELLED');
