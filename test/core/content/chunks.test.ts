import { chunkPage, expandIncludes, extractContent, headingAnchor, type PageMeta } from '../../../src/core/content';

const page: PageMeta = { pageId: '123', version: 7, spaceKey: 'ENG', title: 'Deploy runbook', url: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/123/Deploy+runbook' };

describe('chunkPage', () => {
  it('starts a chunk at each heading and carries page id, version, space, title, heading path and section URL', () => {
    const { blocks } = extractContent('<p>Intro text.</p><h1>Getting started</h1><p>Install it.</p><h2>On macOS</h2><p>Use brew.</p><h1>FAQ</h1><p>None yet.</p>');
    const chunks = chunkPage(page, blocks);
    expect(chunks.map((c) => [c.index, c.headingPath, c.text])).toEqual([
      [0, [], 'Intro text.'],
      [1, ['Getting started'], 'Install it.'],
      [2, ['Getting started', 'On macOS'], 'Use brew.'],
      [3, ['FAQ'], 'None yet.'],
    ]);
    expect(chunks[0].url).toBe(page.url);
    expect(chunks[2].url).toBe(`${page.url}#On-macOS`);
    expect(chunks.every((c) => c.pageId === '123' && c.version === 7 && c.spaceKey === 'ENG' && c.title === 'Deploy runbook')).toBe(true);
  });

  it('splits a long section by size with a small overlap', () => {
    const words = Array.from({ length: 250 }, (_, i) => `w${i}`).join(' ');
    const chunks = chunkPage(page, extractContent(`<h2>Long</h2><p>${words}</p>`).blocks, { maxWords: 100, overlapWords: 10 });
    expect(chunks).toHaveLength(3);
    expect(chunks.every((c) => c.headingPath[0] === 'Long')).toBe(true);
    const first = chunks[0].text.split(' ');
    const second = chunks[1].text.split(' ');
    expect(first).toHaveLength(100);
    expect(second.slice(0, 10)).toEqual(first.slice(90));
    expect(chunks[2].text.split(' ').pop()).toBe('w249');
  });

  it('keeps table rows with their headers in chunk text', () => {
    const chunks = chunkPage(page, extractContent('<table><tr><th>Env</th><th>Owner</th></tr><tr><td>prod</td><td>SRE</td></tr></table>').blocks);
    expect(chunks[0].text).toBe('Env: prod; Owner: SRE');
  });

  it('puts each table row, with its header cells, on its own line after the prose', () => {
    const storage = '<p>Owners by service.</p><table><tr><th>Service</th><th>Owner</th></tr><tr><td>billing</td><td>Payments</td></tr><tr><td>search</td><td>Search</td></tr></table><p>Ask in #help.</p>';
    expect(chunkPage(page, extractContent(storage).blocks)[0].text).toBe('Owners by service.\nService: billing; Owner: Payments\nService: search; Owner: Search\nAsk in #help.');
  });

  it('never cuts a table row across windows, and overlaps by whole rows', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `<tr><td>row${i}</td><td>alpha${i} beta${i} gamma${i}</td></tr>`).join('');
    const storage = `<h2>Big table</h2><table><tr><th>Key</th><th>Value</th></tr>${rows}</table>`;
    const chunks = chunkPage(page, extractContent(storage).blocks, { maxWords: 20, overlapWords: 5 });
    expect(chunks.length).toBeGreaterThan(5);
    const lines = chunks.flatMap((c) => c.text.split('\n'));
    // Every line is a whole row: key, then all three value words of the same row.
    for (const line of lines) expect(line).toMatch(/^Key: row(\d+); Value: alpha\1 beta\1 gamma\1$/);
    const seen = new Set(lines.map((l) => /row(\d+)/.exec(l)![1]));
    expect(seen.size).toBe(30);
    expect(chunks.every((c) => c.text.split(' ').length <= 20)).toBe(true);
    // An overlap smaller than a row repeats nothing; one that holds a row repeats it whole.
    expect(lines).toHaveLength(30);
    const wide = chunkPage(page, extractContent(storage).blocks, { maxWords: 40, overlapWords: 10 });
    expect(wide[1].text.split('\n')[0]).toBe(wide[0].text.split('\n').pop());
    for (const line of wide.flatMap((c) => c.text.split('\n'))) expect(line).toMatch(/^Key: row(\d+); Value: alpha\1 beta\1 gamma\1$/);
  });

  it('cuts a row longer than a whole window by words, losing none', () => {
    const long = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
    const chunks = chunkPage(page, extractContent(`<table><tr><td>${long}</td></tr></table>`).blocks, { maxWords: 20, overlapWords: 0 });
    expect(chunks.map((c) => c.text).join(' ')).toBe(long);
  });

  it('yields one title-only chunk for an empty page', () => {
    const chunks = chunkPage(page, []);
    expect(chunks).toEqual([{ ...page, headingPath: [], index: 0, text: '' }]);
  });

  it('cuts runaway words so no chunk grows without bound', () => {
    const chunks = chunkPage(page, extractContent(`<p>${'x'.repeat(100_000)}</p>`).blocks, { maxWords: 50 });
    expect(chunks.every((c) => c.text.length <= 50 * 101)).toBe(true);
    expect(chunks.map((c) => c.text.replace(/ /g, '')).join('').length).toBeGreaterThanOrEqual(100_000);
  });

  it('replaces include blocks with the included page content when it is known', () => {
    const { blocks } = extractContent('<p>Before.</p><ac:structured-macro ac:name="include"><ac:parameter ac:name=""><ac:link><ri:page ri:content-title="Footer" /></ac:link></ac:parameter></ac:structured-macro>');
    const footer = extractContent('<p>Shared footer text.</p>').blocks;
    const expanded = expandIncludes(blocks, (ref) => (ref.title === 'Footer' ? footer : undefined));
    expect(chunkPage(page, expanded)[0].text).toBe('Before. Shared footer text.');
    expect(expandIncludes(blocks, () => undefined)).toEqual(blocks);
  });
});

describe('headingAnchor', () => {
  it('follows Confluence Cloud: whitespace runs become dashes, case is kept, the rest is URL-encoded', () => {
    expect(headingAnchor('Getting started')).toBe('Getting-started');
    expect(headingAnchor('  Q&A  for  v2 ')).toBe('Q%26A-for-v2');
    expect(headingAnchor('Überblick')).toBe('%C3%9Cberblick');
  });
});
