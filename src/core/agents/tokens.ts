import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock, KeyValueStore } from '../ports';
import { listByPrefix } from '../store/list-by-prefix';

/**
 * Agent tokens: what a coding agent outside Atlassian (Claude Code, Cursor, VS Code, the `librarian` CLI) sends
 * to the app's web trigger, which carries no user of its own. A signed-in member mints one for themself, for one
 * Library; it expires, can be revoked at once, and is stored only as a SHA-256 hash: the token itself is shown
 * once, when minted, and never again (not in the UI, the logs or an error).
 *
 * Format: `lbr_<site tag>_<token id>_<secret>`, all lower-case hex. The site tag (8 hex digits of a hash of the
 * installation) lets another installation's token be refused with a clear message; the id finds the record;
 * the 256-bit secret is what the hash proves.
 *
 * ```ts
 * const tokens = new AgentTokens(store, clock, { siteTag: siteTagOf(installContext) });
 * const { token, view } = await tokens.mint('acc-1', { libraryId: 'lib-1', name: 'laptop', days: 30 });
 * const checked = await tokens.verify(token); // { ok: true, record } until revoked or expired
 * ```
 */
export interface AgentTokenRecord {
  id: string;
  ownerAccountId: string;
  libraryId: string;
  name: string;
  /** SHA-256 of the whole token, hex. */
  hash: string;
  createdAt: number;
  expiresAt: number;
  lastUsedAt?: number;
  revokedAt?: number;
}

/** A token as its owner sees it on the tokens page: everything but the hash. */
export type AgentTokenView = Omit<AgentTokenRecord, 'hash'> & { state: 'active' | 'expired' | 'revoked' };

export type TokenRefusal = 'missing' | 'malformed' | 'other-installation' | 'unknown' | 'expired' | 'revoked';

export type TokenCheck = { ok: true; record: AgentTokenRecord } | { ok: false; reason: TokenRefusal };

export class AgentTokenError extends Error {
  constructor(
    readonly code: 'invalid' | 'not_found' | 'limit',
    message: string,
  ) {
    super(message);
    this.name = 'AgentTokenError';
  }
}

export const TOKEN_LIMITS = {
  minDays: 1,
  maxDays: 365,
  defaultDays: 30,
  /** Active tokens one person may hold at once. */
  maxActivePerOwner: 20,
  maxNameChars: 60,
  /** `lastUsedAt` is written at most this often per token: one write a minute, not one per request. */
  lastUsedResolutionMs: 60_000,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const TOKEN_PATTERN = /^lbr_([0-9a-f]{8})_([0-9a-f]{16})_([0-9a-f]{64})$/;
const recordKey = (id: string) => `agent-token:${id}`;
const ownerPrefix = (accountId: string) => `agent-owner:${accountId}:`;

/** The installation's tag inside its tokens: 8 hex digits of SHA-256 of its installation context (or cloud id). */
export function siteTagOf(installation: string): string {
  return sha256(`librarian-site:${installation}`).slice(0, 8);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What a person reads about a refused token; the same words whatever else is wrong with the request. */
export function refusalMessage(reason: TokenRefusal): string {
  switch (reason) {
    case 'missing':
      return 'Send an agent token: Authorization: Bearer lbr_... (mint one on the Librarian agent tokens page).';
    case 'malformed':
      return 'That is not a Librarian agent token (they look like lbr_xxxxxxxx_...).';
    case 'other-installation':
      return 'That agent token belongs to another Librarian installation (another site or environment).';
    case 'unknown':
      return 'That agent token is not known here: it may have been deleted. Mint a new one.';
    case 'expired':
      return 'That agent token has expired. Mint a new one on the Librarian agent tokens page.';
    case 'revoked':
      return 'That agent token was revoked. Mint a new one on the Librarian agent tokens page.';
  }
}

export class AgentTokens {
  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
    private readonly options: { siteTag: string; random?: (bytes: number) => Buffer },
  ) {}

  private random(bytes: number): string {
    return (this.options.random ?? randomBytes)(bytes).toString('hex');
  }

  private view(record: AgentTokenRecord): AgentTokenView {
    const { hash: _hash, ...rest } = record;
    const state = record.revokedAt !== undefined ? 'revoked' : record.expiresAt <= this.clock.now() ? 'expired' : 'active';
    return { ...rest, state };
  }

  /** Mints a token for `ownerAccountId`, scoped to one Library; the token string is returned only here. */
  async mint(ownerAccountId: string, input: { libraryId: string; name?: string; days?: number }): Promise<{ token: string; view: AgentTokenView }> {
    if (!ownerAccountId) throw new AgentTokenError('invalid', 'Sign in to mint an agent token.');
    if (typeof input.libraryId !== 'string' || !input.libraryId) throw new AgentTokenError('invalid', 'Choose the Library the token may query.');
    const days = input.days ?? TOKEN_LIMITS.defaultDays;
    if (!Number.isInteger(days) || days < TOKEN_LIMITS.minDays || days > TOKEN_LIMITS.maxDays) {
      throw new AgentTokenError('invalid', `A token lasts from ${TOKEN_LIMITS.minDays} to ${TOKEN_LIMITS.maxDays} days.`);
    }
    const name = (typeof input.name === 'string' ? input.name : '').replace(/\p{Cc}/gu, ' ').trim() || 'Agent token';
    if (name.length > TOKEN_LIMITS.maxNameChars) throw new AgentTokenError('invalid', `A token's name has at most ${TOKEN_LIMITS.maxNameChars} characters.`);
    const active = (await this.list(ownerAccountId)).filter((token) => token.state === 'active');
    if (active.length >= TOKEN_LIMITS.maxActivePerOwner) {
      throw new AgentTokenError('limit', `You hold ${active.length} active tokens, the most allowed; revoke one first.`);
    }
    const id = this.random(8);
    const token = `lbr_${this.options.siteTag}_${id}_${this.random(32)}`;
    const now = this.clock.now();
    const record: AgentTokenRecord = { id, ownerAccountId, libraryId: input.libraryId, name, hash: sha256(token), createdAt: now, expiresAt: now + days * DAY_MS };
    // The record and the owner's index entry together, or neither.
    await this.store.transact([
      { op: 'checkAbsent', key: recordKey(id) },
      { op: 'set', key: recordKey(id), value: record },
      { op: 'set', key: `${ownerPrefix(ownerAccountId)}${id}`, value: { id } },
    ]);
    return { token, view: this.view(record) };
  }

  /** The tokens `ownerAccountId` holds (active, expired and revoked), newest first. */
  async list(ownerAccountId: string): Promise<AgentTokenView[]> {
    const { entries } = await listByPrefix<{ id: string }>(this.store, ownerPrefix(ownerAccountId), { max: 1000 });
    const ids = entries.map((entry) => entry.value.id);
    const records = await this.store.getMany<AgentTokenRecord>(ids.map(recordKey));
    return [...records.values()]
      .filter((record) => record.ownerAccountId === ownerAccountId)
      .map((record) => this.view(record))
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Revokes one of the owner's tokens; from the next request on it is refused. Revoking twice is harmless. */
  async revoke(ownerAccountId: string, id: string): Promise<AgentTokenView> {
    const record = typeof id === 'string' && /^[0-9a-f]{16}$/.test(id) ? await this.store.get<AgentTokenRecord>(recordKey(id)) : undefined;
    // Someone else's token answers exactly like a missing one.
    if (!record || record.ownerAccountId !== ownerAccountId) throw new AgentTokenError('not_found', 'No such token among yours.');
    if (record.revokedAt !== undefined) return this.view(record);
    const revoked = { ...record, revokedAt: this.clock.now() };
    await this.store.set(recordKey(id), revoked);
    return this.view(revoked);
  }

  /**
   * Checks a presented token: its form, its installation, its hash (compared in constant time), expiry and
   * revocation, reading the record on every call so a revocation applies to the very next request. Records
   * when it was last used, at most once a minute.
   */
  async verify(presented: string | undefined): Promise<TokenCheck> {
    if (!presented) return { ok: false, reason: 'missing' };
    const match = TOKEN_PATTERN.exec(presented);
    if (!match) return { ok: false, reason: 'malformed' };
    if (match[1] !== this.options.siteTag) return { ok: false, reason: 'other-installation' };
    const record = await this.store.get<AgentTokenRecord>(recordKey(match[2]!));
    if (!record) return { ok: false, reason: 'unknown' };
    const expected = Buffer.from(record.hash, 'hex');
    const actual = Buffer.from(sha256(presented), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: 'unknown' };
    if (record.revokedAt !== undefined) return { ok: false, reason: 'revoked' };
    const now = this.clock.now();
    if (record.expiresAt <= now) return { ok: false, reason: 'expired' };
    if (record.lastUsedAt === undefined || now - record.lastUsedAt >= TOKEN_LIMITS.lastUsedResolutionMs) {
      const used = { ...record, lastUsedAt: now };
      // Best effort: a failed bookkeeping write (quota) must not refuse a valid token.
      await this.store.set(recordKey(record.id), used).catch(() => undefined);
      return { ok: true, record: used };
    }
    return { ok: true, record };
  }
}
