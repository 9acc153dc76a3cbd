/**
 * An in-memory ConfluenceTransport for the client's unit tests: either a script of responses consumed in order,
 * or a router function. Every request is recorded.
 */
import type { ConfluenceTransport, Identity, TransportResponse } from '../../../src/core/ports';

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: unknown;
}

export interface RecordedRequest {
  identity: Identity;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

export function response(spec: FakeResponse): TransportResponse {
  const headers = new Map(Object.entries(spec.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const text = spec.body === undefined ? '' : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
  return {
    status: spec.status,
    headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
    text: async () => text,
  };
}

export type Route = (request: RecordedRequest) => FakeResponse | Error;

export class FakeTransport implements ConfluenceTransport {
  readonly requests: RecordedRequest[] = [];
  private readonly script: Array<FakeResponse | Error> = [];

  constructor(private readonly route?: Route) {}

  /** Queues responses returned in order (used when no route is given). */
  enqueue(...items: Array<FakeResponse | Error>): this {
    this.script.push(...items);
    return this;
  }

  async request(
    identity: Identity,
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<TransportResponse> {
    const recorded: RecordedRequest = {
      identity,
      method: init.method ?? 'GET',
      path,
      headers: init.headers ?? {},
      body: init.body === undefined ? undefined : JSON.parse(init.body),
    };
    this.requests.push(recorded);
    const next = this.route ? this.route(recorded) : this.script.shift();
    if (next === undefined) throw new Error(`no scripted response for ${recorded.method} ${path}`);
    if (next instanceof Error) throw next;
    return response(next);
  }
}

/** A sleep that records the waits instead of waiting. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}
