/**
 * The Synthesizer port on Forge LLM (`@forge/llm` `chat()`), the model the manifest's `llm` module
 * (`librarian-llm`, family `claude`) enables. Failures come back as errors whose messages `fallbackReason` in
 * src/core/answer/ask.ts sorts into quota, time and unavailable; nothing of the prompt, the answer or any
 * credential is logged.
 */
import type { ChatMessage, Synthesizer } from '../../core/answer';
import { logLine } from '../log';
import { AppError } from '../../core/errors';
import { forgeDeadline } from './deadline';

/**
 * The one model Librarian asks, from the `claude` family the manifest enables. Haiku 4.5: a short answer over a
 * few passages needs speed within the resolver's 25 s more than depth (Forge LLMs models page lists it ACTIVE).
 */
export const SYNTHESIS_MODEL = 'claude-haiku-4-5-20251001';

/** A Forge variable that lowers the synthesis time budget below the caller's (tests, or a slow site). */
export const TIMEOUT_VARIABLE = 'LIBRARIAN_LLM_TIMEOUT_MS';

/** Kept back from the invocation's remaining time so the extractive answer still gets out when the model is slow. */
const RESERVE_MS = 2_000;

/** Why a model call failed; it is also the error's kind, which `fallbackReason` (src/core/answer/ask.ts) reads. */
export type SynthesisFailure = 'quota' | 'timeout' | 'unavailable';

export class SynthesisError extends AppError {
  constructor(
    readonly failure: SynthesisFailure,
    message: string,
    readonly status?: number,
  ) {
    super(failure, message);
    this.name = 'SynthesisError';
  }
}

type ChatFn = (prompt: { model: string; messages: ChatMessage[]; max_completion_tokens?: number; temperature?: number }) => Promise<unknown>;

export interface ForgeLlmOptions {
  model?: string;
  /** Reads the Forge variable by default; a smaller budget than the caller's wins. */
  timeoutMs?: () => number | undefined;
  /** How long this invocation may still run; Forge's own count by default. */
  remainingMs?: () => number | undefined;
  /** The SDK's chat; loaded on first use by default. */
  chat?: ChatFn;
}

function variableTimeout(): number | undefined {
  const raw = Number(process.env[TIMEOUT_VARIABLE]);
  return Number.isFinite(raw) && raw > 0 ? raw : undefined;
}

function invocationRemaining(): number | undefined {
  return forgeDeadline.remainingMs();
}

async function sdkChat(): Promise<ChatFn> {
  // Loaded on first use, inside an invocation: the SDK reads the Forge runtime when it is first required, and
  // throws outside one (a test or tool that only imports the handlers).
  const { chat } = await import('@forge/llm');
  return chat as unknown as ChatFn;
}

/** The answer text of a chat response: the first choice's content, a string or a list of text parts. */
export function responseText(response: unknown): string {
  const choices = (response as { choices?: unknown } | undefined)?.choices;
  const content = Array.isArray(choices) ? (choices[0] as { message?: { content?: unknown } } | undefined)?.message?.content : undefined;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : '')).join('');
  }
  return '';
}

/**
 * Sorts an SDK error: `ForgeLlmAPIError` carries `status` and `code`; a 429 or a rate/quota code is quota, a 504 or
 * a timeout code is time, anything else (5xx, a refused module, a bad prompt, the network) is unavailable. The
 * SDK's own message is not kept: it may echo the request.
 */
export function classifyLlmError(error: unknown): SynthesisError {
  if (error instanceof SynthesisError) return error;
  const e = (error ?? {}) as { status?: unknown; code?: unknown };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const code = typeof e.code === 'string' ? e.code : '';
  if (status === 429 || /RATE|QUOTA|THROTTL|TOO_MANY/i.test(code)) {
    return new SynthesisError('quota', `Forge LLM is over its quota (HTTP ${status ?? '?'}).`, status);
  }
  if (status === 504 || /TIME_?OUT/i.test(code)) return new SynthesisError('timeout', `Forge LLM timed out (HTTP ${status ?? '?'}).`, status);
  return new SynthesisError('unavailable', status ? `Forge LLM unavailable (HTTP ${status}).` : 'Forge LLM unavailable.', status);
}

/** Answers the Synthesizer port with Forge LLM, within the caller's time budget (and what the invocation has left). */
export class ForgeLlmSynthesizer implements Synthesizer {
  private readonly model: string;

  constructor(private readonly options: ForgeLlmOptions = {}) {
    this.model = options.model ?? SYNTHESIS_MODEL;
  }

  async complete(messages: ChatMessage[], options: { maxTokens: number; timeoutMs: number }): Promise<string> {
    const budgets = [options.timeoutMs, (this.options.timeoutMs ?? variableTimeout)()];
    const remaining = (this.options.remainingMs ?? invocationRemaining)();
    if (remaining !== undefined) budgets.push(remaining - RESERVE_MS);
    const timeoutMs = Math.min(...budgets.filter((n): n is number => typeof n === 'number' && Number.isFinite(n)));
    if (!(timeoutMs > 0)) throw this.failed(new SynthesisError('timeout', 'No time left for Forge LLM: timed out before asking.'));

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SynthesisError('timeout', `Forge LLM timed out after ${timeoutMs} ms.`)), timeoutMs);
    });
    try {
      const chat = this.options.chat ?? (await sdkChat());
      const request = chat({ model: this.model, messages, max_completion_tokens: options.maxTokens, temperature: 0 });
      // The request is not cancelled (the SDK takes no signal); its late answer or error is dropped.
      request.catch(() => undefined);
      return responseText(await Promise.race([request, deadline]));
    } catch (error) {
      throw this.failed(classifyLlmError(error));
    } finally {
      clearTimeout(timer);
    }
  }

  private failed(error: SynthesisError): SynthesisError {
    logLine('llm', `synthesis fell back: ${error.failure}${error.status ? ` (HTTP ${error.status})` : ''}`);
    return error;
  }
}
