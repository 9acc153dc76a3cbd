import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from './api';

/** The current time, refreshed every `everyMs`, so relative times ("2 minutes ago") stay true. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * Runs `poll` every `intervalMs` while `active`, one round at a time (a slow resolver never stacks calls), and
 * not while the page is hidden.
 * The latest `poll` is used each round, so it may close over fresh state.
 */
export function usePolling(active: boolean, intervalMs: number, poll: () => Promise<void>): void {
  const latest = useRef(poll);
  latest.current = poll;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const round = () => {
      timer = setTimeout(() => {
        // A hidden tab skips its rounds: nobody is watching, and every round is a resolver invocation.
        if (document.visibilityState === 'hidden') return round();
        latest.current().finally(() => {
          if (!stopped) round();
        });
      }, intervalMs);
    };
    round();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, intervalMs]);
}

/**
 * State for one button's or form's resolver call: busy while it runs, and the error message to show when it
 * failed. `run` resolves to the call's value, or undefined when it failed.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await work();
    } catch (err) {
      if (mounted.current) setError(errorMessage(err));
      return undefined;
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { run, busy, error, clearError };
}
