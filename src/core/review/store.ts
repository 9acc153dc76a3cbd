import type { Clock, KeyValueStore, StoredEntry } from '../ports';
import { listByPrefix } from '../store/list-by-prefix';
import { ReviewError } from './errors';
import { isProposalId, proposalKeys } from './keys';
import { summaryOf, targetKeys, type HistoryEntry, type Proposal, type ProposalState, type ProposalSummary } from './types';

/** A change made to a freshly read proposal; returning false leaves it unwritten. */
export type ProposalChange = (proposal: Proposal) => void | false;

export interface ListOptions {
  states?: readonly ProposalState[];
  /** Most summaries to return (default 200). */
  limit?: number;
}

interface LockValue {
  by: string;
  /** Epoch milliseconds after which the lock is free; 0 once released. */
  until: number;
}

/** An apply or decline in progress longer than this belongs to an invocation that died (resolvers run ≤ 25 s). */
const LOCK_MS = 60_000;
const MAX_LIST = 1000;
const MAX_WRITE_ATTEMPTS = 5;

/**
 * Proposals in KVS (layout in keys.ts). Lists per page and per space read only that page's or space's summaries,
 * newest first. Writes are optimistic: each revision is claimed with create-if-absent before the record and its
 * two summaries are written together, so two reviewers acting at once never both win.
 *
 * Example:
 *   const store = new ProposalStore(kvs, clock);
 *   await store.create(proposal);                      // supersedes older pending proposals on the same nodes
 *   const pending = await store.listPage('123', { states: ['pending'] });
 */
export class ProposalStore {
  /** The lock epochs this store holds, by proposal id. */
  private readonly held = new Map<string, string>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<Proposal | undefined> {
    if (!isProposalId(id)) return undefined;
    return this.store.get<Proposal>(proposalKeys.record(id));
  }

  async require(id: string): Promise<Proposal> {
    const proposal = await this.get(id);
    if (!proposal) throw new ReviewError('not_found', 'That proposal does not exist.');
    return proposal;
  }

  /**
   * Stores a new proposal and marks `superseded` every older pending proposal of the page that touches one of
   * the same nodes (the newer one says what the page should now say). Returns the ids it superseded.
   */
  async create(proposal: Proposal): Promise<string[]> {
    await this.writeAll(proposal);
    const touched = new Set(proposal.operations.flatMap(targetKeys));
    const superseded: string[] = [];
    for (const summary of await this.listPage(proposal.pageId, { states: ['pending'] })) {
      if (summary.id === proposal.id) continue;
      const older = await this.get(summary.id);
      if (!older || older.createdAt > proposal.createdAt) continue;
      if (!older.operations.flatMap(targetKeys).some((key) => touched.has(key))) continue;
      const changed = await this.change(older.id, (record) => {
        if (record.state !== 'pending') return false;
        record.state = 'superseded';
        record.supersededBy = proposal.id;
        record.stateReason = 'A newer proposal changes the same part of the page.';
        record.history.push({ at: this.clock.now(), byName: 'Librarian', action: 'superseded', note: `by ${proposal.id}` });
      });
      if (changed.state === 'superseded' && changed.supersededBy === proposal.id) superseded.push(older.id);
    }
    return superseded;
  }

  /** Applies `change` to the freshly read record and writes it as the next revision; retries if another writer won. */
  async change(id: string, change: ProposalChange): Promise<Proposal> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const current = await this.require(id);
      const next: Proposal = structuredClone(current);
      if (change(next) === false) return current;
      next.revision = current.revision + 1;
      next.updatedAt = this.clock.now();
      const claimed = await this.store.setIfAbsent(proposalKeys.revision(id, next.revision), { at: next.updatedAt });
      if (!claimed) continue;
      await this.writeAll(next);
      return next;
    }
    throw new ReviewError('busy', 'Others are changing this proposal right now. Try again in a moment.');
  }

  /** Records what happened, as one history entry and a new state. */
  async transition(id: string, from: readonly ProposalState[], to: ProposalState, entry: HistoryEntry, extra: Partial<Proposal> = {}): Promise<Proposal> {
    let refused: ProposalState | undefined;
    const result = await this.change(id, (record) => {
      if (!from.includes(record.state)) {
        refused = record.state;
        return false;
      }
      Object.assign(record, extra);
      record.state = to;
      record.history.push(entry);
    });
    if (refused) throw new ReviewError('conflict', `This proposal is already ${refused}.`);
    return result;
  }

  /** One page's proposals, newest first. */
  listPage(pageId: string, options: ListOptions = {}): Promise<ProposalSummary[]> {
    return this.listPrefix(proposalKeys.pagePrefix(pageId), options);
  }

  /** One space's proposals (its Review queue), newest first. */
  listSpace(spaceKey: string, options: ListOptions = {}): Promise<ProposalSummary[]> {
    return this.listPrefix(proposalKeys.spacePrefix(spaceKey), options);
  }

  async getMany(ids: readonly string[]): Promise<Proposal[]> {
    const found = await this.store.getMany<Proposal>(ids.filter(isProposalId).map(proposalKeys.record));
    return ids.map((id) => found.get(proposalKeys.record(id))).filter((p): p is Proposal => p !== undefined);
  }

  /**
   * Takes the apply/decline lock of a proposal: false if someone else holds it. KVS has no compare-and-set, only
   * create-if-absent, so the lock is a chain of epoch keys (as the index's merge lease is): whoever creates epoch
   * n+1 after epoch n was released or went stale (its holder died; LOCK_MS) holds it, and two takers of the same
   * stale lock race for the same new key, so exactly one wins. Deleting and re-creating one key instead would let
   * a second taker delete the first one's fresh lock. The latest epoch is read directly: listing is eventually
   * consistent, and a taker that listed late only aims at a key that exists and loses.
   */
  async lock(id: string, by: string): Promise<boolean> {
    const prefix = proposalKeys.lockPrefix(id);
    const now = this.clock.now();
    const epochs: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.list<LockValue>(prefix, { limit: 100, cursor });
      epochs.push(...page.entries.map((e) => e.key));
      cursor = page.cursor;
    } while (cursor);
    const latest = epochs[epochs.length - 1];
    let epoch = 0;
    if (latest) {
      const held = await this.store.get<LockValue>(latest);
      if (held && held.until > now) return false;
      epoch = Number(latest.slice(prefix.length)) + 1;
    }
    const key = proposalKeys.lock(id, epoch);
    if (!(await this.store.setIfAbsent<LockValue>(key, { by, until: now + LOCK_MS }))) return false;
    this.held.set(id, key);
    // Older epochs are only history: the one before the new key stays, so a late lister still aims past it.
    const old = epochs.slice(0, -1);
    if (old.length) await this.store.deleteMany(old).catch(() => undefined);
    return true;
  }

  /** Releases the lock this store took for `id` by expiring its epoch (never deleting it: see lock). */
  async unlock(id: string): Promise<void> {
    const key = this.held.get(id);
    if (!key) return;
    this.held.delete(id);
    await this.store.set<LockValue>(key, { by: '', until: 0 });
  }

  private async listPrefix(prefix: string, options: ListOptions): Promise<ProposalSummary[]> {
    const limit = Math.min(options.limit ?? 200, MAX_LIST);
    const { states } = options;
    const keep = states ? ({ value }: StoredEntry<ProposalSummary>) => states.includes(value.state) : undefined;
    const { entries } = await listByPrefix<ProposalSummary>(this.store, prefix, { max: limit, ...(keep ? { keep } : {}) });
    return entries.slice(0, limit).map(({ value }) => value);
  }

  private async writeAll(proposal: Proposal): Promise<void> {
    const summary = summaryOf(proposal);
    await this.store.transact([
      { op: 'set', key: proposalKeys.record(proposal.id), value: proposal },
      { op: 'set', key: proposalKeys.page(proposal.pageId, proposal.createdAt, proposal.id), value: summary },
      { op: 'set', key: proposalKeys.space(proposal.spaceKey, proposal.createdAt, proposal.id), value: summary },
    ]);
  }
}
