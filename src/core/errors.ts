/**
 * What kind of failure an error is, for every layer that must react to one: the job runner (wait, retry, stop),
 * the resolvers and actions (which refusal to show). Callers branch on `errorKind(e)`, never on a message or an
 * error's name: messages are for people and change; kinds are the contract.
 *
 * @example
 * throw new AppError('forbidden', 'Only site admins can change Libraries.');
 * if (errorKind(e) === 'quota') requeueInAMinute();
 */

export type ErrorKind =
  /** The thing asked for does not exist, or the caller may not know it does. */
  | 'not-found'
  /** The caller is known but may not do this. */
  | 'forbidden'
  /** The credentials are gone or refused (Confluence's 401): someone must reauthorize. */
  | 'unauthorized'
  /** A remote service asked to slow down (HTTP 429 or a 503 with Retry-After). */
  | 'rate-limited'
  /** The app's own platform quota is spent for now (Forge storage units per minute). */
  | 'quota'
  /** Someone else holds the work (another merger holds the index lease): try again shortly. */
  | 'busy'
  /** The request itself is wrong; trying again changes nothing. */
  | 'invalid-input'
  /** The target moved on since the caller read it (a newer page version, a condition that failed). */
  | 'conflict'
  /** A dependency took longer than the time the caller had left. */
  | 'timeout'
  /** A dependency failed or answered nonsense (5xx, network, a malformed response): may pass on a retry. */
  | 'unavailable'
  /**
   * A value the app stored itself does not have the shape it wrote (a garbled index record): retrying reads the
   * same bytes, so a job stops at once and the settings page offers the way out (rebuilding the index).
   */
  | 'corrupt';

const KINDS: ReadonlySet<string> = new Set<ErrorKind>(['not-found', 'forbidden', 'unauthorized', 'rate-limited', 'quota', 'busy', 'invalid-input', 'conflict', 'timeout', 'unavailable', 'corrupt']);

/** An error the product raises on purpose; its message is safe to show to the person who caused it. */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    options: { cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
  readonly retryAfterSeconds?: number;
}

/**
 * A stored value that does not decode. The message names the key (keys hold ids, never page text) and never the
 * value, which may hold page text.
 *
 * @example
 * throw new CorruptValueError('ix:h:t:deploy', 'is not a term head');
 */
export class CorruptValueError extends AppError {
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super('corrupt', `The stored value ${key.slice(0, 200)} ${problem}.`);
    this.name = 'CorruptValueError';
  }
}

/**
 * Kinds of other modules' errors that do not use these words (the Confluence client's `kind`, an HTTP status,
 * Forge storage's documented error codes).
 */
const ALIASES: Record<string, ErrorKind> = {
  authorization: 'unauthorized',
  'version-conflict': 'conflict',
  server: 'unavailable',
  network: 'unavailable',
  'bad-response': 'unavailable',
  http: 'unavailable',
  // LibraryError codes.
  not_found: 'not-found',
  invalid: 'invalid-input',
};

/**
 * Forge KVS rejects a request over the installation's read/write units per minute with HTTP 429 and code
 * `RATE_LIMIT_EXCEEDED` (developer.atlassian.com/platform/forge/storage-reference/storage-api-limits/).
 */
const QUOTA_CODES: ReadonlySet<string> = new Set(['RATE_LIMIT_EXCEEDED', 'TOO_MANY_REQUESTS']);

/** The kind of any thrown value: its own `kind` (or `code`), else its HTTP status; undefined when nothing says. */
export function errorKind(error: unknown): ErrorKind | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { kind?: unknown; code?: unknown; status?: unknown };
  if (typeof e.code === 'string' && QUOTA_CODES.has(e.code) && typeof e.kind !== 'string') return 'quota';
  for (const value of [e.kind, e.code]) {
    if (typeof value !== 'string') continue;
    if (KINDS.has(value)) return value as ErrorKind;
    if (ALIASES[value]) return ALIASES[value];
  }
  if (e.status === 429) return 'rate-limited';
  if (e.status === 401) return 'unauthorized';
  if (e.status === 403) return 'forbidden';
  if (e.status === 404) return 'not-found';
  if (e.status === 409) return 'conflict';
  return undefined;
}
