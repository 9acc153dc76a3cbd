/**
 * The sandbox's UI host against hostile requests: `/login?next=` never redirects off-site (tab, CR and LF
 * included), a malformed cookie is ignored rather than a 500, and every page carries CSP, X-Frame-Options and
 * nosniff headers.
 */
import { startFaultSandbox, type FaultSandbox } from '../support/fault-sandbox';

let fx: FaultSandbox;
beforeAll(async () => {
  fx = await startFaultSandbox({ settle: false });
}, 60_000);
afterAll(() => fx?.close());

const login = (next: string) => fetch(`${fx.sb.urls.app}/login?user=${encodeURIComponent(fx.admin.email)}&next=${encodeURIComponent(next)}`, { redirect: 'manual' });

test.each(['/\t/evil.example', '/\r\n/evil.example', '/\n/evil.example', '/\r/evil.example', '//evil.example', '/\\evil.example', 'https://evil.example'])(
  'login with next=%j stays on the site',
  async (next) => {
    const res = await login(next);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
  },
);

test('a same-site next is kept', async () => {
  const res = await login('/space/ENG?x=1');
  expect(res.headers.get('location')).toBe('/space/ENG?x=1');
});

test('a malformed cookie is ignored, not a 500', async () => {
  for (const path of ['/', '/space/ENG']) {
    const res = await fetch(`${fx.sb.urls.app}${path}`, { headers: { cookie: 'librarian_session=%E0%A4%A; theme=%' }, redirect: 'manual' });
    expect(res.status).toBeLessThan(500);
  }
});

test('UI pages carry CSP, X-Frame-Options and nosniff', async () => {
  for (const path of ['/', '/login?user=nobody@example.com']) {
    const res = await fetch(`${fx.sb.urls.app}${path}`, { redirect: 'manual' });
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  }
});
