import { useEffect, useState } from 'react';
import type { SagaTimeline } from '../../../src/api/console-api.js';
import { ApiError, api } from './client.js';
import { followSaga } from './saga-stream.js';

const pollMs = 2_000;

export interface LiveTimeline {
  timeline: SagaTimeline | null;
  /** The console has seen no event of the order (yet). */
  waiting: boolean;
  /** How updates arrive: the event stream, or polling once the stream failed. */
  mode: 'stream' | 'polling';
  error: string | null;
}

/** An order's timeline, live: the server-sent events stream, or polling every 2 s if it fails. */
export function useSagaTimeline(orderId: string, token: string | null): LiveTimeline {
  const [state, setState] = useState<LiveTimeline>({
    timeline: null,
    waiting: false,
    mode: 'stream',
    error: null,
  });

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const show = (timeline: SagaTimeline) =>
      setState((previous) => ({ ...previous, timeline, waiting: false, error: null }));
    const poll = async () => {
      try {
        show(await api.saga(token, orderId, controller.signal));
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 404)
          setState((previous) => ({ ...previous, waiting: true }));
        else setState((previous) => ({ ...previous, error: (error as Error).message }));
      }
      if (!controller.signal.aborted) timer = window.setTimeout(() => void poll(), pollMs);
    };
    setState({ timeline: null, waiting: false, mode: 'stream', error: null });
    followSaga(
      orderId,
      token,
      { onTimeline: show, onWaiting: () => setState((previous) => ({ ...previous, waiting: true })) },
      controller.signal,
    )
      .catch(() => undefined)
      .finally(() => {
        if (controller.signal.aborted) return;
        setState((previous) => ({ ...previous, mode: 'polling' }));
        void poll();
      });
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [orderId, token]);

  return state;
}
