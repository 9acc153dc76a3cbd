/**
 * The one retry layer between the Confluence client and the transport: retries in one place, so no caller stacks
 * its own on top (Atlassian's rate-limiting guide, developer.atlassian.com/cloud/confluence/rate-limiting/).
 * - 429 and 503 wait as long as Cloud asks (clamped), or a jittered exponential backoff when it does not say.
 * - Inside Forge a function must not sleep long: waits are drawn from a small inline budget
 *   (`maxInlineWaitMs`); a wait that does not fit becomes a `RateLimitedError` the queue consumer re-queues.
 * - Other 5xx and transport failures are retried a bounded number of times, only for idempotent methods.
 * - 401/403/404/409 map to typed errors at once, never retried.
 */
import type { Clock, ConfluenceTransport, Identity, TransportResponse } from '../ports';
import { systemClock } from '../ports';
import {
  AuthorizationError,
  BadResponseError,
  ConfluenceError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  VersionConflictError,
} from './errors';
import { MAX_RETRY_AFTER_SECONDS, retryHint } from './retry-after';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** Total time one request may sleep before handing the wait to the caller as a RateLimitedError. */
  maxInlineWaitMs: number;
  /** First backoff step when Cloud names no wait; doubles per attempt, full jitter. */
  baseBackoffMs: number;
  /** Largest single backoff step. */
  maxBackoffMs: number;
  /** Ceiling on any wait Cloud asks for. */
  maxRetryAfterSeconds: number;
  /**
   * The re-queue delay suggested when Cloud named no wait and the inline retries are spent: long enough that a
   * storm of 429s does not become a storm of one-second re-queues (Forge allows 500 events a minute).
   */
  fallbackRetryAfterSeconds: number;
}

/** For Forge functions: at most 2 s asleep per request, then re-queue. */
export const FORGE_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 4,
  maxInlineWaitMs: 2_000,
  baseBackoffMs: 250,
  maxBackoffMs: 2_000,
  maxRetryAfterSeconds: MAX_RETRY_AFTER_SECONDS,
  fallbackRetryAfterSeconds: 30,
});

/** For the CLI and the local host's `--site` mode, where a process may wait out a rate limit itself. */
export const PATIENT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 6,
  maxInlineWaitMs: 120_000,
  baseBackoffMs: 500,
  maxBackoffMs: 30_000,
  maxRetryAfterSeconds: MAX_RETRY_AFTER_SECONDS,
  fallbackRetryAfterSeconds: 30,
});

export interface ConfluenceHttpOptions {
  policy?: Partial<RetryPolicy>;
  /** Injected so tests never wait. */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); injected so backoff is reproducible in tests. */
  random?: () => number;
  /** Turns HTTP-date and reset headers into waits. */
  clock?: Clock;
}

export interface HttpRequest {
  method: HttpMethod;
  /** Starts with `/wiki/`; built by paths.ts. */
  path: string;
  /** Serialised as JSON. */
  json?: unknown;
}

export interface HttpResult {
  status: number;
  headers: TransportResponse['headers'];
  text: string;
}

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE']);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function withoutQuery(path: string): string {
  const q = path.indexOf('?');
  return q === -1 ? path : path.slice(0, q);
}

/** Cloud's error text: v2 `{errors:[{title, detail}]}`, v1 `{message}`, or a short plain body. */
export function cloudErrorMessage(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    const body = JSON.parse(trimmed) as unknown;
    if (body && typeof body === 'object') {
      const b = body as { message?: unknown; errors?: unknown; errorMessages?: unknown };
      if (typeof b.message === 'string') return b.message;
      if (Array.isArray(b.errors)) {
        const parts = b.errors
          .map((e) => {
            if (!e || typeof e !== 'object') return undefined;
            const { title, detail, code } = e as { title?: unknown; detail?: unknown; code?: unknown };
            return [title, detail, code].filter((x): x is string => typeof x === 'string' && x !== '').join(': ');
          })
          .filter((x): x is string => !!x);
        if (parts.length > 0) return parts.join('; ');
      }
      if (Array.isArray(b.errorMessages)) return b.errorMessages.filter((x) => typeof x === 'string').join('; ');
      return undefined;
    }
  } catch {
    // not JSON: fall through to the raw text, which HTML error pages make unhelpful
  }
  return trimmed.startsWith('<') ? undefined : trimmed;
}

/** HTTP with Confluence's retry rules; knows nothing of endpoints or pagination. */
export class ConfluenceHttp {
  readonly policy: Readonly<RetryPolicy>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly clock: Clock;

  constructor(
    private readonly transport: ConfluenceTransport,
    options: ConfluenceHttpOptions = {},
  ) {
    this.policy = Object.freeze({ ...FORGE_RETRY_POLICY, ...options.policy });
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? systemClock;
  }

  /** Sends the request, retrying per the policy; resolves with a 2xx result or throws a ConfluenceError. */
  async send(identity: Identity, request: HttpRequest): Promise<HttpResult> {
    const { method, path } = request;
    const where = { method, path: withoutQuery(path) };
    const init: { method: string; headers: Record<string, string>; body?: string } = {
      method,
      headers: { Accept: 'application/json' },
    };
    if (request.json !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(request.json);
    }

    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      const canRetry = attempt < this.policy.maxAttempts;
      let response: TransportResponse;
      try {
        response = await this.transport.request(identity, path, init);
      } catch (error) {
        if (error instanceof ConfluenceError) throw error;
        const wait = this.backoffMs(attempt);
        if (canRetry && IDEMPOTENT.has(method) && waitedMs + wait <= this.policy.maxInlineWaitMs) {
          waitedMs += wait;
          await this.sleep(wait);
          continue;
        }
        throw new NetworkError({ ...where, causeName: error instanceof Error ? error.name : undefined });
      }

      const { status } = response;
      if (status >= 200 && status < 300) {
        return { status, headers: response.headers, text: await response.text() };
      }
      const text = await safeText(response);
      const cloudMessage = cloudErrorMessage(text);
      const details = { ...where, cloudMessage };

      if (status === 429 || status === 503) {
        const hint = retryHint(response.headers, this.clock.now(), this.policy.maxRetryAfterSeconds);
        const waitMs = hint ? hint.seconds * 1000 : this.backoffMs(attempt);
        if (canRetry && waitedMs + waitMs <= this.policy.maxInlineWaitMs) {
          waitedMs += waitMs;
          await this.sleep(waitMs);
          continue;
        }
        const seconds = hint ? Math.max(1, hint.seconds) : this.policy.fallbackRetryAfterSeconds;
        throw new RateLimitedError({
          ...details,
          status,
          retryAfterSeconds: Math.min(this.policy.maxRetryAfterSeconds, seconds),
          fromHeader: hint !== undefined,
        });
      }
      if (status === 401) throw new AuthorizationError(details);
      if (status === 403) throw new ForbiddenError(details);
      if (status === 404) throw new NotFoundError(details);
      if (status === 409) throw new VersionConflictError(details);
      if (status >= 500) {
        const wait = this.backoffMs(attempt);
        if (canRetry && IDEMPOTENT.has(method) && waitedMs + wait <= this.policy.maxInlineWaitMs) {
          waitedMs += wait;
          await this.sleep(wait);
          continue;
        }
        throw new ServerError({ ...details, status });
      }
      throw new ConfluenceError('Confluence rejected the request', { ...details, status });
    }
  }

  /** Sends and parses a JSON object body. */
  async json<T>(identity: Identity, request: HttpRequest): Promise<{ body: T; headers: HttpResult['headers'] }> {
    const result = await this.send(identity, request);
    let body: unknown;
    try {
      body = JSON.parse(result.text);
    } catch {
      throw new BadResponseError('Confluence answered with something other than JSON', {
        status: result.status,
        method: request.method,
        path: withoutQuery(request.path),
      });
    }
    if (!body || typeof body !== 'object') {
      throw new BadResponseError('Confluence answered with JSON that is not an object', {
        status: result.status,
        method: request.method,
        path: withoutQuery(request.path),
      });
    }
    return { body: body as T, headers: result.headers };
  }

  /** Full-jitter exponential backoff: uniform in [0, min(max, base * 2^(attempt-1))], at least 1 ms. */
  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.policy.maxBackoffMs, this.policy.baseBackoffMs * 2 ** (attempt - 1));
    return Math.max(1, Math.floor(this.random() * ceiling));
  }
}

async function safeText(response: TransportResponse): Promise<string> {
  try {
    return await response.text();
  } catch {
    return '';
  }
}
