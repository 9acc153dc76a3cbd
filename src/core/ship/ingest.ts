import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DocumentJob } from '../documents/job';
import { shipDocuments } from '../documents/payload';
import type { JobQueue, KeyValueStore, SecretStore } from '../ports';
import { verifyShipRequest, type ShipRequest } from './signature';
import type { ShipChange } from './types';

/** The job the ship consumer takes: one verified change of one Library. */
export interface ShipJob {
  type: 'ship';
  libraryId: string;
  change: ShipChange;
  /** Retries of this job so far (src/core/jobs counts them). */
  attempt?: number;
}

/** A web trigger's answer (the shape Forge web triggers return). */
export interface ShipResponse {
  statusCode: 202 | 400 | 401 | 413;
  headers: Record<string, string[]>;
  body: string;
}

const secretKey = (libraryId: string): string => `ship-ci-secret:${libraryId}`;
const nonceKeys = (libraryId: string): string => `ship-nonce:${libraryId}:`;
const changeMarks = (libraryId: string): string => `ship-change:${libraryId}:`;

/** The ingest's KVS prefixes of one Library: replay-window nonces and "this change was queued" marks. */
export const shipKeyPrefixes = (libraryId: string): string[] => [nonceKeys(libraryId), changeMarks(libraryId)];

/**
 * A Library's CI secret: created by an admin and shown once, rotatable (the old one is refused at once), stored
 * with the secrets (never listed, never logged).
 *
 * @example
 * const shownOnce = await new CiSecrets(secretStore).rotate('lib1');
 */
export class CiSecrets {
  constructor(private readonly secrets: SecretStore) {}

  /** Makes a new secret (32 random bytes, base64url) replacing any previous one; the caller shows it once. */
  async rotate(libraryId: string, now = Date.now()): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    await this.secrets.setSecret(secretKey(libraryId), { secret, createdAt: now });
    return secret;
  }

  async current(libraryId: string): Promise<string[]> {
    const stored = await this.secrets.getSecret<{ secret: string }>(secretKey(libraryId));
    return stored?.secret ? [stored.secret] : [];
  }

  async revoke(libraryId: string): Promise<void> {
    await this.secrets.deleteSecret(secretKey(libraryId));
  }

  async exists(libraryId: string): Promise<boolean> {
    return (await this.current(libraryId)).length > 0;
  }

  /** When the current secret was made, without the secret itself; undefined when the Library has none. */
  async createdAt(libraryId: string): Promise<number | undefined> {
    const stored = await this.secrets.getSecret<{ secret?: string; createdAt?: number }>(secretKey(libraryId));
    return stored?.secret ? (stored.createdAt ?? 0) : undefined;
  }
}

const hunk = z.object({ oldStart: z.number().int().min(0), oldText: z.string(), newText: z.string() });
const shipChange = z.object({
  base: z.string().min(1).max(80),
  head: z.string().min(1).max(80),
  subjects: z.array(z.string().max(1000)).max(100),
  link: z.string().max(2000).optional(),
  programs: z.array(z.string().max(100)).max(20).optional(),
  files: z.array(z.object({ status: z.enum(['changed', 'added', 'removed', 'renamed']), path: z.string().max(4096), oldPath: z.string().max(4096).optional(), hunks: z.array(hunk) })),
  symbols: z.array(z.object({ kind: z.enum(['identifier', 'flag', 'env', 'config', 'route', 'path']), name: z.string().max(4096), change: z.enum(['removed', 'renamed']), to: z.string().max(4096).optional(), file: z.string().max(4096) })),
  skipped: z.array(z.object({ path: z.string().max(4096), why: z.enum(['binary', 'not-utf8']) })),
  cut: z.array(z.object({ what: z.string().max(200), count: z.number().int().min(0) })),
});
// Documents (repository Markdown files mapped to pages, see src/core/documents) ride along with the change.
const shipBody = z.object({ change: shipChange, documents: shipDocuments.optional() });

export interface ShipIngestDeps {
  store: KeyValueStore;
  secrets: CiSecrets;
  queue: JobQueue<ShipJob | DocumentJob>;
  now: number;
}

const answer = (statusCode: ShipResponse['statusCode'], body: Record<string, unknown>): ShipResponse => ({
  statusCode,
  headers: { 'Content-Type': ['application/json'] },
  body: JSON.stringify(body),
});

/**
 * The ship web trigger's work: verify the signature, check the body is a ship change, queue it once. The same
 * change (Library, base, head and content) sent twice is accepted twice but queued once, so nothing is proposed
 * twice for it. Answers carry no detail an attacker could use.
 *
 * @example
 * export const shipTrigger = (request) => acceptShip({ headers: request.headers, body: request.body ?? '' }, deps);
 */
export async function acceptShip(request: ShipRequest, deps: ShipIngestDeps): Promise<ShipResponse> {
  const verdict = await verifyShipRequest(request, {
    now: deps.now,
    secretsOf: (libraryId) => deps.secrets.current(libraryId),
    claimNonce: (libraryId, nonce, expiresAt) => deps.store.setIfAbsent(`${nonceKeys(libraryId)}${nonce}`, { expiresAt }),
  });
  if (verdict.status === 413) return answer(413, { error: 'too-large', message: verdict.reason });
  if (verdict.status === 401) return answer(401, { error: 'refused', message: verdict.reason });
  const parsed = shipBody.safeParse(verdict.body);
  if (!parsed.success) return answer(400, { error: 'not-a-change', message: 'the signed body is not a ship change (send what `librarian ship` builds)' });
  const change = parsed.data.change as ShipChange;
  const documents = parsed.data.documents ?? [];
  const digest = createHash('sha256').update(JSON.stringify(change)).update(documents.length ? JSON.stringify(documents) : '').digest('hex').slice(0, 32);
  const key = `${changeMarks(verdict.libraryId)}${digest}`;
  const fresh = await deps.store.setIfAbsent(key, { base: change.base, head: change.head, at: deps.now });
  if (fresh) {
    try {
      const commit = { head: change.head, subjects: change.subjects.slice(-3), ...(change.link ? { link: change.link } : {}) };
      await deps.queue.push([
        { type: 'ship', libraryId: verdict.libraryId, change },
        ...documents.map((document): DocumentJob => ({ type: 'document', libraryId: verdict.libraryId, document, commit })),
      ]);
    } catch (error) {
      // Not queued: forget the change so the CI's retry is queued, rather than being taken for a duplicate.
      await deps.store.delete(key);
      throw error;
    }
  }
  return answer(202, { accepted: true, queued: fresh });
}

/** How long a change's "already queued" mark is kept: a CI re-run within it is accepted without queueing again. */
export const CHANGE_MARK_DAYS = 30;
const PRUNE_SCAN = 1000;

/**
 * Forgets a Library's used nonces once they are past the replay window (a request that old is refused by its
 * timestamp anyway), and change marks older than CHANGE_MARK_DAYS. Looks at no more than PRUNE_SCAN keys of each
 * kind a call, so one run stays bounded; the next ship job goes on. Returns how many keys it deleted.
 *
 * @example
 * await pruneShipKeys(store, 'lib1', Date.now()); // from the ship job, after its work
 */
export async function pruneShipKeys(store: KeyValueStore, libraryId: string, now: number): Promise<number> {
  const stale = async (prefix: string, isStale: (value: { expiresAt?: number; at?: number }) => boolean): Promise<string[]> => {
    const out: string[] = [];
    let cursor: string | undefined;
    let seen = 0;
    do {
      const page = await store.list<{ expiresAt?: number; at?: number }>(prefix, { limit: 100, cursor });
      for (const { key, value } of page.entries) if (isStale(value ?? {})) out.push(key);
      seen += page.entries.length;
      cursor = page.cursor;
    } while (cursor && seen < PRUNE_SCAN);
    return out;
  };
  const nonces = await stale(nonceKeys(libraryId), (v) => typeof v.expiresAt !== 'number' || v.expiresAt < now);
  const marks = await stale(changeMarks(libraryId), (v) => typeof v.at !== 'number' || v.at < now - CHANGE_MARK_DAYS * 86_400_000);
  const keys = [...nonces, ...marks];
  if (keys.length) await store.deleteMany(keys);
  return keys.length;
}
