/** `npm start` says when the demo Library is indexed and ready to ask: once, after every space is indexed. */
import { SteppedClock } from '../../sandbox/clock';
import { librariesReadyLine, watchLibrariesReady } from '../../sandbox/demo-ready';
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
  // The bootstrap only selected the spaces: nothing is indexed until the queues run.
  expect(await librariesReadyLine(sb.host, admin.accountId, sb.urls.app)).toBeUndefined();
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
