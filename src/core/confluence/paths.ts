/**
 * Building request paths safely: every dynamic path segment and query value goes through encodeURIComponent,
 * and ids are checked to be the numeric strings Confluence uses before they reach a URL.
 */
import { InvalidInputError } from './errors';
import { isConfluenceId } from '../ids';


/** Returns `id` if it is a numeric string; throws InvalidInputError otherwise (what: e.g. 'page id'). */
export function assertId(id: unknown, what = 'id'): string {
  if (!isConfluenceId(id)) {
    throw new InvalidInputError(`${what} must be a numeric string`);
  }
  return id;
}

function encode(value: string, what: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // encodeURIComponent throws URIError on a lone surrogate
    throw new InvalidInputError(`${what} is not well-formed Unicode`);
  }
}

/** Fills `{name}` placeholders of an endpoint template, each value encoded. */
export function expandPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9_-]*)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new InvalidInputError(`missing path parameter ${name}`);
    return encode(value, name);
  });
}

export type QueryValue = string | number | boolean | ReadonlyArray<string | number> | undefined;

/**
 * Appends a query string. Arrays become one comma-separated value (`id=1,2,3`), the form Confluence's
 * descriptions use ("a comma-separated list"); each element is encoded, the separating commas are ours.
 * Undefined values and empty arrays are left out.
 */
export function withQuery(path: string, query: Record<string, QueryValue>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    let encoded: string;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      encoded = value.map((v) => encode(String(v), key)).join(',');
    } else {
      encoded = encode(String(value), key);
    }
    parts.push(`${encode(key, 'query key')}=${encoded}`);
  }
  if (parts.length === 0) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${parts.join('&')}`;
}
