# One image recipe for all four services and the console, chosen with
# --build-arg SERVICE=order|inventory|payment|fulfilment|console.
# One file rather than four: the services share the workspace, its lockfile, the libraries and the
# way they start, so the steps would be identical copies that drift apart; only the service differs.
#   docker build --build-arg SERVICE=order -t saga-shop/order .
# docker-compose.yml builds all five this way; the layers before the service's own build are shared.

# Node 26 LTS (Active LTS since October 2026), exact patch, the version of .nvmrc: the same
# interpreter on every build, in CI and natively. Bookworm (glibc) because the
# build runs Nx's and Prisma's prebuilt native binaries, published for glibc.
ARG NODE_IMAGE=node:26.12.1-bookworm-slim

# Only the lockfile, the package.json of the root and every workspace, and the dependency patches
# (patches/, applied by the root postinstall), so the `npm ci` layers below are rebuilt when
# dependencies change, not on every source edit.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests && cp -r package.json package-lock.json patches /manifests/ \
 && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /manifests/ \;

# Production dependencies only: what the runtime image ships. npm links the workspaces as
# node_modules/@saga-shop/* -> ../../libs/*, which resolve to each library's dist/ at run time.
FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY --from=manifests /manifests ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# Everything, then the service and the libraries it uses, built by Nx (build depends on ^build and
# prisma-generate, see nx.json), then collected into /out.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /manifests ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
ARG SERVICE
RUN test -f "services/${SERVICE}/package.json" \
 || { echo "build with --build-arg SERVICE=order|inventory|payment|fulfilment|console (got '${SERVICE}')" >&2; exit 1; }
ENV NX_DAEMON=false NX_NO_CLOUD=true
RUN npx nx run "@saga-shop/${SERVICE}:build" --output-style=static \
 && node infra/docker/collect-runtime.mjs "${SERVICE}" /out

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
WORKDIR /app
# Owned by root and read-only to the service's user: the process cannot rewrite its own code.
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /out ./
COPY infra/docker/healthcheck.mjs infra/docker/
# The topic and token scripts run from this image as compose's one-shots create-topics and token
# (they need only libraries every service ships); Node 26 strips their types itself.
COPY scripts/create-topics.ts scripts/token.ts scripts/
# Where compose's auth-keys volume is mounted: owned by the service's user, so the `token`
# one-shot can write the local issuer's key there (a new named volume copies this ownership).
RUN mkdir -p /var/lib/saga-auth && chown node:node /var/lib/saga-auth
# The service's own folder, so the command below is the same for all five and its migrations
# next to dist/ are found; node_modules resolve from /app/node_modules above.
WORKDIR /app/services/${SERVICE}
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "/app/infra/docker/healthcheck.mjs"]
# Exec form: node is PID 1 and receives SIGTERM itself; the service then drains and exits 0.
# Tracing is loaded before the service, as in production (libs/telemetry/src/register.ts).
CMD ["node", "--import", "@saga-shop/telemetry/register", "dist/main.js"]
