import { useCallback, useEffect, useState } from 'react';
import { invokeResolver } from './invokeResolver';

export type ResolverState<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; message: string };

/** Calls a resolver when the component mounts and exposes loading, ready and error states plus a retry. */
export function useResolver<T>(functionKey: string, payload?: Record<string, unknown>) {
  const [state, setState] = useState<ResolverState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const payloadJson = JSON.stringify(payload ?? null);

  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    const body = JSON.parse(payloadJson) as Record<string, unknown> | null;
    invokeResolver<T>(functionKey, body ?? undefined).then(
      (data) => current && setState({ status: 'ready', data }),
      (err: unknown) => current && setState({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      current = false;
    };
  }, [functionKey, payloadJson, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
