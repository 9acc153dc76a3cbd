/**
 * Faults on demand: canned error statuses (429 with Retry-After and X-RateLimit-* headers, 5xx), latency,
 * a concurrent edit that lands right after an app's GET of a page (so its following PUT is stale), a save that
 * stores a body other than the one sent (Confluence's storage converter normalising what it does not keep), and a
 * points-per-hour budget per identity. Rules match on method, route/path and identity; `count` limits how many
 * requests a rule hits (unlimited when absent).
 */

export interface FaultMatch {
  /** e.g. `GET`. */
  method?: string;
  /** A route template (`/wiki/api/v2/pages/{id}`) or any substring of the request path. */
  path?: string;
  /** A regular expression (source text) tested against the request path. */
  pathRegex?: string;
  /** An accountId; `app` means the installed app's account. */
  identity?: string;
}

export type FaultSpec =
  | {
      kind: 'status';
      /** 429, 500, 502, 503, 504, ... */
      status: number;
      count?: number;
      match?: FaultMatch;
      /** Retry-After value, sent verbatim (Cloud has sent 9223372036854775807); default "10" for 429. */
      retryAfter?: string;
      headers?: Record<string, string>;
    }
  | { kind: 'latency'; ms: number; count?: number; match?: FaultMatch }
  | {
      kind: 'concurrentEdit';
      /** After the next matching GET of this page is answered, another user saves a new version of it. */
      pageId: string;
      count?: number;
      match?: FaultMatch;
      /** Who makes the edit (default: the page's author, or any other user). */
      byAccountId?: string;
    }
  | {
      kind: 'rewriteOnSave';
      /** The next matching `PUT /wiki/api/v2/pages/{pageId}` stores its body with every `find` replaced by `replace`. */
      pageId: string;
      find: string;
      replace: string;
      count?: number;
      match?: FaultMatch;
    };

export type Fault = FaultSpec & { id: string; hits: number };

export interface RateBudget {
  pointsPerHour: number;
  /** An accountId or `app`; absent: every identity gets its own budget of this size. */
  identity?: string;
  /** Points per endpoint (`GET /wiki/api/v2/pages`); 1 when absent. */
  costs?: Record<string, number>;
}

export interface RequestFacts {
  method: string;
  endpoint: string;
  path: string;
  accountId: string | null;
  isApp: boolean;
}

const HOUR = 3_600_000;

export class Faults {
  private rules: Fault[] = [];
  private budgets: RateBudget[] = [];
  private spent = new Map<string, { window: number; points: number }>();
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault = { ...spec, id: `fault-${this.nextId++}`, hits: 0 } as Fault;
    this.rules.push(fault);
    return fault;
  }

  list(): Fault[] {
    return structuredClone(this.rules);
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
    this.budgets = [];
    this.spent.clear();
  }

  setBudget(budget: RateBudget): void {
    this.budgets = this.budgets.filter((b) => b.identity !== budget.identity);
    this.budgets.push(budget);
  }

  clearBudgets(): void {
    this.budgets = [];
    this.spent.clear();
  }

  /** The first matching rule of a kind, consuming one of its hits. */
  take<K extends Fault['kind']>(kind: K, facts: RequestFacts, extra?: (f: Extract<Fault, { kind: K }>) => boolean): Extract<Fault, { kind: K }> | undefined {
    for (const rule of this.rules) {
      if (rule.kind !== kind || !matches(rule.match, facts)) continue;
      const typed = rule as Extract<Fault, { kind: K }>;
      if (extra && !extra(typed)) continue;
      rule.hits++;
      if (rule.count !== undefined && rule.hits >= rule.count) this.rules = this.rules.filter((r) => r !== rule);
      return typed;
    }
    return undefined;
  }

  /**
   * Charges the request against the identity's hourly budget (fixed windows on the sandbox clock). Returns the
   * headers to send, and whether the budget is exhausted.
   */
  charge(facts: RequestFacts, now: number): { limited: boolean; headers: Record<string, string> } {
    const key = facts.isApp ? 'app' : (facts.accountId ?? 'anonymous');
    const budget = this.budgets.find((b) => b.identity === key) ?? this.budgets.find((b) => b.identity === undefined);
    if (!budget) return { limited: false, headers: {} };
    const window = Math.floor(now / HOUR) * HOUR;
    const state = this.spent.get(key);
    const spent = state && state.window === window ? state : { window, points: 0 };
    const cost = budget.costs?.[facts.endpoint] ?? 1;
    const resetAt = window + HOUR;
    const headers = (remaining: number): Record<string, string> => ({
      'X-RateLimit-Limit': String(budget.pointsPerHour),
      'X-RateLimit-Remaining': String(Math.max(0, remaining)),
      'X-RateLimit-Reset': new Date(resetAt).toISOString(),
      ...(remaining < budget.pointsPerHour * 0.2 ? { 'X-RateLimit-NearLimit': 'true' } : {}),
    });
    if (spent.points + cost > budget.pointsPerHour) {
      this.spent.set(key, spent);
      return {
        limited: true,
        headers: { ...headers(0), 'Retry-After': String(Math.ceil((resetAt - now) / 1000)), 'RateLimit-Reason': 'confluence-quota-per-identity-based' },
      };
    }
    spent.points += cost;
    this.spent.set(key, spent);
    return { limited: false, headers: headers(budget.pointsPerHour - spent.points) };
  }
}

function matches(match: FaultMatch | undefined, facts: RequestFacts): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== facts.method) return false;
  if (match.path && !(facts.endpoint.endsWith(` ${match.path}`) || facts.path.includes(match.path))) return false;
  if (match.pathRegex && !new RegExp(match.pathRegex).test(facts.path)) return false;
  if (match.identity) {
    if (match.identity === 'app' ? !facts.isApp : match.identity !== facts.accountId) return false;
  }
  return true;
}

/** The headers of a canned 429, as Cloud sends them. */
export function rateLimitHeaders(retryAfter: string | undefined, now: number): Record<string, string> {
  return {
    'Retry-After': retryAfter ?? '10',
    'Beta-Retry-After': retryAfter ?? '10',
    'X-RateLimit-Limit': '65000',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': new Date(Math.floor(now / HOUR) * HOUR + HOUR).toISOString(),
    'RateLimit-Reason': 'confluence-quota-global-based',
  };
}
