/**
 * Turns an Authorization header into an Identity, the way Cloud does:
 * - `Basic base64(email:apiToken)` on site paths (`/wiki/...`) => that user;
 * - `Basic base64(email:scopedToken)` only under `/ex/confluence/{cloudId}/wiki/...` => that user, limited to
 *   the token's scopes;
 * - `Bearer <token>` issued by the control API => the app's own account (asApp) or a user-consent token (asUser).
 * Expired, revoked or unknown credentials are a 401. Token values are never logged.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../clock';
import type { Site } from './model';
import type { Identity } from './permissions';
import { SimError } from './errors';

export type TokenKind = 'app' | 'user' | 'scoped';

export interface IssuedToken {
  token: string;
  kind: TokenKind;
  accountId: string;
  expiresAt: number | null;
  scopes?: string[];
}

export interface IssueTokenRequest {
  kind: TokenKind;
  accountId?: string;
  expiresAt?: number | null;
  scopes?: string[];
}

const unauthorized = (message = 'Unauthorized'): SimError => new SimError(401, 'UNAUTHORIZED', message);

export class Credentials {
  private readonly tokens = new Map<string, IssuedToken>();
  /** Every credential of an account stops working at this instant (control: credentials expiring at a set time). */
  private readonly accountExpiry = new Map<string, number>();

  constructor(
    private readonly site: () => Site,
    private readonly clock: SandboxClock,
  ) {}

  issue(request: IssueTokenRequest): IssuedToken {
    const site = this.site();
    let accountId: string;
    if (request.kind === 'app') {
      accountId = site.data.appAccountId;
    } else if (request.kind === 'user' || request.kind === 'scoped') {
      if (!request.accountId || !site.user(request.accountId)) throw new SimError(400, 'INVALID_REQUEST_PARAMETER', `Unknown accountId ${request.accountId ?? ''}`);
      accountId = request.accountId;
    } else {
      throw new SimError(400, 'INVALID_REQUEST_PARAMETER', `Unknown token kind ${String(request.kind)}`);
    }
    if (request.kind === 'scoped' && (!Array.isArray(request.scopes) || request.scopes.length === 0)) {
      throw new SimError(400, 'INVALID_REQUEST_PARAMETER', 'A scoped token needs at least one scope');
    }
    const issued: IssuedToken = {
      token: `sim${request.kind}_${randomBytes(18).toString('base64url')}`,
      kind: request.kind,
      accountId,
      expiresAt: request.expiresAt ?? null,
      ...(request.kind === 'scoped' ? { scopes: [...(request.scopes ?? [])] } : {}),
    };
    this.tokens.set(issued.token, issued);
    return issued;
  }

  /** Revokes one token, or every token of an account. Returns how many were revoked. */
  revoke(by: { token?: string; accountId?: string }): number {
    let count = 0;
    for (const [token, issued] of this.tokens) {
      if ((by.token && token === by.token) || (by.accountId && issued.accountId === by.accountId)) {
        this.tokens.delete(token);
        count++;
      }
    }
    return count;
  }

  expireAccountAt(accountId: string, at: number | null): void {
    if (at === null) this.accountExpiry.delete(accountId);
    else this.accountExpiry.set(accountId, at);
  }

  authenticate(header: string | undefined, underEx: boolean): Identity {
    if (!header) throw unauthorized();
    const [scheme, ...rest] = header.trim().split(/\s+/);
    const value = rest.join(' ');
    const now = this.clock.now();
    const site = this.site();
    const live = (accountId: string, expiresAt: number | null): boolean => {
      const accountLimit = this.accountExpiry.get(accountId);
      return (expiresAt === null || now < expiresAt) && (accountLimit === undefined || now < accountLimit);
    };
    if (/^bearer$/i.test(scheme)) {
      const issued = this.tokens.get(value);
      if (!issued || issued.kind === 'scoped' || !live(issued.accountId, issued.expiresAt)) throw unauthorized();
      return issued.kind === 'app' ? { kind: 'app', accountId: issued.accountId } : { kind: 'user', accountId: issued.accountId };
    }
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw unauthorized();
      const email = decoded.slice(0, colon);
      const secret = decoded.slice(colon + 1);
      const user = site.userByEmail(email);
      if (!user) throw unauthorized();
      const scoped = this.tokens.get(secret);
      if (scoped && scoped.kind === 'scoped' && scoped.accountId === user.accountId) {
        if (!underEx || !live(user.accountId, scoped.expiresAt)) throw unauthorized();
        return { kind: 'user', accountId: user.accountId, scopes: scoped.scopes };
      }
      // Unscoped API tokens work on the site URL only, as on Cloud.
      if (underEx || secret !== user.apiToken || !live(user.accountId, null)) throw unauthorized();
      return { kind: 'user', accountId: user.accountId };
    }
    throw unauthorized();
  }
}
