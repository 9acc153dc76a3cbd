import { analyze, analyzeQuery, ENGLISH_STOPWORDS } from '../../../src/core/index';

function allTerms(text: string): string[] {
  const { terms, extras } = analyze(text);
  return [...terms, ...extras];
}

describe('analyze: words as Lucene’s English analyzer gives them', () => {
  it('lowercases, drops possessives and stopwords, and Porter-stems', () => {
    expect(analyze("The Engineer's proteins are running").terms).toEqual(['engin', 'protein', 'run']);
    expect(analyze('generalization relational hopeful').terms).toEqual(['gener', 'relat', 'hope']);
  });

  it('uses Lucene’s 33 English stopwords', () => {
    expect(ENGLISH_STOPWORDS.size).toBe(33);
    expect(analyze('a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with').terms).toEqual([]);
  });
});

describe('analyze: identifiers findable in exact and split forms', () => {
  const cases: Array<[string, string[]]> = [
    ['getUserById', ['getuserbyid', 'get', 'user', 'id']],
    ['get_user_by_id', ['get_user_by_id', 'get', 'user', 'id', 'getuserbyid']],
    ['v2.3.1', ['v2.3.1', 'v2']],
    ['ERR_CONN_RESET', ['err_conn_reset', 'err', 'conn', 'reset', 'errconnreset']],
    ['/api/v2/pages', ['api', 'v2', 'page', '/api/v2/pages', 'api/v2/pages']],
    ['--dry-run', ['dry', 'run', '--dry-run', 'dry-run', 'dryrun']],
  ];
  it.each(cases)('%s', (input, expected) => {
    const terms = allTerms(input);
    for (const t of expected) expect(terms).toContain(t);
  });

  it('lets camelCase and snake_case spellings of one identifier meet', () => {
    const camel = new Set(allTerms('getUserById'));
    expect(allTerms('get_user_by_id').filter((t) => camel.has(t)).length).toBeGreaterThanOrEqual(4);
  });

  it('counts only word terms towards length, not identifier extras', () => {
    const { terms, extras } = analyze('ERR_CONN_RESET');
    expect(terms).toEqual(['err_conn_reset']);
    expect(extras.length).toBeGreaterThan(0);
  });
});

describe('analyzeQuery: any string is accepted', () => {
  it.each([
    ['only punctuation', '!!! ??? ... --- /// ;;;'],
    ['empty', ''],
    ['emoji', '🚀🔥💥'],
    ['right-to-left', 'مرحبا بالعالم שלום'],
    ['CJK', '日本語のテキスト'],
    ['control characters', '\u0000\u0001\uFFFF\uD800'],
    ['10,000 characters', 'deploy '.repeat(1429)],
    ['regex metacharacters', '.*+?^${}()|[]\\'],
  ])('%s', (_name, query) => {
    expect(() => analyzeQuery(query)).not.toThrow();
    expect(analyzeQuery(query).size).toBeLessThanOrEqual(64);
  });

  it('finds words in RTL and CJK queries and counts repeated terms', () => {
    expect([...analyzeQuery('مرحبا').keys()]).toEqual(['مرحبا']);
    expect([...analyzeQuery('日本').keys()]).toEqual(['日', '本']);
    expect(analyzeQuery('deploy deploy rollback').get('deploi')).toBe(2);
  });

  it('returns nothing searchable for punctuation only', () => {
    expect(analyzeQuery('!!! ??? ...').size).toBe(0);
  });

  it('treats non-strings as empty', () => {
    expect(analyzeQuery(undefined as unknown as string).size).toBe(0);
  });
});
