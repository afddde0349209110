-- Payments like a real gateway integration: a PENDING row claims the order before the gateway is
-- called (outside any transaction, keyed by the payment id), a second transaction records the
-- answer; a refund goes REFUND_PENDING, then REFUNDED. The row carries what the events it will
-- emit need: the requested amount, the lines and address payment.captured forwards, the refund's
-- cause, and the trace of the event that asked for it.
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
  CHECK (status IN ('PENDING', 'CAPTURED', 'DECLINED', 'REFUND_PENDING', 'REFUNDED', 'CANCELLED'));
ALTER TABLE payments DROP CONSTRAINT payments_capture_has_currency;
ALTER TABLE payments ADD CONSTRAINT payments_capture_has_currency
  CHECK (status NOT IN ('PENDING', 'CAPTURED', 'REFUND_PENDING', 'REFUNDED') OR currency IS NOT NULL);
ALTER TABLE payments ADD COLUMN requested_cents INTEGER NOT NULL DEFAULT 0 CHECK (requested_cents >= 0);
ALTER TABLE payments ADD COLUMN refund_cause TEXT CHECK (refund_cause IN ('FULFILMENT_FAILED', 'ORDER_CANCELLED'));
ALTER TABLE payments ADD COLUMN lines JSONB;
ALTER TABLE payments ADD COLUMN shipping_address JSONB;
ALTER TABLE payments ADD COLUMN trace_headers JSONB NOT NULL DEFAULT '{}'::jsonb;
UPDATE payments SET requested_cents = amount_cents;
-- The reconciler looks for payments left half-settled.
CREATE INDEX payments_unsettled_idx ON payments (updated_at) WHERE status IN ('PENDING', 'REFUND_PENDING');
