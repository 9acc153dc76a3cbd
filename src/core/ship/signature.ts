import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { MAX_CHANGE_BYTES } from './change';

/**
 * The signed ingest of ship changes. A CI step signs `v1:<timestamp>:<nonce>:<library id>:<body>` with HMAC-SHA256
 * (RFC 2104) and the Library's CI secret; the web trigger answers 202 only when the signature is right with one of
 * the Library's current secrets, the timestamp is within the replay window and the nonce was never seen; otherwise
 * 401 (the answer never says which check failed, nor whether the Library exists), or 413 before any work when the
 * body is over the limit.
 */

export const SHIP_HEADERS = {
  library: 'x-librarian-library',
  timestamp: 'x-librarian-timestamp',
  nonce: 'x-librarian-nonce',
  signature: 'x-librarian-signature',
} as const;

/** Seconds a signed request stays valid either side of the receiver's clock (GitHub and Slack use 5 minutes too). */
export const REPLAY_WINDOW_S = 300;
/** The change's own bound plus room for the envelope. */
export const MAX_SHIP_REQUEST_BYTES = MAX_CHANGE_BYTES + 10_000;

export type HeaderBag = Record<string, string | string[] | undefined>;

export interface ShipRequest {
  headers: HeaderBag;
  /** The raw body exactly as received: the signature covers these bytes. */
  body: string;
}

export interface VerifyContext {
  /** Now, in milliseconds. */
  now: number;
  /** The Library's current CI secrets (one, or two during a rotation's overlap); none for an unknown Library. */
  secretsOf: (libraryId: string) => Promise<string[]>;
  /** Records a nonce until `expiresAt` (ms); resolves false when it was already recorded (a replay). */
  claimNonce: (libraryId: string, nonce: string, expiresAt: number) => Promise<boolean>;
}

export type ShipVerdict =
  | { status: 202; libraryId: string; nonce: string; body: unknown }
  | { status: 401; reason: string }
  | { status: 413; reason: string };

function header(headers: HeaderBag, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const v = Array.isArray(value) ? value[0] : value;
    return typeof v === 'string' ? v.trim() : undefined;
  }
  return undefined;
}

function mac(secret: string, timestamp: string, nonce: string, libraryId: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`v1:${timestamp}:${nonce}:${libraryId}:`).update(body, 'utf8').digest();
}

/**
 * Headers for a ship request, as `librarian ship` sends them.
 *
 * @example
 * const body = JSON.stringify({ change });
 * await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...signShipRequest({ libraryId, secret, body }) } });
 */
export function signShipRequest(input: { libraryId: string; secret: string; body: string; now?: number; nonce?: string }): Record<string, string> {
  const timestamp = String(Math.floor((input.now ?? Date.now()) / 1000));
  const nonce = input.nonce ?? randomBytes(16).toString('hex');
  return {
    [SHIP_HEADERS.library]: input.libraryId,
    [SHIP_HEADERS.timestamp]: timestamp,
    [SHIP_HEADERS.nonce]: nonce,
    [SHIP_HEADERS.signature]: `v1=${mac(input.secret, timestamp, nonce, input.libraryId, input.body).toString('hex')}`,
  };
}

const REFUSED = 'the request is not signed with a current CI secret of this Library, or it is stale or replayed';

/**
 * Checks a ship request; never throws for bad input. The nonce is claimed last, so a forged request cannot burn
 * a real one's nonce.
 *
 * @example
 * const verdict = await verifyShipRequest({ headers: request.headers, body: request.body }, { now: Date.now(), secretsOf, claimNonce });
 * if (verdict.status === 202) await queue.push({ body: { libraryId: verdict.libraryId, change: verdict.body } });
 */
export async function verifyShipRequest(request: ShipRequest, context: VerifyContext): Promise<ShipVerdict> {
  const size = Buffer.byteLength(request.body ?? '', 'utf8');
  if (size > MAX_SHIP_REQUEST_BYTES) return { status: 413, reason: `the body is ${size} bytes; at most ${MAX_SHIP_REQUEST_BYTES} are taken` };
  const libraryId = header(request.headers, SHIP_HEADERS.library);
  const timestamp = header(request.headers, SHIP_HEADERS.timestamp);
  const nonce = header(request.headers, SHIP_HEADERS.nonce);
  const signature = header(request.headers, SHIP_HEADERS.signature);
  if (!libraryId || !timestamp || !nonce || !signature) return { status: 401, reason: 'the request is not signed' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^[\w-]{16,128}$/.test(nonce) || !/^v1=[0-9a-f]{64}$/.test(signature)) return { status: 401, reason: REFUSED };
  const skew = Math.abs(context.now / 1000 - Number(timestamp));
  if (skew > REPLAY_WINDOW_S) return { status: 401, reason: REFUSED };
  const given = Buffer.from(signature.slice(3), 'hex');
  const secrets = await context.secretsOf(libraryId);
  // Every secret is checked (no early exit), so the time taken says nothing about which one matched.
  let match = false;
  for (const secret of secrets) {
    if (timingSafeEqual(mac(secret, timestamp, nonce, libraryId, request.body), given)) match = true;
  }
  if (!match) return { status: 401, reason: REFUSED };
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return { status: 401, reason: 'the signed body is not JSON' };
  }
  const expiresAt = (Number(timestamp) + REPLAY_WINDOW_S) * 1000 + 1000;
  if (!(await context.claimNonce(libraryId, nonce, expiresAt))) return { status: 401, reason: REFUSED };
  return { status: 202, libraryId, nonce, body };
}
