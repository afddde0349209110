-- Every unit that ever entered the stock, by SKU: the seed, then each restock's difference. Stock
-- is conserved when, per SKU, the ledger adds up to available + reserved (LIVE reservations) +
-- sold (SOLD reservations); the saga invariants check it against the reservation rows.
CREATE TABLE stock_adjustments (
  id     BIGSERIAL   PRIMARY KEY,
  sku    TEXT        NOT NULL REFERENCES products (sku),
  delta  INTEGER     NOT NULL,
  reason TEXT        NOT NULL CHECK (reason IN ('SEED', 'RESTOCK')),
  at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX stock_adjustments_sku_idx ON stock_adjustments (sku);

INSERT INTO stock_adjustments (sku, delta, reason)
SELECT p.sku, p.available + p.reserved + COALESCE(sold.units, 0), 'SEED'
  FROM products p
  LEFT JOIN (SELECT line->>'sku' AS sku, sum((line->>'quantity')::int) AS units
               FROM reservations r, jsonb_array_elements(r.lines) AS line
              WHERE r.status = 'SOLD' GROUP BY 1) sold ON sold.sku = p.sku;
