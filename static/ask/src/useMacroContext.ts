import { useCallback, useEffect, useState } from 'react';
import { askApi, type MacroContext, type UiStatus } from './api';

export type MacroState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; context: MacroContext; ui: UiStatus };

/** Loads who is asking and which Library this macro answers from (both decided on the server), with a retry. */
export function useMacroContext(): { state: MacroState; retry: () => void } {
  const [state, setState] = useState<MacroState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    void Promise.all([askApi.getStatus(), askApi.getMacroContext()]).then(([ui, context]) => {
      if (!current) return;
      if (!ui.ok) setState({ status: 'error', message: ui.message });
      else if (!context.ok) setState({ status: 'error', message: context.message });
      else setState({ status: 'ready', context: context.value, ui: ui.value });
    });
    return () => {
      current = false;
    };
  }, [attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
