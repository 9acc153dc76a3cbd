/**
 * Typed failures of the Confluence client. Callers branch on the class (or on `kind`, which survives
 * serialisation across a queue event), never on message text. Messages carry the method, the path without its
 * query string, the status and Cloud's own error text after `redactSecrets`: never a token or an Authorization header.
 */

export type ConfluenceErrorKind =
  | 'authorization'
  | 'forbidden'
  | 'not-found'
  | 'version-conflict'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'bad-response'
  | 'invalid-input'
  | 'http';

export interface ConfluenceErrorDetails {
  status: number;
  method?: string;
  /** Path without its query string: a CQL query may carry a member's question. */
  path?: string;
  /** Cloud's own error text, already redacted and trimmed. */
  cloudMessage?: string;
  /** Whether trying the same request later may succeed. */
  retryable?: boolean;
}

const MAX_CLOUD_MESSAGE = 300;

/**
 * Removes credentials from text that may have echoed them: Basic/Bearer values, Authorization header lines,
 * Atlassian API tokens (ATATT...) and token-like query parameters.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(authorization|proxy-authorization|cookie|set-cookie)\s*[:=]\s*[^\r\n,;}]+/gi, '$1: [redacted]')
    .replace(/\b(basic|bearer)\s+[A-Za-z0-9._~+/=-]{4,}/gi, '$1 [redacted]')
    .replace(/\bATAT[A-Za-z0-9_=-]{8,}/g, '[redacted]')
    .replace(/([?&](?:access_token|token|api_token|jwt)=)[^&\s]+/gi, '$1[redacted]');
}

/** Cloud's error text trimmed to a readable length, credentials removed. */
export function cleanCloudMessage(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const oneLine = redactSecrets(text).replace(/\s+/g, ' ').trim();
  if (oneLine === '') return undefined;
  return oneLine.length > MAX_CLOUD_MESSAGE ? `${oneLine.slice(0, MAX_CLOUD_MESSAGE)}…` : oneLine;
}

function describe(summary: string, d: ConfluenceErrorDetails): string {
  const where = d.method && d.path ? `${d.method} ${d.path}: ` : '';
  const status = d.status > 0 ? ` (${d.status})` : '';
  const cloud = d.cloudMessage ? `: ${d.cloudMessage}` : '';
  return `${where}${summary}${status}${cloud}`;
}

/** Any failure talking to Confluence. */
export class ConfluenceError extends Error {
  readonly kind: ConfluenceErrorKind = 'http';
  readonly status: number;
  readonly method?: string;
  readonly path?: string;
  readonly cloudMessage?: string;
  readonly retryable: boolean;

  constructor(summary: string, details: ConfluenceErrorDetails) {
    const cloudMessage = cleanCloudMessage(details.cloudMessage);
    super(describe(redactSecrets(summary), { ...details, cloudMessage }));
    this.name = 'ConfluenceError';
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.cloudMessage = cloudMessage;
    this.retryable = details.retryable ?? false;
  }
}

/** 401: the identity's credentials or consent are gone. Never retried: the Source needs reauthorization. */
export class AuthorizationError extends ConfluenceError {
  override readonly kind = 'authorization';
  constructor(details: Omit<ConfluenceErrorDetails, 'status'>) {
    super('Confluence refused the credentials', { ...details, status: 401, retryable: false });
    this.name = 'AuthorizationError';
  }
}

/** 403: authenticated, but this identity may not do this (space permission, restriction or missing scope). */
export class ForbiddenError extends ConfluenceError {
  override readonly kind = 'forbidden';
  constructor(details: Omit<ConfluenceErrorDetails, 'status'>) {
    super('Confluence forbade the request', { ...details, status: 403, retryable: false });
    this.name = 'ForbiddenError';
  }
}

/** 404: purged, never existed, or invisible to this identity (Confluence does not say which). */
export class NotFoundError extends ConfluenceError {
  override readonly kind = 'not-found';
  constructor(details: Omit<ConfluenceErrorDetails, 'status'>) {
    super('Confluence found nothing there', { ...details, status: 404, retryable: false });
    this.name = 'NotFoundError';
  }
}

/**
 * 409 on a page update: the page moved past the version the edit was based on. v2's OpenAPI document does not
 * list 409 for PUT /pages/{id}; Cloud sends it on a stale `version.number` (client reports: duo-labs/markdown-to-confluence#6).
 */
export class VersionConflictError extends ConfluenceError {
  override readonly kind = 'version-conflict';
  constructor(details: Omit<ConfluenceErrorDetails, 'status'>) {
    super('the page changed since the version this edit was based on', { ...details, status: 409, retryable: false });
    this.name = 'VersionConflictError';
  }
}

/**
 * 429 (or 503 with a wait) that does not fit in the inline wait budget. In Forge the consumer turns it into
 * `InvocationError({ retryAfter: retryAfterSeconds })`, so the wait happens in the queue, not in a function.
 */
export class RateLimitedError extends ConfluenceError {
  override readonly kind = 'rate-limited';
  /** Seconds to wait before trying again, clamped to the policy's maximum (900 by default). */
  readonly retryAfterSeconds: number;
  /** True when Cloud named the wait in a header; false when it is our own backoff. */
  readonly fromHeader: boolean;
  constructor(details: ConfluenceErrorDetails & { retryAfterSeconds: number; fromHeader: boolean }) {
    super(`Confluence asked to slow down; retry in ${details.retryAfterSeconds} s`, { ...details, retryable: true });
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.fromHeader = details.fromHeader;
  }
}

/** 5xx after the bounded retries. */
export class ServerError extends ConfluenceError {
  override readonly kind = 'server';
  constructor(details: ConfluenceErrorDetails) {
    super('Confluence failed to answer', { ...details, retryable: true });
    this.name = 'ServerError';
  }
}

/** The transport threw (connection reset, DNS, timeout) after the bounded retries. */
export class NetworkError extends ConfluenceError {
  override readonly kind = 'network';
  constructor(details: Omit<ConfluenceErrorDetails, 'status'> & { causeName?: string }) {
    super(`could not reach Confluence${details.causeName ? ` (${details.causeName})` : ''}`, {
      ...details,
      status: 0,
      retryable: true,
    });
    this.name = 'NetworkError';
  }
}

/** A 2xx whose body is not the JSON shape the OpenAPI document promises, or a pagination link we will not follow. */
export class BadResponseError extends ConfluenceError {
  override readonly kind = 'bad-response';
  constructor(summary: string, details: ConfluenceErrorDetails) {
    super(summary, { ...details, retryable: details.retryable ?? false });
    this.name = 'BadResponseError';
  }
}

/** Rejected before any request: a non-numeric id, an invalid space key, a CQL value with control characters. */
export class InvalidInputError extends ConfluenceError {
  override readonly kind = 'invalid-input';
  constructor(summary: string) {
    super(summary, { status: 0, retryable: false });
    this.name = 'InvalidInputError';
  }
}

/** True for errors a later attempt may fix (rate limits, 5xx, network); false for 401/403/404/409 and bad input. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ConfluenceError && error.retryable;
}
