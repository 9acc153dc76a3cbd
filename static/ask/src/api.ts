import type { Answer, AskApi, UiStatus } from '../../../src/contract';
import { invokeResolver } from '../../shared';
import { isRefused } from '../../shared/resolverResult';

/**
 * The Ask macro's calls to `askResolver`, typed by the shared contract. A refusal (`{ error }`) and a failed call
 * both come back as `{ error: message }`, so the components handle one error shape.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export type MacroContext = Exclude<AskApi['getMacroContext']['result'], { error: unknown }>;
export type { Answer, UiStatus };

async function call<T>(functionKey: keyof AskApi, payload?: Record<string, unknown>): Promise<Outcome<T>> {
  try {
    const value = await invokeResolver<unknown>(functionKey, payload);
    if (isRefused(value)) return { ok: false, message: value.error.message };
    return { ok: true, value: value as T };
  } catch (err) {
    return { ok: false, message: err instanceof Error && err.message ? err.message : 'Librarian could not be reached.' };
  }
}

export const askApi = {
  getStatus: () => call<UiStatus>('getStatus'),
  getMacroContext: () => call<MacroContext>('getMacroContext'),
  ask: (question: string) => call<Answer>('ask', { question }),
};
