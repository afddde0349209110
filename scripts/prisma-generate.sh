#!/usr/bin/env bash
# Generates a service's Prisma client (run from the service folder by its `prisma-generate` target).
#
# Prisma 7's client needs no native engine (query compiler in WASM, @prisma/adapter-pg), but the
# CLI still resolves the native schema engine at start-up, and that binary is downloaded from
# outside the package registries. Generation never runs it, so we point the CLI at a stand-in that
# explains itself if anything ever does call it. Migrations are applied by our own runner
# (libs/platform/src/migrations), recorded the way `prisma migrate deploy` records them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$here/lib/no-schema-engine.sh}"
export PRISMA_HIDE_UPDATE_MESSAGE=1
exec npx prisma generate
