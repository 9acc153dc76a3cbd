/**
 * What the app cost in API calls: every request to a Confluence route is counted per endpoint (method + route
 * template, e.g. `GET /wiki/api/v2/pages/{id}`) and per identity (an accountId, or `anonymous` when the request
 * did not authenticate). Control routes under /__sim/ are not counted.
 */
export interface RequestRecord {
  at: number;
  method: string;
  endpoint: string;
  path: string;
  /** The query string without its leading `?` (cursors and CQL included), so benches can tell requests apart. */
  query: string;
  identity: string;
  status: number;
}

export interface RequestCounts {
  total: number;
  byEndpoint: Record<string, number>;
  byIdentity: Record<string, number>;
  byIdentityAndEndpoint: Record<string, Record<string, number>>;
  byStatus: Record<string, number>;
  /** The most recent requests, oldest first (at most `keep`). */
  recent: RequestRecord[];
}

export class RequestLog {
  private counts: RequestCounts = RequestLog.empty();

  constructor(private readonly keep = 1000) {}

  private static empty(): RequestCounts {
    return { total: 0, byEndpoint: {}, byIdentity: {}, byIdentityAndEndpoint: {}, byStatus: {}, recent: [] };
  }

  record(r: RequestRecord): void {
    const c = this.counts;
    c.total++;
    c.byEndpoint[r.endpoint] = (c.byEndpoint[r.endpoint] ?? 0) + 1;
    c.byIdentity[r.identity] = (c.byIdentity[r.identity] ?? 0) + 1;
    const mine = (c.byIdentityAndEndpoint[r.identity] ??= {});
    mine[r.endpoint] = (mine[r.endpoint] ?? 0) + 1;
    c.byStatus[String(r.status)] = (c.byStatus[String(r.status)] ?? 0) + 1;
    c.recent.push(r);
    if (c.recent.length > this.keep) c.recent.splice(0, c.recent.length - this.keep);
  }

  snapshot(): RequestCounts {
    return structuredClone(this.counts);
  }

  reset(): void {
    this.counts = RequestLog.empty();
  }
}
