/**
 * How many questions a person may ask, so that one person cannot spend the installation's storage read quota
 * (Forge KVS counts read units per minute per installation, shared by every question and by indexing) and leave
 * everyone else, and the index, waiting.
 *
 * Two token buckets, kept in the key-value store because Forge functions keep nothing between invocations (a warm
 * container's memory is neither shared between containers nor kept): one per account (anonymous visitors of a
 * public Library share one), checked first, and one for the installation's questions together, which keeps Ask
 * to about half of the minute's read quota so indexing keeps the rest. A bucket of capacity B refilled every T ms
 * is stored as slots: time is cut into slots of T ms, each slot holds at most one question, and a question may
 * take any free slot among the last B (the oldest first). Taking one is a create-if-absent write (`setIfAbsent`), so two questions
 * racing for a slot never both get it (the loser tries the next free one), which a read-then-write counter would
 * allow. Cost per question: one list and one write per bucket; a refused question costs one list.
 *
 * @example
 *   const budget = new AskBudget(store, clock);
 *   await budget.take(accountId);   // throws AskTooFastError { retryAfterSeconds } when over budget
 */
import type { Clock, KeyValueStore } from '../ports';
import { takeSlot, type BucketShape } from '../store/slot-bucket';
import { AppError } from '../errors';

export type { BucketShape };

/** A person, with their agents: 20 questions at once, then one every 6 s (10 a minute sustained; a burst reads a few hundred units). */
export const PER_ACCOUNT: BucketShape = { capacity: 20, refillMs: 6_000 };

/**
 * Every question of the installation, from the Ask macro, Rovo and agent tokens alike: 40 at once, then one every
 * 1.5 s (40 a minute). A question reads ~18 units at 10,000 pages (`ask_read_units`, README "What a question costs
 * (Ask)") and ~30 at 100,000 (`ask_read_units_100k`: common words have longer postings, and the ranking's block
 * budget bounds them), so 40 a minute spend at most ~1,200 of Forge's 4,000 read units a minute and leave indexing
 * the rest.
 */
export const INSTALLATION: BucketShape = { capacity: 40, refillMs: 1_500 };

/** A question over its budget: who it concerns, and when to try again. */
export class AskTooFastError extends AppError {
  constructor(
    readonly scope: 'account' | 'installation',
    retryAfterSeconds: number,
  ) {
    super(
      'quota',
      scope === 'account'
        ? `You are asking too fast. Try again in ${retryAfterSeconds} s.`
        : `Librarian is answering many questions right now. Try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
    this.name = 'AskTooFastError';
  }
}

const PREFIX = 'askb:';

export class AskBudget {
  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
    private readonly shapes: { account: BucketShape; installation: BucketShape } = { account: PER_ACCOUNT, installation: INSTALLATION },
  ) {}

  /** Spends one question of the asker's budget and one of the installation's; throws AskTooFastError when either is spent. */
  async take(accountId: string | null | undefined): Promise<void> {
    const now = this.clock.now();
    const mine = `${PREFIX}u.${accountKey(accountId)}:`;
    const slot = await this.claim(mine, this.shapes.account, now, 0);
    if (typeof slot === 'number') throw new AskTooFastError('account', slot);
    const shared = await this.claim(`${PREFIX}all:`, this.shapes.installation, now, spread(mine));
    if (typeof shared === 'number') {
      // Not the asker's fault: give their slot back so a busy installation does not also spend their budget.
      await this.store.delete(slot.key).catch(() => undefined);
      throw new AskTooFastError('installation', shared);
    }
  }

  /** Takes a free slot of a bucket (src/core/store/slot-bucket.ts): its key, or the seconds until one frees. */
  private claim(prefix: string, shape: BucketShape, now: number, start: number): Promise<{ key: string } | number> {
    return takeSlot(this.store, prefix, shape, now, start);
  }
}

/** A small number that differs between askers (FNV-1a of their key). */
function spread(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h % 997;
}

/** An account id as a key part without `:` (the slot separator); ids with any other character are hex-encoded. */
function accountKey(accountId: string | null | undefined): string {
  if (!accountId) return 'anonymous';
  return /^[a-zA-Z0-9._-]{1,128}$/.test(accountId) ? `a${accountId}` : `x${Buffer.from(accountId.slice(0, 128), 'utf8').toString('hex')}`;
}
