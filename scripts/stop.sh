#!/usr/bin/env bash
# npm run stop: the services `npm start` launched, then the local infrastructure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh

stop_services
bash infra/local/infra.sh down
