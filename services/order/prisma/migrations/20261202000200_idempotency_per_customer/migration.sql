-- An Idempotency-Key belongs to the customer who sent it: two customers who happen to pick the
-- same key get two orders, and one can never replay (and so read) the other's.
ALTER TABLE orders DROP CONSTRAINT orders_idempotency_key_key;
CREATE UNIQUE INDEX orders_customer_id_idempotency_key_key ON orders (customer_id, idempotency_key);
