/**
 * Storage faults on demand, for tests of how the app survives Forge KVS refusing work: a rule answers the next
 * matching requests with an error status and code (`RATE_LIMIT_EXCEEDED` 429 is what Forge sends when the
 * per-minute units are spent; 500/503 stand for an outage), and a write observer sees every write before it lands
 * (the host-kill tests stop the process there).
 *
 * ```ts
 * host.kvsFaults.add({ code: 'RATE_LIMIT_EXCEEDED', status: 429, op: 'write', keyPrefix: 'ix.', count: 3 });
 * ```
 */

export type KvsOpKind = 'read' | 'write';

export interface KvsFaultSpec {
  /** Error code the SDK raises (`ForgeKvsAPIError.code`). */
  code: string;
  status: number;
  message?: string;
  /** Reads (get, query, batch get) or writes (set, delete, batches, transactions); both when absent. */
  op?: KvsOpKind;
  /** Only requests touching a key that begins with this. */
  keyPrefix?: string;
  /** Hits before the rule is removed; unlimited when absent. */
  count?: number;
}

export type KvsFault = KvsFaultSpec & { id: string; hits: number };

/** What one request reads or writes, as the fault rules and the write observer see it. */
export interface KvsRequestFacts {
  path: string;
  op: KvsOpKind;
  keys: string[];
}

type Dict = Record<string, unknown>;

const READS = new Set(['/api/v1/get', '/api/v1/query', '/api/v1/secret/get', '/api/v1/entity/get', '/api/v1/entity/query', '/api/v1/batch/get']);

/** The keys a request names (a query names its prefix). */
export function requestFacts(path: string, body: unknown): KvsRequestFacts {
  const op: KvsOpKind = READS.has(path) ? 'read' : 'write';
  const keys: string[] = [];
  const add = (item: unknown) => {
    const key = (item as Dict | undefined)?.key;
    if (typeof key === 'string') keys.push(key);
  };
  if (Array.isArray(body)) body.forEach(add);
  else if (body && typeof body === 'object') {
    const b = body as Dict;
    add(b);
    for (const list of [b.set, b.delete, b.check]) if (Array.isArray(list)) list.forEach(add);
    for (const clause of Array.isArray(b.where) ? (b.where as Dict[]) : []) {
      const values = clause.values;
      if (clause.property === 'key' && Array.isArray(values) && typeof values[0] === 'string') keys.push(values[0]);
    }
  }
  return { path, op, keys };
}

export class KvsFaults {
  private rules: KvsFault[] = [];
  private nextId = 1;
  /** Called with every write before it is applied; throwing from it fails the request like an outage. */
  onWrite?: (facts: KvsRequestFacts) => void;

  add(spec: KvsFaultSpec): KvsFault {
    const fault: KvsFault = { ...spec, id: `kvs-fault-${this.nextId++}`, hits: 0 };
    this.rules.push(fault);
    return fault;
  }

  list(): KvsFault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule matching the request, consuming one of its hits. */
  take(facts: KvsRequestFacts): KvsFault | undefined {
    for (const rule of this.rules) {
      if (rule.op && rule.op !== facts.op) continue;
      if (rule.keyPrefix && !facts.keys.some((k) => k.startsWith(rule.keyPrefix!))) continue;
      rule.hits += 1;
      if (rule.count !== undefined && rule.hits >= rule.count) this.rules = this.rules.filter((r) => r !== rule);
      return rule;
    }
    return undefined;
  }
}
