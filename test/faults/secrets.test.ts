/**
 * No token or password in any log line, invocation record, error answer or UI page, across runs that fail in
 * every way that produces error text: expired credentials, 429 storms, 5xx, storage refusals.
 */
import { FAULT_CASES, runFaultCase } from '../support/fault-cases';
import { startFaultSandbox } from '../support/fault-sandbox';
import { secretsIn } from '../support/secrets';

const NOISY = ['credentials expire mid-crawl, then the admin reconnects', '5xx burst', 'KVS outage', '429 storm'];

test('the scan finds a secret where one is (base64 included)', () => {
  expect(secretsIn(['Authorization: Basic ' + Buffer.from('admin-token').toString('base64')], ['admin-token'])).toHaveLength(1);
  expect(secretsIn(['nothing here'], ['admin-token'])).toEqual([]);
});

test('fault runs leave no token in logs, invocation records or resolver answers', async () => {
  const texts: string[] = [];
  const secrets: string[] = [];
  for (const c of FAULT_CASES.filter((f) => NOISY.some((n) => f.kind.startsWith(n)))) {
    const result = await runFaultCase(c);
    texts.push(...result.transcript);
    secrets.push(...result.secrets);
  }
  // The runs did produce error text, and used Bearer tokens besides the seed's API tokens.
  expect(texts.join('\n')).toMatch(/401|429|50[234]|RATE_LIMIT|INTERNAL_SERVER_ERROR|unauthorized|reauthorization/i);
  expect(secrets.length).toBeGreaterThan(5);
  expect(secretsIn(texts, secrets)).toEqual([]);
}, 120_000);

test('UI pages and resolver errors shown to users carry no token', async () => {
  const fx = await startFaultSandbox();
  try {
    fx.sb.sim.control.expireCredentials(fx.sb.sim.appAccountId, fx.sb.sim.control.now());
    const texts: string[] = [];
    const app = fx.sb.urls.app;
    const login = await fetch(`${app}/login?user=${encodeURIComponent(fx.admin.email)}`, { redirect: 'manual' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    for (const path of ['/', '/space/ENG', `/page/${fx.sb.sim.control.pages('ENG')[0]!.id}`, '/view/librarian-settings']) {
      const res = await fetch(`${app}${path}`, { headers: { cookie } });
      texts.push(await res.text());
    }
    for (const [fn, payload] of [['listLibraries', {}], ['listSpaceChoices', { libraryId: fx.libraryId }], ['reconnect', { libraryId: fx.libraryId }]] as const) {
      texts.push(JSON.stringify(await fx.call(fx.admin.accountId, 'librarian-settings', fn, payload)));
    }
    texts.push(JSON.stringify(await fx.call(fx.admin.accountId, 'librarian-ask', 'ask', { question: 'How do I fail over Postgres?' })));
    texts.push(...fx.logs, JSON.stringify(fx.sb.host.invocations()));
    expect(texts.join('\n').length).toBeGreaterThan(1000);
    expect(secretsIn(texts, fx.secrets())).toEqual([]);
  } finally {
    await fx.close();
  }
}, 60_000);
