import { view } from '@forge/bridge';
import { useCallback, useEffect, useState } from 'react';
import type { AskApi } from '../../../src/contract';
import { invokeResolver } from '../../shared';
import { readAskMacroConfig, type AskMacroConfig } from '../../shared/askMacroConfig';
import { isRefused } from '../../shared/resolverResult';

export type MacroContext = Exclude<AskApi['getMacroContext']['result'], { error: unknown }>;

export type ConfigState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; context: MacroContext; saved: AskMacroConfig | undefined };

/**
 * Loads what the settings form needs: the Libraries the editor may choose from (`getMacroContext`, on the
 * server) and the config already saved on this macro (`extension.config` of the bridge context).
 */
export function useConfigContext(): { state: ConfigState; retry: () => void } {
  const [state, setState] = useState<ConfigState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    const load = async (): Promise<ConfigState> => {
      try {
        const [context, bridge] = await Promise.all([
          invokeResolver<AskApi['getMacroContext']['result']>('getMacroContext'),
          view.getContext().catch(() => undefined),
        ]);
        if (isRefused(context)) return { status: 'error', message: context.error.message };
        return { status: 'ready', context, saved: readAskMacroConfig(bridge?.extension?.config) };
      } catch (err) {
        return { status: 'error', message: err instanceof Error && err.message ? err.message : 'Librarian could not be reached.' };
      }
    };
    void load().then((next) => current && setState(next));
    return () => {
      current = false;
    };
  }, [attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
