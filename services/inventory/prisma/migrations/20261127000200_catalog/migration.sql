-- The catalog with its stock, and one reservation row per order inventory has answered or closed.
-- The CHECKs are the database's half of "nothing is oversold": a bug that would drive stock below
-- zero fails its transaction instead of committing.
CREATE TABLE products (
  sku         TEXT        PRIMARY KEY,
  name        TEXT        NOT NULL,
  price_cents INTEGER     NOT NULL CHECK (price_cents >= 0),
  currency    TEXT        NOT NULL,
  available   INTEGER     NOT NULL CHECK (available >= 0),
  reserved    INTEGER     NOT NULL CHECK (reserved >= 0),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE reservations (
  order_id    UUID        PRIMARY KEY,
  status      TEXT        NOT NULL CHECK (status IN ('LIVE', 'RELEASED', 'SOLD', 'REJECTED', 'CLOSED')),
  lines       JSONB       NOT NULL,
  total_cents INTEGER,
  currency    TEXT,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The demo catalog, seeded on first start (see the README's quick start).
INSERT INTO products (sku, name, price_cents, currency, available, reserved) VALUES
  ('CAP-BLUE',     'Blue cap',                 1800, 'EUR',   1000, 0),
  ('HOODIE-L',     'Hoodie, size L',           4500, 'EUR',   1000, 0),
  ('MUG-CLASSIC',  'Classic mug',              1200, 'EUR',   1000, 0),
  ('NOTEBOOK-A5',  'A5 notebook',               900, 'EUR',   1000, 0),
  ('POSTER-A2',    'A2 poster',                1400, 'EUR',   1000, 0),
  ('SOCKS-42',     'Socks, size 42',            800, 'EUR',   1000, 0),
  ('STICKER-PACK', 'Sticker pack',              300, 'EUR', 100000, 0),
  ('TSHIRT-M',     'T-shirt, size M',          1500, 'EUR',   1000, 0);
