/** An answer of one of the services, passed on to the browser as it came. */
export interface UpstreamAnswer {
  status: number;
  contentType: string;
  body: string;
  /** Headers worth passing on (Retry-After, Location, traceresponse). */
  headers: Record<string, string>;
}

const passedOn = ['retry-after', 'location', 'traceresponse', 'www-authenticate'];
const timeoutMs = 10_000;

/**
 * Calls a service with the caller's own Authorization header, so the service decides what the
 * caller may see or do; the console adds no privilege of its own. A service that does not answer
 * is a 503 problem, like any infrastructure failure at the edge.
 */
export async function callService(
  url: string,
  init: { method?: string; authorization?: string; idempotencyKey?: string; body?: unknown } = {},
): Promise<UpstreamAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.authorization) headers['authorization'] = init.authorization;
  if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? 'application/json',
      body: await response.text(),
      headers: Object.fromEntries(
        passedOn.flatMap((name) => {
          const value = response.headers.get(name);
          return value ? [[name, value]] : [];
        }),
      ),
    };
  } catch (error) {
    return {
      status: 503,
      contentType: 'application/problem+json',
      body: JSON.stringify({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: `${new URL(url).host} did not answer: ${(error as Error).message}`,
      }),
      headers: { 'retry-after': '2' },
    };
  }
}
