#!/usr/bin/env bash
# npm run chaos [-- --seconds 90 --rate 6]: see scripts/chaos/README.md. Brings up whatever local
# infrastructure is not running yet (and stops again only what it started), builds, runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
# The pinned Node.js LTS first on PATH (installed from the npm registry if the machine has another).
source scripts/lib/node-toolchain.sh >/dev/null
source scripts/lib/local-infra-for-run.sh

npx nx run-many -t build --output-style=static
node --conditions=saga-shop-source --import tsx scripts/chaos/src/main.ts "$@"
