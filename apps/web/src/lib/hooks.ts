/** Loading data and running actions, with the errors a user should see. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { App } from 'antd';
import { ApiError } from './api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** Runs `fn` now and whenever `deps` change; the previous request is aborted. */
export function useLoad<T>(fn: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    fnRef
      .current(ctl.signal)
      .then((d) => {
        if (ctl.signal.aborted) return;
        setData(d);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (ctl.signal.aborted) return;
        setError(e instanceof Error ? e : new Error(String(e)));
      })
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false);
      });
    return () => ctl.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/**
 * Wraps an action (a save, a state change): tracks `busy`, shows the server's message on failure
 * and rethrows so a form can also place field errors.
 */
export function useAction() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T>(fn: () => Promise<T>, success?: string): Promise<T> => {
      setBusy(true);
      try {
        const r = await fn();
        if (success) void message.success(success);
        return r;
      } catch (e) {
        if (e instanceof ApiError) void message.error(e.message);
        else void message.error(String((e as Error).message ?? e));
        throw e;
      } finally {
        setBusy(false);
      }
    },
    [message],
  );
  return { busy, run };
}
