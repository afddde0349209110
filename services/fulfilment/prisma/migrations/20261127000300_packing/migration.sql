-- A paid order can wait in PACKING before it is dispatched (FULFILMENT_DISPATCH_DELAY_MS), like a
-- warehouse's picking time: a cancellation that arrives meanwhile still wins.
ALTER TABLE shipments ADD COLUMN status TEXT NOT NULL DEFAULT 'SHIPPED' CHECK (status IN ('PACKING', 'SHIPPED'));
ALTER TABLE shipments ADD COLUMN dispatch_after TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE shipments ADD COLUMN trace_headers JSONB NOT NULL DEFAULT '{}'::jsonb;
CREATE INDEX shipments_packing_idx ON shipments (dispatch_after) WHERE status = 'PACKING';

ALTER TABLE fulfilment_decisions DROP CONSTRAINT fulfilment_decisions_outcome_check;
ALTER TABLE fulfilment_decisions ADD CONSTRAINT fulfilment_decisions_outcome_check
  CHECK (outcome IN ('PACKING', 'SHIPPED', 'FAILED', 'CANCELLED'));
