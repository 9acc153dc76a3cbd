import {
  InvalidInputError,
  assertSpaceKey,
  changedSinceQuery,
  contentInSpacesQuery,
  cqlLowerBoundDate,
  cqlString,
  formatCqlDate,
  cqlAnd,
  cqlIn,
  cqlOr,
  cqlQuery,
  cqlWhere,
  isValidTimeZone,
  pageByTitleQuery,
} from '../../src/core/confluence';

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

  it('keeps hostile values inside IN lists and OR groups', () => {
    const q = cqlQuery(cqlAnd(cqlIn('label', HOSTILE), cqlOr(cqlWhere('title', '~', HOSTILE[2] as string), cqlWhere('text', '~', HOSTILE[3] as string))));
    const benign = cqlQuery(cqlAnd(cqlIn('label', HOSTILE.map(() => 'x')), cqlOr(cqlWhere('title', '~', 'x'), cqlWhere('text', '~', 'x'))));
    expect(shape(q)).toEqual(shape(benign));
    expect(literals(q)).toEqual([...HOSTILE, HOSTILE[2], HOSTILE[3]]);
  });

  it('builds exact strings', () => {
    expect(pageByTitleQuery('ENG', 'A "B" (C) AND D')).toBe('type = "page" AND space = "ENG" AND title = "A \\"B\\" (C) AND D"');
    expect(cqlAnd(cqlWhere('type', '=', 'page'), cqlOr(cqlWhere('space', '=', 'A'), cqlWhere('space', '=', 'B')))).toBe(
      'type = "page" AND (space = "A" OR space = "B")',
    );
  });

  it('refuses control characters and broken Unicode rather than repairing them', () => {
    expect(() => cqlString('line\nbreak')).toThrow(InvalidInputError);
    expect(() => cqlString('nul\u0000')).toThrow(InvalidInputError);
    expect(() => cqlString('lone \uD800 surrogate')).toThrow(InvalidInputError);
    expect(cqlString('pair 😀')).toBe('"pair 😀"');
  });

  it('refuses fields and operators outside the allow-lists even through casts', () => {
    expect(() => cqlWhere('title OR 1' as never, '=', 'x')).toThrow(InvalidInputError);
    expect(() => cqlWhere('title', '= "x" OR title =' as never, 'x')).toThrow(InvalidInputError);
    expect(() => cqlIn('space', [])).toThrow(InvalidInputError);
  });
});

describe('space keys', () => {
  it.each(['ENG', 'docs2', '~5b10ac8d82e05b22cc7d4ef5', '~557058:f58131cb-b67d-43c7-b30d-6b58d40bd077'])('accepts %s', (key) => {
    expect(assertSpaceKey(key)).toBe(key);
  });

  it.each(['ENG" OR space = "X', 'A B', 'ENG)', '', 'Ünï', 'a,b', '~'])('rejects %j', (key) => {
    expect(() => assertSpaceKey(key)).toThrow(InvalidInputError);
  });

  it('rejects bad keys inside the sync queries', () => {
    expect(() => contentInSpacesQuery(['ENG', 'X") OR ("1'])).toThrow(InvalidInputError);
  });
});

describe('CQL dates in the site time zone', () => {
  const utc = (y: number, mo: number, d: number, h: number, mi: number, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s);

  it('formats yyyy-MM-dd HH:mm on the wall clock of the given zone, seconds dropped', () => {
    expect(formatCqlDate(utc(2025, 1, 15, 0, 30, 45), 'Pacific/Auckland')).toBe('2025-01-15 13:30'); // NZDT +13
    expect(formatCqlDate(utc(2025, 7, 15, 0, 30), 'Pacific/Auckland')).toBe('2025-07-15 12:30'); // NZST +12
    expect(formatCqlDate(utc(2025, 1, 15, 0, 30), 'America/Los_Angeles')).toBe('2025-01-14 16:30'); // PST -8
    expect(formatCqlDate(utc(2025, 7, 15, 0, 0), 'America/Los_Angeles')).toBe('2025-07-14 17:00'); // PDT -7
    expect(formatCqlDate(utc(2025, 7, 15, 0, 0), 'UTC')).toBe('2025-07-15 00:00');
  });

  it('crosses the spring-forward gap in Los Angeles (9 Mar 2025, 02:00 -> 03:00)', () => {
    expect(formatCqlDate(utc(2025, 3, 9, 9, 59), 'America/Los_Angeles')).toBe('2025-03-09 01:59');
    expect(formatCqlDate(utc(2025, 3, 9, 10, 0), 'America/Los_Angeles')).toBe('2025-03-09 03:00');
    expect(cqlLowerBoundDate(utc(2025, 3, 9, 10, 0), 'America/Los_Angeles')).toBe('2025-03-09 03:00');
  });

  it('crosses the spring-forward gap in Auckland (28 Sep 2025, 02:00 -> 03:00)', () => {
    expect(formatCqlDate(utc(2025, 9, 27, 13, 59), 'Pacific/Auckland')).toBe('2025-09-28 01:59');
    expect(formatCqlDate(utc(2025, 9, 27, 14, 0), 'Pacific/Auckland')).toBe('2025-09-28 03:00');
  });

  it('steps a lower bound back out of the repeated hour at fall-back (LA, 2 Nov 2025)', () => {
    // 08:30Z is the first 01:30 (PDT); "01:30" could also be read as 09:30Z, an hour later: step back.
    expect(formatCqlDate(utc(2025, 11, 2, 8, 30), 'America/Los_Angeles')).toBe('2025-11-02 01:30');
    expect(cqlLowerBoundDate(utc(2025, 11, 2, 8, 30), 'America/Los_Angeles')).toBe('2025-11-02 00:30');
    // 09:30Z is the second 01:30 (PST): both readings are at or before it.
    expect(cqlLowerBoundDate(utc(2025, 11, 2, 9, 30), 'America/Los_Angeles')).toBe('2025-11-02 01:30');
  });

  it('steps a lower bound back out of the repeated hour at fall-back (Auckland, 6 Apr 2025)', () => {
    expect(formatCqlDate(utc(2025, 4, 5, 13, 30), 'Pacific/Auckland')).toBe('2025-04-06 02:30');
    expect(cqlLowerBoundDate(utc(2025, 4, 5, 13, 30), 'Pacific/Auckland')).toBe('2025-04-06 01:30');
    expect(cqlLowerBoundDate(utc(2025, 4, 5, 14, 30), 'Pacific/Auckland')).toBe('2025-04-06 02:30');
  });

  /** Every instant the literal can name in `zone`: wall time minus each quarter-hour offset from -14 h to +14 h. */
  function readings(literal: string, zone: string): number[] {
    const [date, time] = literal.split(' ') as [string, string];
    const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
    const [h, mi] = time.split(':').map(Number) as [number, number];
    const wall = Date.UTC(y, mo - 1, d, h, mi);
    const out: number[] = [];
    for (let q = -56; q <= 56; q++) {
      const t = wall - q * 15 * 60_000;
      if (formatCqlDate(t, zone) === literal) out.push(t);
    }
    return out;
  }

  it.each([
    ['America/Los_Angeles', Date.UTC(2025, 10, 2, 9, 0)],
    ['America/Los_Angeles', Date.UTC(2025, 2, 9, 10, 0)],
    ['Pacific/Auckland', Date.UTC(2025, 3, 5, 14, 0)],
    ['Pacific/Auckland', Date.UTC(2025, 8, 27, 14, 0)],
  ])('every reading of a lower bound is at or before the instant, and not far before (%s)', (zone, transition) => {
    for (let t = transition - 3 * 3600_000 + 17_000; t <= transition + 3 * 3600_000; t += 7 * 60_000) {
      const literal = cqlLowerBoundDate(t, zone);
      const rs = readings(literal, zone);
      expect(rs.length).toBeGreaterThan(0);
      for (const r of rs) {
        expect(r).toBeLessThanOrEqual(t);
        expect(t - r).toBeLessThan(2 * 3600_000 + 60_000);
      }
    }
  });

  it('rejects unknown zones and non-finite instants', () => {
    expect(isValidTimeZone('Pacific/Auckland')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => formatCqlDate(0, 'Mars/Olympus_Mons')).toThrow(InvalidInputError);
    expect(() => formatCqlDate(Number.NaN, 'UTC')).toThrow(InvalidInputError);
  });
});

describe('sync queries', () => {
  it('builds the changed-since query with the overlap window, in the site zone, oldest first', () => {
    const q = changedSinceQuery({
      sinceMs: Date.UTC(2025, 10, 2, 9, 40, 30),
      overlapMs: 10 * 60_000,
      timeZone: 'America/Los_Angeles',
      spaceKeys: ['ENG', 'DOCS'],
    });
    expect(q).toBe('type = "page" AND space IN ("ENG", "DOCS") AND lastmodified >= "2025-11-02 01:30" ORDER BY lastmodified asc');
  });

  it('uses = for a single space and a site far from UTC', () => {
    const q = changedSinceQuery({
      sinceMs: Date.UTC(2025, 0, 15, 11, 5),
      timeZone: 'Pacific/Auckland',
      spaceKeys: ['KB'],
    });
    // default overlap 10 min: 10:55Z = 23:55 NZDT
    expect(q).toBe('type = "page" AND space = "KB" AND lastmodified >= "2025-01-15 23:55" ORDER BY lastmodified asc');
  });

  it('lists content of spaces newest first', () => {
    expect(contentInSpacesQuery(['A', 'B'], ['page', 'blogpost'])).toBe(
      'type IN ("page", "blogpost") AND space IN ("A", "B") ORDER BY lastmodified desc',
    );
  });

  it('refuses unknown content types and negative overlaps', () => {
    expect(() => contentInSpacesQuery(['A'], ['attachment' as never])).toThrow(InvalidInputError);
    expect(() => changedSinceQuery({ sinceMs: 0, overlapMs: -1, timeZone: 'UTC', spaceKeys: ['A'] })).toThrow(InvalidInputError);
  });
});
