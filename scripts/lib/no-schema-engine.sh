#!/usr/bin/env bash
# Stand-in for Prisma's native schema engine, which cannot be downloaded on the build machines.
# See scripts/prisma-generate.sh. Apply migrations with `npm run migrate` instead.
echo "saga-shop: Prisma's schema engine is not installed here; use 'npm run migrate' to apply migrations" >&2
exit 1
