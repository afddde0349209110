-- A shipment row is never deleted: a cancellation that wins over a PACKING shipment marks it
-- CANCELLED, so the record of what was (not) shipped survives, and the saga invariants read it.
ALTER TABLE shipments DROP CONSTRAINT shipments_status_check;
ALTER TABLE shipments ADD CONSTRAINT shipments_status_check CHECK (status IN ('PACKING', 'SHIPPED', 'CANCELLED'));
