/**
 * CQL that input can never widen. Fields and operators come from fixed lists in this module; every value is
 * a quoted string literal with `\` and `"` backslash-escaped (Atlassian, "Performing text searches using CQL":
 * quotes inside a quoted value are escaped with a backslash). Values with control characters or broken Unicode
 * are refused rather than repaired. A `CqlQuery` can only be produced here, so the client never sends a raw string.
 *
 * Dates: CQL reads `"yyyy-MM-dd HH:mm"` in the site's time zone at minute granularity (CONFCLOUD-70966), so
 * the time zone is always passed in, and a lower bound is rounded down and stepped back where a DST fall-back
 * makes the local time ambiguous: every reading of the literal is at or before the instant asked for.
 */
import { InvalidInputError } from './errors';

declare const cqlBrand: unique symbol;

/** A complete CQL query built by this module. */
export type CqlQuery = string & { readonly [cqlBrand]: 'query' };
/** A boolean expression built by this module. */
export type CqlClause = string & { readonly [cqlBrand]: 'clause' };

/** Fields the app queries. */
export type CqlField =
  | 'type'
  | 'space'
  | 'title'
  | 'id'
  | 'ancestor'
  | 'parent'
  | 'label'
  | 'lastmodified'
  | 'created'
  | 'text';

export type CqlOperator = '=' | '!=' | '~' | '!~' | '>' | '>=' | '<' | '<=';

export type ContentType = 'page' | 'blogpost';

const FIELDS: ReadonlySet<string> = new Set<CqlField>([
  'type', 'space', 'title', 'id', 'ancestor', 'parent', 'label', 'lastmodified', 'created', 'text',
]);
const OPERATORS: ReadonlySet<string> = new Set<CqlOperator>(['=', '!=', '~', '!~', '>', '>=', '<', '<=']);
const CONTENT_TYPES: ReadonlySet<string> = new Set<ContentType>(['page', 'blogpost']);

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

function assertField(field: string): void {
  if (!FIELDS.has(field)) throw new InvalidInputError(`CQL field ${field} is not allowed`);
}

function assertOperator(op: string): void {
  if (!OPERATORS.has(op)) throw new InvalidInputError(`CQL operator ${op} is not allowed`);
}

/** `field op "value"`. */
export function cqlWhere(field: CqlField, op: CqlOperator, value: string): CqlClause {
  assertField(field);
  assertOperator(op);
  return `${field} ${op} ${cqlString(value)}` as CqlClause;
}

/** `field IN ("a", "b")` (or NOT IN); at least one value. */
export function cqlIn(field: CqlField, values: readonly string[], negate = false): CqlClause {
  assertField(field);
  if (values.length === 0) throw new InvalidInputError(`CQL ${field} IN needs at least one value`);
  return `${field} ${negate ? 'NOT IN' : 'IN'} (${values.map(cqlString).join(', ')})` as CqlClause;
}

/** Clauses joined with AND, each parenthesised when it is itself compound. */
export function cqlAnd(...clauses: CqlClause[]): CqlClause {
  return join('AND', clauses);
}

/** Clauses joined with OR, the whole wrapped in parentheses so it cannot leak into a surrounding AND. */
export function cqlOr(...clauses: CqlClause[]): CqlClause {
  return `(${join('OR', clauses)})` as CqlClause;
}

function join(word: 'AND' | 'OR', clauses: CqlClause[]): CqlClause {
  if (clauses.length === 0) throw new InvalidInputError(`CQL ${word} needs at least one clause`);
  const parts = clauses.map((c) => (/ (AND|OR) /.test(stripLiterals(c)) && !isWrapped(c) ? `(${c})` : c));
  return parts.join(` ${word} `) as CqlClause;
}

/** The clause with string literals blanked, so words inside values do not look like operators. */
function stripLiterals(clause: string): string {
  return clause.replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

function isWrapped(clause: string): boolean {
  const s = stripLiterals(clause);
  if (!s.startsWith('(') || !s.endsWith(')')) return false;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    if (depth === 0 && i < s.length - 1) return false;
  }
  return true;
}

/** A finished query, optionally ordered. */
export function cqlQuery(clause: CqlClause, orderBy?: { field: 'lastmodified' | 'created' | 'title' | 'id'; direction: 'asc' | 'desc' }): CqlQuery {
  if (!orderBy) return clause as string as CqlQuery;
  assertField(orderBy.field);
  if (orderBy.direction !== 'asc' && orderBy.direction !== 'desc') throw new InvalidInputError('bad order direction');
  return `${clause} ORDER BY ${orderBy.field} ${orderBy.direction}` as CqlQuery;
}

// ---- dates ----

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      throw new InvalidInputError('time zone is not a valid IANA zone');
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** True if Intl knows the zone (e.g. 'Pacific/Auckland', 'UTC'). */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const MINUTE = 60_000;

/** The local wall-clock minute of `instantMs` in `timeZone`, expressed as if it were a UTC instant. */
function wallClock(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const hour = parts.hour === 24 ? 0 : (parts.hour ?? 0);
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, hour, parts.minute ?? 0);
}

function formatWall(wallMs: number): string {
  const d = new Date(wallMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** `"yyyy-MM-dd HH:mm"` (without quotes) for the minute containing `instantMs`, on the wall clock of `timeZone`. */
export function formatCqlDate(instantMs: number, timeZone: string): string {
  if (!Number.isFinite(instantMs)) throw new InvalidInputError('date must be a finite instant');
  return formatWall(wallClock(instantMs, timeZone));
}

/** Every instant whose wall-clock minute in `timeZone` is `wallMs` (two in a fall-back hour, one otherwise). */
function readingsOf(wallMs: number, nearMs: number, timeZone: string): number[] {
  const day = 24 * 3600_000;
  const offsets = new Set([nearMs - 2 * day, nearMs - day / 2, nearMs, nearMs + day / 2, nearMs + 2 * day].map(
    (t) => wallClock(t, timeZone) - Math.floor(t / MINUTE) * MINUTE,
  ));
  const readings: number[] = [];
  for (const offset of offsets) {
    const candidate = wallMs - offset;
    if (wallClock(candidate, timeZone) === wallMs) readings.push(candidate);
  }
  return readings;
}

/**
 * A CQL date literal (without quotes) that is at or before `instantMs` however Confluence reads it: rounded down
 * to the minute, and stepped back past a DST fall-back whose repeated hour would let a later reading skip changes.
 */
export function cqlLowerBoundDate(instantMs: number, timeZone: string): string {
  if (!Number.isFinite(instantMs)) throw new InvalidInputError('date must be a finite instant');
  let t = Math.floor(instantMs / MINUTE) * MINUTE;
  for (let step = 0; step < 4; step++) {
    const wall = wallClock(t, timeZone);
    const latest = Math.max(t, ...readingsOf(wall, t, timeZone));
    if (latest <= t) return formatWall(wall);
    t -= latest - t;
  }
  return formatWall(wallClock(t, timeZone));
}

// ---- the sync's queries ----

/** Minute granularity, site-time-zone reading and search-index lag all argue for looking back past the last scan. */
export const DEFAULT_OVERLAP_MS = 10 * MINUTE;

export interface ChangedSinceOptions {
  /** Start of the window: usually the previous scan's start. */
  sinceMs: number;
  /** How far before `sinceMs` to look as well; default DEFAULT_OVERLAP_MS. */
  overlapMs?: number;
  /** The site's IANA time zone (systemInfo `defaultTimeZone`). */
  timeZone: string;
  spaceKeys: readonly string[];
  types?: readonly ContentType[];
  /** Default ascending, so a scan that stops early has covered a prefix of time. */
  direction?: 'asc' | 'desc';
}

function typeClause(types: readonly ContentType[]): CqlClause {
  for (const t of types) if (!CONTENT_TYPES.has(t)) throw new InvalidInputError(`content type ${t} is not allowed`);
  if (types.length === 1) return cqlWhere('type', '=', types[0] as string);
  return cqlIn('type', types);
}

function spaceClause(spaceKeys: readonly string[]): CqlClause {
  const keys = spaceKeys.map(assertSpaceKey);
  return keys.length === 1 ? cqlWhere('space', '=', keys[0] as string) : cqlIn('space', keys);
}

/** `type = page AND space IN (...) AND lastmodified >= "<since - overlap>" ORDER BY lastmodified asc`. */
export function changedSinceQuery(options: ChangedSinceOptions): CqlQuery {
  const overlap = options.overlapMs ?? DEFAULT_OVERLAP_MS;
  if (!(overlap >= 0)) throw new InvalidInputError('overlap must be non-negative');
  const from = cqlLowerBoundDate(options.sinceMs - overlap, options.timeZone);
  return cqlQuery(
    cqlAnd(typeClause(options.types ?? ['page']), spaceClause(options.spaceKeys), cqlWhere('lastmodified', '>=', from)),
    { field: 'lastmodified', direction: options.direction ?? 'asc' },
  );
}

/** `type = page AND space IN (...) ORDER BY lastmodified desc`: everything the search index has for these spaces. */
export function contentInSpacesQuery(spaceKeys: readonly string[], types: readonly ContentType[] = ['page']): CqlQuery {
  return cqlQuery(cqlAnd(typeClause(types), spaceClause(spaceKeys)), { field: 'lastmodified', direction: 'desc' });
}

/** `type = page AND space = "KEY" AND title = "..."`: a page by exact title. */
export function pageByTitleQuery(spaceKey: string, title: string): CqlQuery {
  return cqlQuery(cqlAnd(cqlWhere('type', '=', 'page'), cqlWhere('space', '=', assertSpaceKey(spaceKey)), cqlWhere('title', '=', title)));
}
