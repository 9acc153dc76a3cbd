/**
 * The one CQL query the app sends: its status page, found by exact title in a space. Input can never widen it:
 * the space key is checked, and every value is a quoted string literal with `\` and `"` backslash-escaped
 * (Atlassian, "Performing text searches using CQL": quotes inside a quoted value are escaped with a backslash).
 * Values with control characters or broken Unicode are refused rather than repaired. A `CqlQuery` can only be
 * produced here, so the client never sends a raw string.
 */
import { InvalidInputError } from './errors';

declare const cqlBrand: unique symbol;

/** A complete CQL query built by this module. */
export type CqlQuery = string & { readonly [cqlBrand]: 'query' };

/** C0 and C1 controls, DEL and the Unicode line/paragraph separators. */
function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A quoted CQL string literal: `"` and `\` escaped with a backslash. Throws on control characters or lone surrogates. */
export function cqlString(value: string): string {
  if (typeof value !== 'string') throw new InvalidInputError('CQL value must be a string');
  if (hasControl(value)) throw new InvalidInputError('CQL value contains a control character');
  if (LONE_SURROGATE.test(value)) throw new InvalidInputError('CQL value is not well-formed Unicode');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Space keys: letters and digits (Confluence's rule for new spaces), or a personal space's `~` followed by an
 * account id or username. Throws otherwise; the key is quoted as well, so this is a second wall, not the only one.
 */
export function assertSpaceKey(key: unknown): string {
  if (typeof key !== 'string' || !/^(?:[A-Za-z0-9_]{1,255}|~[A-Za-z0-9_:.@-]{1,255})$/.test(key)) {
    throw new InvalidInputError('space key is not valid');
  }
  return key;
}

/**
 * `type = "page" AND space = "KEY" AND title = "..."`: a page by exact title.
 *
 * @example
 * client.searchContent(pageByTitleQuery('OPS', 'Librarian status'), { limit: 5 });
 */
export function pageByTitleQuery(spaceKey: string, title: string): CqlQuery {
  return `type = ${cqlString('page')} AND space = ${cqlString(assertSpaceKey(spaceKey))} AND title = ${cqlString(title)}` as CqlQuery;
}

/**
 * `type = "page" AND id in ("1", "2", …)`: pages by id (digits only, at most 100 at once).
 *
 * @example
 * client.searchContent(pagesByIdQuery(['123', '456']), { expand: ['operations'] });
 */
export function pagesByIdQuery(ids: readonly string[]): CqlQuery {
  if (!ids.length || ids.length > 100 || ids.some((id) => typeof id !== 'string' || !/^\d{1,20}$/.test(id))) throw new InvalidInputError('page ids must be 1 to 100 ids of digits');
  return `type = ${cqlString('page')} AND id in (${ids.map(cqlString).join(', ')})` as CqlQuery;
}
