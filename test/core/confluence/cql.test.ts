import { InvalidInputError, assertSpaceKey, cqlString, pageByTitleQuery } from '../../../src/core/confluence';

/** A tiny CQL lexer: enough to see a query's structure and the decoded value of each string literal. */
type Token = { kind: 'string'; value: string } | { kind: 'word' | 'op' | 'punct'; value: string };

function tokenize(cql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < cql.length) {
    const c = cql[i] as string;
    if (c === ' ') {
      i++;
    } else if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= cql.length) throw new Error('unterminated string');
        const d = cql[i] as string;
        if (d === '\\') {
          value += cql[i + 1] ?? '';
          i += 2;
        } else if (d === '"') {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push({ kind: 'string', value });
    } else if ('(),'.includes(c)) {
      tokens.push({ kind: 'punct', value: c });
      i++;
    } else if ('=!~<>'.includes(c)) {
      const two = cql.slice(i, i + 2);
      const op = ['!=', '!~', '>=', '<='].includes(two) ? two : c;
      tokens.push({ kind: 'op', value: op });
      i += op.length;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(cql.slice(i));
      if (!m) throw new Error(`unexpected character ${c}`);
      tokens.push({ kind: 'word', value: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

const shape = (cql: string) => tokenize(cql).map((t) => (t.kind === 'string' ? 'STR' : `${t.kind}:${t.value.toUpperCase()}`));
const literals = (cql: string) => tokenize(cql).filter((t) => t.kind === 'string').map((t) => t.value);

const HOSTILE = [
  'Plain title',
  'He said "hi"',
  'Foo" OR space = "X',
  'a\\" OR type = page OR "',
  'back\\slash\\',
  '\\"',
  '(x) AND (y) OR z',
  'title ~ "*" ORDER BY id',
  '~',
  'AND',
  'ÜnïcødΣ 日本語 🚀 ‮rtl',
  "O'Brien's page",
];

describe('CQL string literals', () => {
  it('escapes backslash and double quote with a backslash', () => {
    expect(cqlString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(cqlString('')).toBe('""');
  });

  it.each(HOSTILE)('never changes the structure of a title query: %s', (title) => {
    const q = pageByTitleQuery('ENG', title);
    expect(shape(q)).toEqual(shape(pageByTitleQuery('ENG', 'benign')));
    expect(literals(q)).toEqual(['page', 'ENG', title]);
  });

  it('builds exact strings', () => {
    expect(pageByTitleQuery('ENG', 'A "B" (C) AND D')).toBe('type = "page" AND space = "ENG" AND title = "A \\"B\\" (C) AND D"');
  });

  it('refuses control characters and broken Unicode rather than repairing them', () => {
    expect(() => cqlString('line\nbreak')).toThrow(InvalidInputError);
    expect(() => cqlString('nul\u0000')).toThrow(InvalidInputError);
    expect(() => cqlString('lone \uD800 surrogate')).toThrow(InvalidInputError);
    expect(cqlString('pair 😀')).toBe('"pair 😀"');
  });

});

describe('space keys', () => {
  it.each(['ENG', 'docs2', '~5b10ac8d82e05b22cc7d4ef5', '~557058:f58131cb-b67d-43c7-b30d-6b58d40bd077'])('accepts %s', (key) => {
    expect(assertSpaceKey(key)).toBe(key);
  });

  it.each(['ENG" OR space = "X', 'A B', 'ENG)', '', 'Ünï', 'a,b', '~'])('rejects %j', (key) => {
    expect(() => assertSpaceKey(key)).toThrow(InvalidInputError);
  });

  it('rejects bad keys inside the title query', () => {
    expect(() => pageByTitleQuery('X") OR ("1', 'Title')).toThrow(InvalidInputError);
  });
});
