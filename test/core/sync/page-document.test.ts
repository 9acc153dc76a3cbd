import { pageDocument } from '../../../src/core/sync';
import { parseStorage } from '../../../src/core/storage';
import { indexedText, referenceText, wordRecall } from '../../../bench/word-recall';
import { storageCorpus } from '../../fixtures/storage/corpus';

const page = { pageId: '7', version: 2, spaceKey: 'ENG', title: 'Runbook', url: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/7/Runbook' };

function chunksOf(body: string): Array<{ headingPath: string[]; text: string }> {
  return pageDocument({ ...page, body }).chunks.map((c) => ({ headingPath: c.headingPath, text: c.text }));
}

function macro(name: string, params: string, body: string): string {
  return `<ac:structured-macro ac:name="${name}">${params}<ac:plain-text-body><![CDATA[${body}]]></ac:plain-text-body></ac:structured-macro>`;
}

describe('pageDocument index text', () => {
  it('keeps the body of a third-party code macro, with its section', () => {
    const chunks = chunksOf(`<h2>Retry</h2>${macro('code-pro', '<ac:parameter ac:name="language">python</ac:parameter>', 'def backoff_ms(attempt):\n    return 2 ** attempt')}`);
    expect(chunks).toEqual([{ headingPath: ['Retry'], text: 'def backoff_ms(attempt): return 2 ** attempt' }]);
  });

  it('keeps unmigrated wiki markup and diagram-as-text macro bodies', () => {
    const text = chunksOf(macro('unmigrated-wiki-markup', '', 'h1. Legacy rollout\n* step {{kubectl}}') + macro('mermaid-cloud', '', 'graph TD; Queue-->Worker'))[0].text;
    expect(text).toContain('h1. Legacy rollout * step {{kubectl}}');
    expect(text).toContain('graph TD; Queue-->Worker');
  });

  it('keeps the visible text of an html macro, never its markup or scripts', () => {
    const chunks = chunksOf(`<p>Notice.</p>${macro('html', '', '<div class="banner"><h3>Maintenance</h3><p>Saturday <b>02:00</b> UTC</p><script>track()</script></div>')}`);
    // Its headings are headings, as the page Markdown renders them: a section of their own.
    expect(chunks).toEqual([
      { headingPath: [], text: 'Notice.' },
      { headingPath: ['Maintenance'], text: 'Saturday 02:00 UTC' },
    ]);
  });

  it('keeps a plain-text macro inside a list item or a table cell', () => {
    const text = chunksOf(
      `<ul><li>Run ${macro('noformat', '', 'make deploy')}</li></ul><table><tr><th>Step</th></tr><tr><td>${macro('code', '', 'npm ci')}</td></tr></table>`,
    )[0].text;
    expect(text).toContain('make deploy');
    expect(text).toContain('npm ci');
  });

  it('never glues link text to the next word', () => {
    const text = chunksOf('<p>See <ac:link><ri:url ri:value="https://status.example.com" /><ac:link-body><strong>status</strong> </ac:link-body></ac:link>page.</p>')[0].text;
    expect(text).toBe('See status page.');
  });

  it('keeps a heading of any length whole as its section title', () => {
    const heading = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    expect(chunksOf(`<h2>${heading}</h2><p>Body.</p>`)[0].headingPath).toEqual([heading]);
  });

  it('keeps at least 99.5% of the words of a tag-stripping reference on every page of the repository', () => {
    const low = storageCorpus()
      .map((p) => ({ name: p.name, ...wordRecall(referenceText(p.body), indexedText(chunksOf(p.body))) }))
      .filter((r) => r.recall < 0.995)
      .map((r) => `${r.name}: ${r.recall.toFixed(4)} missing ${r.missing.slice(0, 8).join(' ')}`);
    expect(low).toEqual([]);
  });

  it('reads a tree the caller already parsed instead of parsing the body again', () => {
    const parsed = parseStorage('<p>From the tree.</p>');
    expect(pageDocument({ ...page, body: '<p>From the body.</p>' }, { parsed }).chunks.map((c) => c.text)).toEqual(['From the tree.']);
  });
});
