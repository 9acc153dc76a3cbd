import type { Answer, AskApi, UiStatus } from '../../../src/contract';
import { outcomeCaller, type Outcome } from '../../shared/outcome';

export type { Outcome };

export type MacroContext = Exclude<AskApi['getMacroContext']['result'], { error: unknown }>;
export type { Answer, UiStatus };

/**
 * The Ask macro's calls to `askResolver`, typed by the shared contract. A refusal (`{ error }`) and a failed call
 * both come back as `{ ok: false, message }`, so the components handle one error shape.
 */
const call = outcomeCaller<AskApi>();

export const askApi = {
  getStatus: () => call<UiStatus>('getStatus'),
  getMacroContext: () => call<MacroContext>('getMacroContext'),
  ask: (question: string) => call<Answer>('ask', { question }),
};
