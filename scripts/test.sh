#!/usr/bin/env bash
# npm test: unit, integration and end-to-end tests against the real PostgreSQL and Kafka.
# Brings up whatever local infrastructure is not running yet, and stops again only what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
# The pinned Node.js LTS first on PATH (installed from the npm registry if the machine has another).
source scripts/lib/node-toolchain.sh >/dev/null
source scripts/lib/local-infra-for-run.sh

npx nx run-many -t build --output-style=static
# Project suites (unit specs and integration tests) may run side by side; the end-to-end suite
# restarts the broker and launches every service, so it runs alone, last.
npx nx run-many -t test --exclude=@saga-shop/e2e --output-style=static
npx nx run @saga-shop/e2e:test --output-style=static
# The saga once more on the second broker adapter (@platformatic/kafka): the outcomes suite
# proves that every saga path works on it, beside the contract suite in libs/messaging.
(cd e2e && KAFKA_CLIENT=platformatic node --experimental-vm-modules ../node_modules/jest/bin/jest.js \
  --runInBand test/saga-outcomes.e2e-spec.ts)
