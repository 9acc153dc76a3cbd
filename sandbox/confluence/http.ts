/**
 * HTTP plumbing shared by the route modules: route templates, replies, Cloud's two error shapes, query
 * parameter parsing and bounded body reading.
 */
import type { IncomingMessage } from 'node:http';
import { SimError, badRequest } from './errors';

export type Family = 'v1' | 'v2';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const json = (body: unknown, status = 200, headers?: Record<string, string>): Reply => ({ status, body, headers });

/**
 * v2: `{errors: [{status, code, title, detail}]}`; v1: `{statusCode, data: {...}, message}` (the v1 OpenAPI
 * document's own error example).
 */
export function errorBody(family: Family, status: number, code: string, message: string): unknown {
  if (family === 'v2') return { errors: [{ status, code, title: message, detail: null }] };
  return {
    statusCode: status,
    data: { authorized: status !== 401 && status !== 403, valid: status !== 400, allowedInReadOnlyMode: true, errors: [], successful: false },
    message,
  };
}

export interface CompiledRoute<R> {
  route: R;
  regex: RegExp;
  names: string[];
}

export function compileTemplate<R extends { template: string }>(route: R): CompiledRoute<R> {
  const names: string[] = [];
  const pattern = route.template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, regex: new RegExp(`^${pattern}/?$`), names };
}

export function matchRoute<R extends { method: string; template: string }>(
  routes: CompiledRoute<R>[],
  method: string,
  path: string,
): { route: R; params: Record<string, string> } | { methodNotAllowed: true } | null {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.route.method !== method) continue;
    const params: Record<string, string> = {};
    r.names.forEach((n, i) => (params[n] = safeDecode(m[i + 1])));
    return { route: r.route, params };
  }
  return pathMatched ? { methodNotAllowed: true } : null;
}

/** A malformed escape stays as it is; the handler then rejects the value with a 400 like any other bad id. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Reads a body of at most `limit` bytes; beyond it the rest is drained and the request is a 413. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooBig) reject(new SimError(413, 'REQUEST_ENTITY_TOO_LARGE', `Request body of ${size} bytes exceeds the limit of ${limit} bytes`));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) throw badRequest('A request body is required', 'INVALID_REQUEST_BODY');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('The request body is not valid JSON', 'INVALID_REQUEST_BODY');
  }
}

/** Query parameter helpers that answer bad input with Cloud's 400. */
export class Query {
  constructor(readonly params: URLSearchParams) {}

  string(name: string): string | undefined {
    const v = this.params.get(name);
    return v === null ? undefined : v;
  }

  /** Repeated (`id=1&id=2`) and comma-separated (`id=1,2`) forms both work, as on Cloud. */
  list(name: string): string[] | undefined {
    const all = this.params.getAll(name);
    if (!all.length) return undefined;
    return all.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  }

  ids(name: string, max: number): string[] | undefined {
    const ids = this.list(name);
    if (!ids) return undefined;
    for (const id of ids) if (!/^\d+$/.test(id)) throw badRequest(`Provided value {${id}} for '${name}' is not the correct type. Expected type is long`);
    if (ids.length > max) throw badRequest(`'${name}' accepts at most ${max} values, got ${ids.length}`);
    return ids;
  }

  enumValue<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) throw badRequest(`Provided value {${v}} for '${name}' is not one of ${allowed.join(', ')}`);
    return v as T;
  }

  enumList<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
    const values = this.list(name);
    if (!values) return undefined;
    for (const v of values) if (!(allowed as readonly string[]).includes(v)) throw badRequest(`Provided value {${v}} for '${name}' is not one of ${allowed.join(', ')}`);
    return values as T[];
  }

  /** Cloud caps `limit` at its maximum rather than failing; a non-number or one below 1 is a 400. */
  limit(max: number, fallback = 25, min = 1): number {
    const v = this.string('limit');
    if (v === undefined) return fallback;
    if (!/^-?\d+$/.test(v) || Number(v) < min) throw badRequest(`Provided value {${v}} for 'limit' is not valid`);
    return Math.min(Number(v), max);
  }

  bool(name: string, fallback = false): boolean {
    const v = this.string(name);
    if (v === undefined) return fallback;
    if (v !== 'true' && v !== 'false') throw badRequest(`Provided value {${v}} for '${name}' is not a boolean`);
    return v === 'true';
  }
}

export const requireNumericId = (value: string, name = 'id'): string => {
  if (!/^\d+$/.test(value)) throw badRequest(`Provided value {${value}} for '${name}' is not the correct type. Expected type is long`);
  return value;
};
