#!/usr/bin/env bash
# Installs, from Debian's packages, only the prerequisites this machine is missing.
set -euo pipefail

missing=()
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v curl >/dev/null || missing+=(curl)
[[ -x /usr/lib/postgresql/15/bin/postgres ]] || command -v postgres >/dev/null || missing+=(postgresql)
# The console's browser tests (e2e/test/console-ui.e2e-spec.ts) drive Debian's Chromium headless.
[[ -x /usr/bin/chromium ]] || missing+=(chromium)

if ((${#missing[@]} > 0)); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "prerequisites present: java, mvn, curl, postgres, chromium (Jaeger also wants Go >= 1.24, not from apt)"
fi
