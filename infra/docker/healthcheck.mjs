// The image's HEALTHCHECK (and docker-compose.yml's): GET /health/live on this container's port,
// with Node's own fetch because the slim base image has no curl or wget. Liveness, not readiness:
// a service waiting for Kafka or PostgreSQL is not broken, and restarting it would not help.
// The working directory is services/<name>, so the service's catalog port is the fallback when
// PORT is not set.
import path from 'node:path';

async function servicePort() {
  if (process.env.PORT) return process.env.PORT;
  const { serviceCatalog } = await import('@saga-shop/config');
  const entry = serviceCatalog[path.basename(process.cwd())];
  if (!entry) throw new Error(`no service named ${path.basename(process.cwd())} in the catalog`);
  return entry.port;
}

try {
  const response = await fetch(`http://127.0.0.1:${await servicePort()}/health/live`, {
    signal: AbortSignal.timeout(2_000),
  });
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`health check failed: ${error.message}`);
  process.exit(1);
}
