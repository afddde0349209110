-- Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d), by psql as
-- the superuser. Mirrors infra/local/lib/postgres.sh: one database and two login roles per service,
-- password = name (local use only): the owner (saga_order), which the one-shot migrate jobs use,
-- and the runtime role (saga_order_app), which the migrations grant DML on their tables and
-- nothing else. Each role can connect to its own database and no other.
-- The scratch database saga_test of infra/local is left out: compose runs the services, not the
-- library integration tests.
--
-- Why one server with four databases rather than four servers: each service still owns its data
-- (its own database and role; no role can reach another's), while one postgres process keeps the
-- stack small enough for a laptop (one memory limit, one volume, one health check).
--
-- The services are listed once; psql's \gexec runs each generated statement (CREATE DATABASE
-- cannot run inside a function or transaction, so a PL/pgSQL loop would not do).
CREATE TEMPORARY TABLE service_database (name text PRIMARY KEY);
INSERT INTO service_database (name)
VALUES ('saga_order'), ('saga_inventory'), ('saga_payment'), ('saga_fulfilment'), ('saga_console');

SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', name, name)
  FROM service_database ORDER BY name \gexec
SELECT format('CREATE DATABASE %I OWNER %I', name, name) FROM service_database ORDER BY name \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', name) FROM service_database ORDER BY name \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', name, name)
  FROM service_database ORDER BY name \gexec
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD %L',
              name || '_app', name || '_app')
  FROM service_database ORDER BY name \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', name, name || '_app')
  FROM service_database ORDER BY name \gexec
