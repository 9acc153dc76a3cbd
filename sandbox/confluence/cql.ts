/**
 * The subset of CQL the app uses: a tokenizer, a recursive-descent parser and an evaluator over search-index
 * entries. Fields: type, space (space.key), id (content), ancestor, parent, title, text, siteSearch, label,
 * lastmodified, created. Operators: = != ~ !~ > >= < <= in, not in; and / or / not; parentheses;
 * `order by field [asc|desc], ...`. Date literals ("yyyy-MM-dd HH:mm", "yyyy/MM/dd HH:mm", date-only) are read in
 * the site's time zone and compared at minute granularity, as on Cloud (CONFCLOUD-70966).
 * Anything else is a CqlError, which the routes answer with Cloud's 400.
 */
import { localToEpoch } from './timezone';
import { searchableText, type IndexEntry } from './search-index';

export class CqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CqlError';
  }
}

type TokenType = 'word' | 'string' | 'op' | '(' | ')' | ',' | 'eof';
interface Token {
  type: TokenType;
  value: string;
  at: number;
}

export function tokenize(cql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < cql.length) {
    const c = cql[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, value: c, at: i });
      i++;
      continue;
    }
    const two = cql.slice(i, i + 2);
    if (two === '!=' || two === '!~' || two === '>=' || two === '<=') {
      tokens.push({ type: 'op', value: two, at: i });
      i += 2;
      continue;
    }
    if (c === '=' || c === '~' || c === '>' || c === '<') {
      tokens.push({ type: 'op', value: c, at: i });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      for (; j < cql.length && cql[j] !== c; j++) {
        if (cql[j] === '\\' && j + 1 < cql.length) j++;
        value += cql[j];
      }
      if (j >= cql.length) throw new CqlError(`unterminated string starting at position ${i}`);
      tokens.push({ type: 'string', value, at: i });
      i = j + 1;
      continue;
    }
    const m = /^[^\s()=,!~<>"']+/.exec(cql.slice(i));
    if (!m) throw new CqlError(`unexpected character '${c}' at position ${i}`);
    tokens.push({ type: 'word', value: m[0], at: i });
    i += m[0].length;
  }
  tokens.push({ type: 'eof', value: '', at: cql.length });
  return tokens;
}

export type CqlNode =
  | { t: 'and' | 'or'; left: CqlNode; right: CqlNode }
  | { t: 'not'; expr: CqlNode }
  | { t: 'clause'; field: Field; op: string; values: string[] };

export interface CqlQuery {
  where: CqlNode;
  orderBy: Array<{ field: 'lastmodified' | 'created' | 'title'; dir: 'asc' | 'desc' }>;
}

type Field = 'type' | 'space' | 'id' | 'ancestor' | 'parent' | 'title' | 'text' | 'label' | 'lastmodified' | 'created';

const FIELDS: Record<string, Field> = {
  type: 'type',
  space: 'space',
  'space.key': 'space',
  id: 'id',
  content: 'id',
  ancestor: 'ancestor',
  parent: 'parent',
  title: 'title',
  text: 'text',
  sitesearch: 'text',
  label: 'label',
  lastmodified: 'lastmodified',
  created: 'created',
};

const OPS: Record<Field, string[]> = {
  type: ['=', '!=', 'in', 'not in'],
  space: ['=', '!=', 'in', 'not in'],
  id: ['=', '!=', 'in', 'not in'],
  ancestor: ['=', '!=', 'in', 'not in'],
  parent: ['=', '!=', 'in', 'not in'],
  title: ['~', '!~', '=', '!=', 'in', 'not in'],
  text: ['~', '!~'],
  label: ['=', '!=', 'in', 'not in'],
  lastmodified: ['=', '!=', '>', '>=', '<', '<='],
  created: ['=', '!=', '>', '>=', '<', '<='],
};

const keyword = (t: Token, word: string): boolean => t.type === 'word' && t.value.toLowerCase() === word;

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): CqlQuery {
    if (this.peek().type === 'eof') throw new CqlError('empty query');
    const where = this.or();
    const orderBy: CqlQuery['orderBy'] = [];
    if (keyword(this.peek(), 'order')) {
      this.pos++;
      if (!keyword(this.next(), 'by')) throw new CqlError("expected 'by' after 'order'");
      do {
        const f = this.next();
        const field = f.type === 'word' ? f.value.toLowerCase() : '';
        if (field !== 'lastmodified' && field !== 'created' && field !== 'title') throw new CqlError(`cannot order by '${f.value}'`);
        let dir: 'asc' | 'desc' = 'asc';
        if (keyword(this.peek(), 'asc') || keyword(this.peek(), 'desc')) dir = this.next().value.toLowerCase() as 'asc' | 'desc';
        orderBy.push({ field, dir });
      } while (this.peek().type === ',' && this.next());
    }
    const rest = this.peek();
    if (rest.type !== 'eof') throw new CqlError(`unexpected '${rest.value}' at position ${rest.at}`);
    return { where, orderBy };
  }

  private or(): CqlNode {
    let left = this.and();
    while (keyword(this.peek(), 'or')) {
      this.pos++;
      left = { t: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): CqlNode {
    let left = this.unary();
    for (;;) {
      if (keyword(this.peek(), 'and')) {
        this.pos++;
        left = { t: 'and', left, right: this.unary() };
      } else if (keyword(this.peek(), 'not')) {
        // CQL's binary form: `a NOT b` means a AND NOT b.
        this.pos++;
        left = { t: 'and', left, right: { t: 'not', expr: this.unary() } };
      } else return left;
    }
  }

  private unary(): CqlNode {
    if (keyword(this.peek(), 'not')) {
      this.pos++;
      return { t: 'not', expr: this.unary() };
    }
    if (this.peek().type === '(') {
      this.pos++;
      const inner = this.or();
      if (this.next().type !== ')') throw new CqlError("expected ')'");
      return inner;
    }
    return this.clause();
  }

  private clause(): CqlNode {
    const f = this.next();
    if (f.type !== 'word') throw new CqlError(`expected a field name at position ${f.at}`);
    const field = FIELDS[f.value.toLowerCase()];
    if (!field) throw new CqlError(`unknown field '${f.value}'`);
    let op: string;
    const t = this.next();
    if (t.type === 'op') op = t.value;
    else if (keyword(t, 'in')) op = 'in';
    else if (keyword(t, 'not') && keyword(this.peek(), 'in')) {
      this.pos++;
      op = 'not in';
    } else throw new CqlError(`expected an operator after '${f.value}' at position ${t.at}`);
    if (!OPS[field].includes(op)) throw new CqlError(`operator '${op}' is not supported for field '${f.value}'`);
    const values: string[] = [];
    if (op === 'in' || op === 'not in') {
      if (this.next().type !== '(') throw new CqlError(`expected '(' after '${op}'`);
      do values.push(this.value());
      while (this.peek().type === ',' && this.next());
      if (this.next().type !== ')') throw new CqlError("expected ')' to close the list");
    } else values.push(this.value());
    return { t: 'clause', field, op, values };
  }

  private value(): string {
    const v = this.next();
    if (v.type !== 'word' && v.type !== 'string') throw new CqlError(`expected a value at position ${v.at}`);
    return v.value;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const t = this.tokens[this.pos];
    if (t.type !== 'eof') this.pos++;
    return t;
  }
}

export interface CompiledQuery extends CqlQuery {
  /** Relevance of an entry for text clauses (0 when none); undefined when the entry does not match. */
  match(entry: IndexEntry): number | undefined;
}

const MINUTE = 60_000;

/** Parses and validates CQL; date literals are resolved in `timeZone` now, so a bad date fails fast. */
export function compile(cql: string, timeZone: string): CompiledQuery {
  const query = new Parser(tokenize(cql)).parse();
  const dates = new Map<string, number>();
  const visit = (n: CqlNode): void => {
    if (n.t === 'clause') {
      if (n.field === 'lastmodified' || n.field === 'created') dates.set(n.values[0], parseDate(n.values[0], timeZone));
      if (['id', 'ancestor', 'parent'].includes(n.field)) {
        for (const v of n.values) if (!/^\d+$/.test(v)) throw new CqlError(`'${v}' is not a valid content id`);
      }
    } else if (n.t === 'not') visit(n.expr);
    else {
      visit(n.left);
      visit(n.right);
    }
  };
  visit(query.where);
  const evaluate = (n: CqlNode, e: IndexEntry, score: { s: number }): boolean => {
    switch (n.t) {
      case 'and':
        return evaluate(n.left, e, score) && evaluate(n.right, e, score);
      case 'or': {
        const l = evaluate(n.left, e, score);
        const r = evaluate(n.right, e, score);
        return l || r;
      }
      case 'not':
        return !evaluate(n.expr, e, { s: 0 });
      case 'clause':
        return clauseMatches(n, e, dates, score);
    }
  };
  return {
    ...query,
    match(entry) {
      const score = { s: 0 };
      return evaluate(query.where, entry, score) ? score.s : undefined;
    },
  };
}

function clauseMatches(n: Extract<CqlNode, { t: 'clause' }>, e: IndexEntry, dates: Map<string, number>, score: { s: number }): boolean {
  const negated = n.op === '!=' || n.op === 'not in' || n.op === '!~';
  const anyOf = (pred: (v: string) => boolean): boolean => {
    const hit = n.values.some(pred);
    return negated ? !hit : hit;
  };
  switch (n.field) {
    case 'type':
      return anyOf((v) => v.toLowerCase() === 'page');
    case 'space':
      return anyOf((v) => v === e.spaceKey);
    case 'id':
      return anyOf((v) => v === e.id);
    case 'ancestor':
      return anyOf((v) => e.ancestorIds.includes(v));
    case 'parent':
      return anyOf((v) => v === e.parentId);
    case 'label':
      return anyOf((v) => e.labels.includes(v));
    case 'title':
      if (n.op === '~' || n.op === '!~') return textClause(n.values[0], e.title.toLowerCase(), negated, score);
      return anyOf((v) => v === e.title);
    case 'text':
      return textClause(n.values[0], searchableText(e), negated, score);
    case 'lastmodified':
    case 'created': {
      const at = Math.floor((n.field === 'created' ? e.createdAt : e.modifiedAt) / MINUTE) * MINUTE;
      const literal = dates.get(n.values[0]) as number;
      switch (n.op) {
        case '=':
          return at === literal;
        case '!=':
          return at !== literal;
        case '>':
          return at > literal;
        case '>=':
          return at >= literal;
        case '<':
          return at < literal;
        default:
          return at <= literal;
      }
    }
  }
}

const WORD = '[\\p{L}\\p{N}]';
const matchers = new Map<string, { phrase: RegExp | null; terms: Array<{ needle: string; re: RegExp }> }>();

/** A `~` value compiled once: its terms (a trailing `*` is a prefix) and, when quoted, the phrase. */
function textMatcher(query: string): { phrase: RegExp | null; terms: Array<{ needle: string; re: RegExp }> } {
  let m = matchers.get(query);
  if (!m) {
    const trimmed = query.trim();
    const quoted = trimmed.length > 1 && trimmed.startsWith('"') && trimmed.endsWith('"');
    // Split like the index does: punctuation separates words (ERR_CONN_RESET is err, conn, reset).
    const raw = trimmed.toLowerCase().split(/[^\p{L}\p{N}*]+/u).filter((t) => t && t !== '*');
    const terms = raw.map((t) => {
      const prefix = t.endsWith('*');
      const needle = t.replace(/\*/g, '');
      return { needle, re: new RegExp(`(?<!${WORD})${needle}${prefix ? '' : `(?!${WORD})`}`, 'gu') };
    });
    const phrase = quoted && terms.length > 1 ? new RegExp(`(?<!${WORD})${terms.map((t) => t.needle).join(`[^\\p{L}\\p{N}]+`)}(?!${WORD})`, 'u') : null;
    m = { phrase, terms };
    if (matchers.size > 500) matchers.clear();
    matchers.set(query, m);
  }
  return m;
}

/** Every query word must occur as a word (a trailing `*` matches a prefix); a quoted phrase must occur as one. */
function textClause(query: string, text: string, negated: boolean, score: { s: number }): boolean {
  const { phrase, terms } = textMatcher(query);
  if (!terms.length) return negated;
  let total = 0;
  let matched = true;
  for (const t of terms) {
    // A cheap substring test first: most entries fail here.
    const hits = text.includes(t.needle) ? (text.match(t.re)?.length ?? 0) : 0;
    if (!hits) {
      matched = false;
      break;
    }
    total += hits;
  }
  if (matched && phrase) matched = phrase.test(text);
  if (matched && !negated) score.s += total;
  return negated ? !matched : matched;
}

function parseDate(literal: string, zone: string): number {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(literal.trim());
  if (!m) throw new CqlError(`'${literal}' is not a valid date: use "yyyy-MM-dd HH:mm", "yyyy/MM/dd HH:mm" or "yyyy-MM-dd"`);
  const [y, mo, d, h, mi] = [+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) throw new CqlError(`'${literal}' is not a valid date`);
  return localToEpoch(zone, y, mo, d, h, mi);
}
