# shellcheck shell=bash
# The local token issuer: a signing key generated once into $SAGA_DATA_DIR/auth (kept across
# down/up, deleted by reset), whose public JWKS the services read (AUTH_JWKS_URL's default).
# Not a process: `npm run token -- customer c-42` signs with the key whenever asked.

ISSUER_DIR="$SAGA_DATA_DIR/auth"

issuer_keys() {
  [[ -f "$ISSUER_DIR/jwks.json" ]] && return 0
  require_cmd node nodejs
  [[ -d "$REPO_ROOT/node_modules/tsx" ]] || die "issuer: no signing key yet and tsx is missing; run 'npm ci' in $REPO_ROOT first"
  info "issuer: generating the local token signing key in $ISSUER_DIR (once)"
  (cd "$REPO_ROOT" && SAGA_AUTH_DIR="$ISSUER_DIR" node --conditions=saga-shop-source --import tsx scripts/token.ts init >/dev/null) ||
    die "issuer: scripts/token.ts init failed"
}
