/**
 * The local host's Forge LLM stand-in spoken to by the real `@forge/llm` SDK: the response shape `chat()` and
 * `list()` read, scripted failures as `ForgeLlmAPIError`, the request log, and the refusal of an app whose
 * manifest declares no `llm` module.
 */
import { join } from 'node:path';
import { SteppedClock } from '../../../sandbox/clock';
import { startForgeHost, type ForgeHost } from '../../../sandbox/forge';
import { groundedAnswer } from '../../../sandbox/forge/llm';
import { ForgeLlmSynthesizer } from '../../../src/app/adapters/llm';

const appManifest = join(__dirname, '../../../manifest.yml');
const noLlmManifest = join(__dirname, '../../fixtures/host-app/manifest.yml');
const nowhere = { mode: 'site' as const, siteUrl: 'https://sandbox.invalid', email: 'nobody@example.com', apiToken: 'unused-token' };

const hosts: ForgeHost[] = [];
async function host(manifestPath: string): Promise<ForgeHost> {
  const started = await startForgeHost({ manifestPath, handlers: {}, dataDir: ':memory:', clock: new SteppedClock(), confluence: nowhere, logSink: () => undefined });
  hosts.push(started);
  return started;
}
afterAll(async () => {
  for (const h of hosts) await h.close();
});
afterEach(() => jest.restoreAllMocks());

// Loaded inside an invocation: the SDK reads the Forge runtime when it is first required.
const sdk = () => import('@forge/llm');
const prompt = (question: string) => [
  { role: 'system' as const, content: 'Answer from the sources.' },
  { role: 'user' as const, content: `<sources>\n[1] Runbook › Restart\nRestart the pod first. Then check the logs.\n\n[2] FAQ\nOther text.\n</sources>\n\n<question>\n${question}\n</question>` },
];

it('answers chat() and list() in the shapes the SDK reads, and logs what the app sent', async () => {
  const h = await host(appManifest);
  const { chat, list } = await h.withInvocation(sdk);
  const response = await h.withInvocation(() => chat({ model: 'claude-haiku-4-5-20251001', messages: prompt('How do I restart?'), max_completion_tokens: 50 }));
  expect(response.choices[0]).toEqual({ finish_reason: 'stop', index: 0, message: { role: 'assistant', content: 'Restart the pod first. [1]' } });
  expect(response.usage?.total_tokens).toBeGreaterThan(0);
  expect(h.llm.requests()).toEqual([{ model: 'claude-haiku-4-5-20251001', messages: prompt('How do I restart?'), maxCompletionTokens: 50, status: 200 }]);

  const models = await h.withInvocation(() => list());
  expect(models.models.map((m) => m.model)).toContain('claude-haiku-4-5-20251001');
  await expect(h.withInvocation(() => chat({ model: 'gpt-4o', messages: prompt('x') }))).rejects.toMatchObject({ name: 'ForgeLlmAPIError', status: 400, code: 'MODEL_NOT_ENABLED' });
});

it('plays scripted replies in order: text, an error status with its code, a delay', async () => {
  const h = await host(appManifest);
  const { chat } = await h.withInvocation(sdk);
  h.llm.script({ text: 'Scripted [2].' }, { status: 429 }, { status: 503, code: 'MAINTENANCE' }, { delayMs: 30 });
  const ask = () => h.withInvocation(() => chat({ model: 'claude-haiku-4-5-20251001', messages: prompt('q') }));
  expect((await ask()).choices[0].message.content).toBe('Scripted [2].');
  await expect(ask()).rejects.toMatchObject({ name: 'ForgeLlmAPIError', status: 429, code: 'RATE_LIMIT_EXCEEDED' });
  await expect(ask()).rejects.toMatchObject({ status: 503, code: 'MAINTENANCE' });
  expect((await ask()).choices[0].message.content).toBe('Restart the pod first. [1]');
  expect(h.llm.pending()).toBe(0);
  expect(h.llm.requests().map((r) => r.status)).toEqual([200, 429, 503, 200]);
  expect(() => h.llm.script({ status: 200 })).toThrow(/HTTP error status/);
});

it('refuses an app whose manifest declares no llm module; the Synthesizer reports it unavailable', async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const h = await host(noLlmManifest);
  const { chat } = await h.withInvocation(sdk);
  await expect(h.withInvocation(() => chat({ model: 'claude-haiku-4-5-20251001', messages: prompt('q') }))).rejects.toMatchObject({
    status: 403,
    code: 'LLM_MODULE_NOT_DECLARED',
  });
  await expect(h.withInvocation(() => new ForgeLlmSynthesizer().complete(prompt('q'), { maxTokens: 10, timeoutMs: 5_000 }))).rejects.toMatchObject({
    failure: 'unavailable',
    status: 403,
  });
  expect(h.llm.requests().map((r) => r.status)).toEqual([403, 403]);
});

it('writes NOT_IN_SOURCES when the prompt has no numbered source', () => {
  expect(groundedAnswer([{ role: 'user', content: '<sources>\n</sources>\n<question>\nq\n</question>' }])).toBe('NOT_IN_SOURCES');
  expect(groundedAnswer([{ role: 'user', content: [{ type: 'text', text: '<sources>\n[1] T\nNo end mark here\n</sources>' }] }])).toBe('No end mark here [1]');
});
