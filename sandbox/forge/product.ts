/**
 * Where `asApp()` / `asUser()` Confluence requests go, with which credentials.
 * - simulator: Bearer tokens from the simulator (`issueToken`), one for the app and one per user, cached until
 *   they expire on the host clock. An expired-by-clock app token is renewed and the request retried once, as
 *   Forge's proxy does; a user request answered 401 reaches the caller as 401 (a lapsed consent on Forge).
 *   A user the simulator refuses a token to gets Forge's NEEDS_AUTHENTICATION_ERR proxy error.
 * - site: a real site, `Authorization: Basic base64(email:apiToken)` for both identities.
 * - scoped: a scoped API token through `https://api.atlassian.com/ex/confluence/{cloudId}`.
 */
import { registerSecret } from './logging';

export type TokenRequest = { kind: 'app' } | { kind: 'user'; accountId: string };
export interface IssuedToken {
  token: string;
  /** Epoch ms or ISO-8601; null for a token that does not expire. */
  expiresAt: number | string | null;
}

export type ConfluenceTarget =
  | { mode: 'simulator'; url: string; issueToken: (req: TokenRequest) => Promise<IssuedToken> }
  | { mode: 'site'; siteUrl: string; email: string; apiToken: string }
  | { mode: 'scoped'; cloudId: string; email: string; scopedToken: string };

export type Identity = { kind: 'app' } | { kind: 'user'; accountId: string | undefined };

/** A Response carrying Forge's proxy-error header, which @forge/api turns into its own error classes. */
export function proxyError(status: number, code: string): Response {
  return new Response(JSON.stringify({ message: code }), { status, headers: { 'forge-proxy-error': code, 'content-type': 'application/json' } });
}

const RENEW_MARGIN_MS = 30_000;

export class ConfluenceProduct {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(
    private readonly target: ConfluenceTarget,
    private readonly now: () => number,
  ) {
    if (target.mode === 'site') registerSecret(target.apiToken);
    if (target.mode === 'scoped') registerSecret(target.scopedToken);
  }

  /** The base URL a `/wiki/...` path is appended to. */
  get baseUrl(): string {
    switch (this.target.mode) {
      case 'simulator':
        return this.target.url.replace(/\/$/, '');
      case 'site':
        return this.target.siteUrl.replace(/\/$/, '');
      case 'scoped':
        return `https://api.atlassian.com/ex/confluence/${this.target.cloudId}`;
    }
  }

  /** Forgets cached tokens, e.g. after the simulator revoked them. */
  forgetTokens(): void {
    this.tokens.clear();
  }

  async request(identity: Identity, path: string, init: RequestInit = {}): Promise<Response> {
    if (!path.startsWith('/')) return proxyError(400, 'INVALID_PATH');
    if (identity.kind === 'user' && !identity.accountId) return proxyError(401, 'NEEDS_AUTHENTICATION_ERR');
    const first = await this.send(identity, path, init, false);
    if (first.status === 401 && identity.kind === 'app' && this.target.mode === 'simulator') {
      return this.send(identity, path, init, true);
    }
    return first;
  }

  private async send(identity: Identity, path: string, init: RequestInit, renew: boolean): Promise<Response> {
    const auth = await this.authorization(identity, renew);
    if (auth === undefined) return proxyError(401, 'NEEDS_AUTHENTICATION_ERR');
    const headers = new Headers(init.headers);
    headers.delete('authorization');
    headers.set('Authorization', auth);
    if (!headers.has('accept')) headers.set('Accept', 'application/json');
    return fetch(this.baseUrl + path, { ...init, headers, redirect: 'manual' });
  }

  private async authorization(identity: Identity, renew: boolean): Promise<string | undefined> {
    const t = this.target;
    if (t.mode === 'site') return `Basic ${Buffer.from(`${t.email}:${t.apiToken}`).toString('base64')}`;
    if (t.mode === 'scoped') return `Basic ${Buffer.from(`${t.email}:${t.scopedToken}`).toString('base64')}`;
    const cacheKey = identity.kind === 'app' ? 'app' : `user:${identity.accountId}`;
    const cached = this.tokens.get(cacheKey);
    if (!renew && cached && cached.expiresAt - RENEW_MARGIN_MS > this.now()) return `Bearer ${cached.token}`;
    let issued: IssuedToken;
    try {
      issued = await t.issueToken(identity.kind === 'app' ? { kind: 'app' } : { kind: 'user', accountId: identity.accountId as string });
    } catch {
      this.tokens.delete(cacheKey);
      return undefined;
    }
    const expiresAt =
      issued.expiresAt === null ? Number.POSITIVE_INFINITY : typeof issued.expiresAt === 'number' ? issued.expiresAt : Date.parse(issued.expiresAt);
    registerSecret(issued.token);
    this.tokens.set(cacheKey, { token: issued.token, expiresAt });
    return `Bearer ${issued.token}`;
  }
}
