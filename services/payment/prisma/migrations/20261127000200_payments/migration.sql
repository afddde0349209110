-- One row per order (the unique order_id makes a capture and a cancellation of the same order
-- serialise). amount_cents is what was captured, refunded_cents what was paid back of it.
CREATE TABLE payments (
  id             UUID        PRIMARY KEY,
  order_id       UUID        NOT NULL UNIQUE,
  status         TEXT        NOT NULL CHECK (status IN ('CAPTURED', 'DECLINED', 'REFUNDED', 'CANCELLED')),
  method         TEXT,
  amount_cents   INTEGER     NOT NULL DEFAULT 0 CHECK (amount_cents >= 0),
  refunded_cents INTEGER     NOT NULL DEFAULT 0,
  currency       TEXT,
  decline_reason TEXT,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- Never pay back more than was taken.
  CONSTRAINT payments_refund_within_capture CHECK (refunded_cents BETWEEN 0 AND amount_cents),
  -- A capture always says its currency: the refund event carries it back.
  CONSTRAINT payments_capture_has_currency CHECK (status NOT IN ('CAPTURED', 'REFUNDED') OR currency IS NOT NULL)
);
