#!/usr/bin/env bash
# npm start: local infrastructure up, build, then the four services and the console in the background.
# Stop everything with `npm run stop`.
set -euo pipefail
cd "$(dirname "$0")/.."
# The pinned Node.js LTS first on PATH (installed from the npm registry if the machine has another).
source scripts/lib/node-toolchain.sh >/dev/null
source scripts/lib/services.sh

bash infra/local/infra.sh up
npx nx run-many -t build --output-style=static
start_services
cat <<MSG

saga-shop is running:
  console     http://127.0.0.1:3000   (shop, order timelines, traces, operations: start here)
  order       http://127.0.0.1:3001   (POST /orders, GET /orders/{id})
  inventory   http://127.0.0.1:3002   (GET /products)
  payment     http://127.0.0.1:3003
  fulfilment  http://127.0.0.1:3004
  each: /health/ready  /metrics  /docs
  a token     TOKEN=\$(npm run -s token -- customer c-42)   (or: -- staff); then -H "Authorization: Bearer \$TOKEN"
  Jaeger API  http://127.0.0.1:16686/api/services
  logs        ${SERVICE_LOG_DIR}
Stop with: npm run stop
MSG
