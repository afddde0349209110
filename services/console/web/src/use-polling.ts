import { useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  /** When the last successful load finished. */
  loadedAt: Date | undefined;
  reload(): void;
}

/**
 * Loads now and then every intervalMs (after the previous load settled, so slow answers never
 * pile up). `key` restarts it: pass what the loader depends on. null pauses it.
 */
export function usePolling<T>(
  load: ((signal: AbortSignal) => Promise<T>) | null,
  intervalMs: number,
  key: string,
): Polled<T> {
  const [state, setState] = useState<Omit<Polled<T>, 'reload'>>({
    data: undefined,
    error: undefined,
    loadedAt: undefined,
  });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const enabled = load !== null;

  useEffect(() => {
    setState({ data: undefined, error: undefined, loadedAt: undefined });
  }, [key]);

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const tick = async () => {
      try {
        const load = loadRef.current;
        if (!load) return;
        const data = await load(controller.signal);
        if (!controller.signal.aborted) setState({ data, error: undefined, loadedAt: new Date() });
      } catch (error) {
        if (!controller.signal.aborted) setState((previous) => ({ ...previous, error: error as Error }));
      }
      if (!controller.signal.aborted) timer = window.setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [enabled, intervalMs, key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}
