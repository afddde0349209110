import type { SagaTimeline } from '../../../src/api/console-api.js';

export interface SagaStreamHandlers {
  onTimeline(timeline: SagaTimeline): void;
  /** The console has seen no event of the order yet. */
  onWaiting(): void;
}

/**
 * Follows GET /api/sagas/{id}/stream until it ends or the signal aborts. Read with fetch rather
 * than EventSource, which cannot send the Authorization header. Throws when the stream fails.
 */
export async function followSaga(
  orderId: string,
  token: string | null,
  handlers: SagaStreamHandlers,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(`/api/sagas/${encodeURIComponent(orderId)}/stream`, {
    headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    signal,
  });
  if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, end), handlers);
      buffer = buffer.slice(end + 2);
    }
  }
}

/** One server-sent event: `event:` and `data:` lines; comment lines (keep-alives) start with ':'. */
function dispatch(block: string, handlers: SagaStreamHandlers): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (event === 'timeline' && data.length > 0)
    handlers.onTimeline(JSON.parse(data.join('\n')) as SagaTimeline);
  else if (event === 'waiting') handlers.onWaiting();
}
