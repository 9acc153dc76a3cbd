/**
 * The Forge LLM Synthesizer's own rules, with the SDK's chat passed in: time budgets, error sorting into the words
 * `fallbackReason` reads, response shapes, and no prompt text in the logs.
 */
import { ForgeLlmAPIError, PromptValidationError } from '@forge/llm/out/errors';
import { ForgeLlmSynthesizer, SYNTHESIS_MODEL, SynthesisError, classifyLlmError, responseText } from '../../../src/app/adapters/llm';
import type { ChatMessage } from '../../../src/core/answer';

const messages: ChatMessage[] = [
  { role: 'system', content: 'rules' },
  { role: 'user', content: '<sources>\n[1] Secret page\nThe vault code is 7731.\n</sources>\n\n<question>\nvault?\n</question>' },
];
const reply = (content: unknown) => ({ choices: [{ finish_reason: 'stop', index: 0, message: { role: 'assistant', content } }] });
const apiError = (status: number, code: string) => new ForgeLlmAPIError({ status, code, statusText: '', traceId: null, message: 'echo: The vault code is 7731.' });

let logged: string[];
beforeEach(() => {
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
});
afterEach(() => jest.restoreAllMocks());

it('asks the manifest family model with the caller token budget and reads string or part content', async () => {
  const seen: unknown[] = [];
  const synth = new ForgeLlmSynthesizer({ chat: async (prompt) => (seen.push(prompt), reply([{ type: 'text', text: 'Seven ' }, { type: 'text', text: 'thousand [1].' }])), remainingMs: () => undefined, timeoutMs: () => undefined });
  await expect(synth.complete(messages, { maxTokens: 400, timeoutMs: 1_000 })).resolves.toBe('Seven thousand [1].');
  expect(seen).toEqual([{ model: SYNTHESIS_MODEL, messages, max_completion_tokens: 400, temperature: 0 }]);
  expect(SYNTHESIS_MODEL.startsWith('claude-')).toBe(true);
  expect(responseText(reply('plain'))).toBe('plain');
  expect(responseText({})).toBe('');
});

it('sorts SDK errors into quota, time and unavailable without keeping their text', () => {
  const quota = classifyLlmError(apiError(429, 'RATE_LIMIT_EXCEEDED'));
  expect([quota.failure, quota.status]).toEqual(['quota', 429]);
  expect(quota.message).toMatch(/quota/);
  expect(classifyLlmError(apiError(400, 'QUOTA_EXHAUSTED')).failure).toBe('quota');
  expect(classifyLlmError(apiError(504, 'UNKNOWN_ERROR')).message).toMatch(/timed out/);
  for (const error of [apiError(500, 'GENERATION_FAILED'), new PromptValidationError('bad'), new TypeError('fetch failed'), undefined]) {
    const sorted = classifyLlmError(error);
    expect(sorted.failure).toBe('unavailable');
    // The words fallbackReason matches for other reasons never appear in an "unavailable" message.
    expect(sorted.message).not.toMatch(/quota|rate|429|timeout|timed out|no answer|cited nothing/i);
    expect(sorted.message).not.toContain('7731');
  }
});

it('gives up at the smallest budget: the caller, the Forge variable, or what the invocation has left', async () => {
  let calls = 0;
  const slow = async () => {
    calls += 1;
    await new Promise((resolve) => setTimeout(resolve, 500));
    return reply('late [1]');
  };
  const byVariable = new ForgeLlmSynthesizer({ chat: slow, timeoutMs: () => 20, remainingMs: () => 20_000 });
  await expect(byVariable.complete(messages, { maxTokens: 10, timeoutMs: 15_000 })).rejects.toThrow(/timed out after 20 ms/);

  // Less than the reserve left: the model is not asked at all, so the extractive answer still gets out.
  const noTime = new ForgeLlmSynthesizer({ chat: slow, timeoutMs: () => undefined, remainingMs: () => 1_500 });
  await expect(noTime.complete(messages, { maxTokens: 10, timeoutMs: 15_000 })).rejects.toMatchObject({ failure: 'timeout' });
  expect(calls).toBe(1);
});

it('logs one summary line per failure and never the prompt or the SDK message', async () => {
  const synth = new ForgeLlmSynthesizer({ chat: async () => Promise.reject(apiError(429, 'RATE_LIMIT_EXCEEDED')), timeoutMs: () => undefined, remainingMs: () => undefined });
  const error = await synth.complete(messages, { maxTokens: 10, timeoutMs: 1_000 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SynthesisError);
  expect(logged).toEqual(['[librarian:llm] synthesis fell back: quota (HTTP 429)']);
  expect(logged.join('\n')).not.toMatch(/7731|vault|Secret page/);
});
