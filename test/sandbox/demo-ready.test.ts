/** `npm start` says when the demo Library is indexed and ready to ask: once, after every space is indexed. */
import { SteppedClock } from '../../sandbox/clock';
import { librariesReadyLine, watchLibrariesReady } from '../../sandbox/demo-ready';
import type { ForgeHost } from '../../sandbox/forge';
import { startSandbox, type Sandbox } from '../../sandbox/start';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ clock: new SteppedClock('2026-03-01T09:00:00Z'), quiet: true, dataDir: ':memory:' });
});
afterAll(async () => {
  await sb?.close();
});

it('prints one ready line once the demo Library is indexed, and nothing before', async () => {
  const admin = sb.seed.users.find((u) => u.siteAdmin)!;
  const lines: string[] = [];
  const watch = watchLibrariesReady(sb.host, admin.accountId, (line) => lines.push(line), { appUrl: sb.urls.app, intervalMs: 50 });
  try {
    await sb.host.drain({ advanceClock: true, timeoutMs: 60_000 });
    await watch.done;
  } finally {
    watch.stop();
  }
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^ready: "Acme Engineering Library" indexed \\([\\d,]+ pages\\); ask it on any page with the Ask macro: ${sb.urls.app.replace(/[.]/g, '\\.')}/$`));
}, 90_000);

it('says nothing while a space is still syncing, or before there is a Library or a space', async () => {
  // The settings resolver's answer, as the admin page reads it; the host's queues run on their own, so the states
  // before "ready" are given here rather than caught in flight.
  const answering = (listed: unknown) => ({ invokeResolver: async () => listed }) as unknown as ForgeHost;
  const library = (phases: string[]) => ({ library: { name: 'Docs' }, status: { spaces: phases.map((phase) => ({ phase, pagesIndexed: 3 })) } });
  expect(await librariesReadyLine(answering({ libraries: [] }), 'a', 'http://x')).toBeUndefined();
  expect(await librariesReadyLine(answering({ libraries: [library([])] }), 'a', 'http://x')).toBeUndefined();
  expect(await librariesReadyLine(answering({ libraries: [library(['ready', 'crawling'])] }), 'a', 'http://x')).toBeUndefined();
  expect(await librariesReadyLine(answering({ libraries: [library(['ready', 'ready'])] }), 'a', 'http://x')).toBe('ready: "Docs" indexed (6 pages); ask it on any page with the Ask macro: http://x/');
});
