/**
 * The local host's Forge LLM: answers `@forge/llm` the way the platform does, without a model.
 *
 * The SDK calls `__forge_fetch__({type:'llm', model}, 'https://llm/<model>', {method:'POST', body})` for `chat()`
 * (body: `{messages, max_completion_tokens?, temperature?, top_p?, tools?, stream:false}`) and
 * `__forge_fetch__({type:'llm'}, 'https://llm', {method:'GET'})` for `list()`, and reads JSON back:
 * `{choices:[{finish_reason, index, message:{role:'assistant', content}}], usage?}`; a non-2xx answer with a JSON
 * body `{code, message}` becomes `ForgeLlmAPIError` with that code and the HTTP status.
 *
 * - An app whose manifest declares no `llm` module is refused (403, code `LLM_MODULE_NOT_DECLARED`), as is a
 *   model outside the declared families (400, `MODEL_NOT_ENABLED`), a streaming request (400,
 *   `STREAMING_NOT_SUPPORTED`: the stand-in only answers `chat()`) and a request without messages (400).
 *   These codes are the host's own; Forge's exact codes for these cases are not documented.
 * - Unscripted, it answers with the grounded writer (grounded-writer.ts).
 * - `script(...replies)` queues what the next chat requests get, one reply each, in order:
 *   `{text}` answers that text; `{status: 429|500|..., code?, message?}` fails with that status;
 *   `{delayMs}` waits first (real time), then answers (with `text`/`status` if given, else the grounded writer).
 * - `requests()` is every chat request received (model, messages and options), refused ones included, so a
 *   test can assert what the app sent; `reset()` empties the queue and the log.
 */
import type { FetchTarget } from '../runtime-globals';
import { groundedAnswer, messageText } from './grounded-writer';

/** What the next chat request gets; see the module comment. */
export interface ScriptedReply {
  text?: string;
  status?: number;
  code?: string;
  message?: string;
  delayMs?: number;
}

export interface LlmRequestRecord {
  model: string;
  messages: Array<{ role: string; content: string }>;
  maxCompletionTokens?: number;
  temperature?: number;
  /** How the stand-in answered: the HTTP status. */
  status: number;
}

/** Model ids Forge LLMs lists for the `claude` family (developer.atlassian.com, "Forge LLMs models"). */
export const KNOWN_MODELS: Record<string, string[]> = {
  claude: ['claude-haiku-4-5-20251001', 'claude-sonnet-4-20250514'],
};

const MAX_DELAY_MS = 120_000;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function failure(status: number, code: string, message: string): Response {
  return json(status, { code, message }, { 'x-trace-id': 'sandbox-llm' });
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Checks one scripted reply from a test or the control API; throws with a readable reason. */
export function parseScriptedReply(value: unknown): ScriptedReply {
  if (!value || typeof value !== 'object') throw new Error('a reply is an object: {text} | {status, code?} | {delayMs}');
  const v = value as Record<string, unknown>;
  const reply: ScriptedReply = {};
  if (v.text !== undefined) {
    if (typeof v.text !== 'string') throw new Error('text must be a string');
    reply.text = v.text;
  }
  if (v.status !== undefined) {
    if (typeof v.status !== 'number' || !Number.isInteger(v.status) || v.status < 400 || v.status > 599) throw new Error('status must be an HTTP error status (400-599)');
    reply.status = v.status;
  }
  if (v.code !== undefined) reply.code = String(v.code);
  if (v.message !== undefined) reply.message = String(v.message);
  if (v.delayMs !== undefined) {
    if (typeof v.delayMs !== 'number' || !(v.delayMs >= 0) || v.delayMs > MAX_DELAY_MS) throw new Error(`delayMs must be 0-${MAX_DELAY_MS}`);
    reply.delayMs = v.delayMs;
  }
  if (reply.text === undefined && reply.status === undefined && reply.delayMs === undefined) throw new Error('a reply needs text, status or delayMs');
  return reply;
}

const DEFAULT_CODES: Record<number, string> = { 429: 'RATE_LIMIT_EXCEEDED', 500: 'INTERNAL_SERVER_ERROR', 503: 'SERVICE_UNAVAILABLE', 504: 'GATEWAY_TIMEOUT' };

export class LlmStandIn {
  private readonly queue: ScriptedReply[] = [];
  private readonly log: LlmRequestRecord[] = [];
  private readonly families: string[];

  /** `llmModules`: the manifest's `llm` modules; none means the app may not call Forge LLM. */
  constructor(private readonly llmModules: ReadonlyArray<{ key: string; models: string[] }>) {
    this.families = llmModules.flatMap((m) => m.models);
  }

  /** Queues what the next chat requests get, in order. */
  script(...replies: ScriptedReply[]): void {
    this.queue.push(...replies.map(parseScriptedReply));
  }

  /** Scripted replies not used yet. */
  pending(): number {
    return this.queue.length;
  }

  requests(): LlmRequestRecord[] {
    return this.log.map((r) => ({ ...r, messages: r.messages.map((m) => ({ ...m })) }));
  }

  reset(): void {
    this.queue.length = 0;
    this.log.length = 0;
  }

  /** Answers one `__forge_fetch__` call of type `llm`. */
  async handle(target: FetchTarget, path: string, init?: RequestInit): Promise<Response> {
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method === 'GET') {
      if (!this.llmModules.length) return failure(403, 'LLM_MODULE_NOT_DECLARED', 'The app declares no llm module in its manifest.');
      const models = this.families.flatMap((family) => KNOWN_MODELS[family] ?? []).map((model) => ({ model, status: 'active' }));
      return json(200, { models });
    }
    const model = typeof target.model === 'string' ? target.model : decodeURIComponent(path.replace(/^https:\/\/llm\/?/, ''));
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : {};
      body = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    const messages = Array.isArray(body.messages)
      ? (body.messages as Array<Record<string, unknown>>).map((m) => ({ role: String(m?.role ?? ''), content: messageText(m?.content) }))
      : [];
    const record: LlmRequestRecord = {
      model,
      messages,
      ...(typeof body.max_completion_tokens === 'number' ? { maxCompletionTokens: body.max_completion_tokens } : {}),
      ...(typeof body.temperature === 'number' ? { temperature: body.temperature } : {}),
      status: 200,
    };
    this.log.push(record);
    const refuse = (status: number, code: string, message: string) => {
      record.status = status;
      return failure(status, code, message);
    };

    if (!this.llmModules.length) return refuse(403, 'LLM_MODULE_NOT_DECLARED', 'The app declares no llm module in its manifest.');
    if (!this.families.some((family) => model === family || model.startsWith(`${family}-`))) {
      return refuse(400, 'MODEL_NOT_ENABLED', `Model ${model} is not in a family the manifest's llm module enables (${this.families.join(', ')}).`);
    }
    if (body.stream === true) return refuse(400, 'STREAMING_NOT_SUPPORTED', 'The local host answers chat() only, not stream().');
    if (!messages.length) return refuse(400, 'INVALID_REQUEST', 'messages must be a non-empty array.');

    const reply = this.queue.shift();
    if (reply?.delayMs) await new Promise<void>((resolve) => setTimeout(resolve, reply.delayMs).unref());
    if (reply?.status) {
      return refuse(reply.status, reply.code ?? DEFAULT_CODES[reply.status] ?? 'LLM_ERROR', reply.message ?? `The sandbox model answered ${reply.status}, as scripted.`);
    }
    const text = reply?.text ?? groundedAnswer(messages);
    const input = estimateTokens(messages.map((m) => m.content).join('\n'));
    const output = estimateTokens(text);
    return json(200, {
      choices: [{ finish_reason: 'stop', index: 0, message: { role: 'assistant', content: text } }],
      usage: { input_tokens: input, output_tokens: output, total_tokens: input + output },
    });
  }
}
