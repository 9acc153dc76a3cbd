/**
 * The soak: a simulated day on the demo site with a seeded random stream of edits, new pages, moves (within and
 * between spaces), restrictions, archives, trashes, restores and purges, while page events, the five-minute scan
 * and the hourly reconcile run as the clock steps. At the end the index must converge to the oracle, and the
 * stored bytes must not have grown without bound (superseded chunks and inbox entries deleted).
 *
 * ```ts
 * const day = await runSoak({ seed: 7 });   // {problems: [], convergedSeconds, bytes: {...}, actions}
 * ```
 */
import { mulberry32 } from '../../sandbox/confluence/demo/synthetic';
import { startFaultSandbox } from './fault-sandbox';
import { storedBytes } from './index-layout';
import { lostUpdates } from './oracle';

export interface SoakResult {
  problems: string[];
  /** Sandbox seconds from the end of the day to the oracle's match. */
  convergedSeconds: number;
  actions: Record<string, number>;
  /** Pages whose final version is missing from the index after convergence. */
  lostUpdates: number;
  bytes: { afterSync: number; max: number; end: number };
}

const WORDS = ['failover', 'latency', 'rotation', 'quokka', 'ledger', 'canary', 'rollback', 'shard', 'budget', 'pager', 'vault', 'cutover'];

export async function runSoak(options: { seed?: number; hours?: number; stepMinutes?: number; actionsPerStep?: number } = {}): Promise<SoakResult> {
  const random = mulberry32(options.seed ?? 7);
  const hours = options.hours ?? 24;
  const stepMinutes = options.stepMinutes ?? 30;
  const perStep = options.actionsPerStep ?? 3;
  const fx = await startFaultSandbox();
  try {
    const sim = fx.sb.sim.control;
    const as = fx.admin.accountId;
    const spaces = ['ENG', 'SRE', 'KB'];
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
    const sentence = () => Array.from({ length: 6 + Math.floor(random() * 20) }, () => pick(WORDS)).join(' ');
    const actions: Record<string, number> = {};
    const count = (name: string) => (actions[name] = (actions[name] ?? 0) + 1);
    const bytes = { afterSync: storedBytes(fx.sb.host).bytes, max: 0, end: 0 };
    const inSpaces = (status: string) => sim.pages().filter((p) => p.status === status && spaces.includes(p.spaceKey));
    for (let step = 0; step < (hours * 60) / stepMinutes; step += 1) {
      for (let n = 0; n < perStep; n += 1) {
        const roll = random();
        const current = inSpaces('current');
        const page = pick(current);
        // Actions that fail in the simulator (e.g. moving under a descendant) are simply skipped.
        try {
          const act = (name: string, fn: () => unknown) => {
            fn();
            count(name);
          };
          if (roll < 0.4) act('edit', () => sim.updatePage(page.id, { as, body: `<h2>${pick(WORDS)}</h2><p>${sentence()}.</p>` }));
          else if (roll < 0.5) act('create', () => sim.createPage({ as, spaceKey: pick(spaces), title: `Note ${step}-${n} ${pick(WORDS)}`, body: `<p>${sentence()}.</p>` }));
          else if (roll < 0.58) act('move-space', () => sim.movePageToSpace(page.id, { as, spaceKey: pick(spaces.filter((s) => s !== page.spaceKey)) }));
          else if (roll < 0.63) act('move', () => sim.movePage(page.id, { as, parentId: pick(current.filter((p) => p.spaceKey === page.spaceKey && p.id !== page.id)).id }));
          else if (roll < 0.7) {
            const restricted = random() < 0.5 ? [{ type: 'user' as const, accountId: as }] : [];
            act(restricted.length ? 'restrict' : 'unrestrict', () => sim.setRestrictions(page.id, { as, read: restricted }));
          } else if (roll < 0.76) act('archive', () => sim.archivePage(page.id, { as }));
          else if (roll < 0.86) act('trash', () => sim.trashPage(page.id, { as }));
          else if (roll < 0.95) {
            const trashed = inSpaces('trashed');
            if (trashed.length) act('restore', () => sim.restorePage(pick(trashed).id, { as }));
            else count('skipped');
          } else act('purge', () => sim.purgePage(page.id, { as }));
        } catch {
          count('skipped');
        }
      }
      fx.clock.advance(stepMinutes * 60_000);
      await fx.sb.host.drain({ advanceClock: true, timeoutMs: 120_000 });
      bytes.max = Math.max(bytes.max, storedBytes(fx.sb.host).bytes);
    }
    const { problems, seconds } = await fx.converge();
    bytes.end = storedBytes(fx.sb.host).bytes;
    return { problems, convergedSeconds: seconds, actions, bytes, lostUpdates: lostUpdates(fx.sb, fx.libraryId).length };
  } finally {
    await fx.close();
  }
}
