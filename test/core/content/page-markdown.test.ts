import MarkdownIt from 'markdown-it';
import { pageMarkdown } from '../../../src/core/content';
import { headings, parseStorage, sectionOf, textOf } from '../../../src/core/storage';
import { referenceText, wordRecall } from '../../../bench/word-recall';
import { storageCorpus, storageFixtures } from '../../fixtures/storage/corpus';
import { FIXTURE_OPTIONS } from '../../fixtures/storage/options';

const md = new MarkdownIt('default', { html: false });
const fixtures = storageFixtures();
const fixture = (file: string): string => {
  const f = fixtures.find((x) => x.file === file);
  if (!f) throw new Error(`no fixture ${file}`);
  return pageMarkdown(f.body, FIXTURE_OPTIONS);
};
/** The Markdown rendered to HTML by markdown-it (raw HTML off): what a reader of the Markdown sees. */
const html = (file: string): string => md.render(fixture(file));

describe('pageMarkdown on the construct fixtures', () => {
  it('has an expected Markdown file for every fixture', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
    expect(fixtures.filter((f) => f.markdown === undefined).map((f) => f.file)).toEqual([]);
  });

  it.each(fixtures.map((f) => [f.file, f.body, f.markdown ?? '']))('%s renders to its expected Markdown', (_file, body, expected) => {
    expect(pageMarkdown(body, FIXTURE_OPTIONS)).toBe(expected.replace(/\n$/, ''));
  });
});

describe('pageMarkdown constructs, checked through a Markdown parser', () => {
  it('renders GFM tables with spans laid out on a grid and pipes escaped', () => {
    const out = html('tables');
    expect(out.match(/<table>/g)).toHaveLength(2);
    expect(out).toContain('<th>Region</th>');
    // The rowspan repeats "EU" on the row it covers; the colspan leaves its second column empty.
    expect(out.match(/<td>EU<\/td>/g)).toHaveLength(2);
    expect(out).toContain('<td>Everything else</td>\n<td></td>');
    expect(out).toContain('uses a | pipe and <code>a|b</code>');
  });

  it('keeps code blocks with their language, the html macro’s visible text and no script', () => {
    const out = html('code-macros');
    expect(out).toContain('<pre><code class="language-typescript">const fence = &quot;```&quot;;');
    expect(out).toContain('if (a &lt; b &amp;&amp; c &gt; d)');
    expect(out).toContain('<code class="language-python">def hello():\n    return &quot;&lt;b&gt;hi&lt;/b&gt;&quot;');
    expect(out).toContain('  indented *not bold* text');
    expect(out).toContain('h1. Old heading\n* wiki bullet with {{monospace}}');
    expect(out).toContain('<h3>Maintenance</h3>');
    expect(out).toContain('Saturday <strong>02:00</strong> UTC');
    expect(out).not.toContain('track()');
    expect(out).not.toContain('banner');
  });

  it('never cuts a heading', () => {
    expect(html('headings')).toMatch(/<h1>A heading that goes on[^<]*the word tailword<\/h1>/);
    expect(html('headings')).toContain('<h3>Learn C #</h3>');
  });

  it('keeps link targets and never glues link text to the next word', () => {
    const out = html('links');
    expect(out).toContain('<a href="https://acme.atlassian.net/wiki/spaces/SRE/pages/101/Deploy+runbook">the runbook</a> today');
    expect(out).toContain('<a href="https://status.example.com"><strong>status</strong></a> page');
    expect(out).toContain('<a href="https://example.com/a%20b%281%29">Example</a>');
    expect(out).toContain('<a href="#Rollback">rollback</a>');
    expect(out).toContain('Deploy+runbook#Setup">Deploy runbook</a>');
    expect(out).toContain('<a href="https://acme.atlassian.net/wiki/download/attachments/SRE/Deploy%20runbook/other.pdf">the other plan</a>');
    expect(out).toContain('or Unknown page.');
  });

  it('nests and numbers lists, keeps a code block inside its item and keeps adjacent lists apart', () => {
    const out = html('lists');
    expect(out).toMatch(/<ol>\s*<li>\s*(<p>)?Install(<\/p>)?\s*<ul>\s*<li>on macOS with <code>brew<\/code><\/li>\s*<li>on Linux\s*<ol>\s*<li>apt<\/li>\s*<li>dnf<\/li>\s*<\/ol>/);
    expect(out).toMatch(/<li>\s*<p>Configure:<\/p>\s*<pre><code class="language-bash">export TOKEN=abc\n\.\/configure\n<\/code><\/pre>\s*<\/li>/);
    expect(out).toContain('<ol start="7">');
    expect(out.match(/<ol/g)).toHaveLength(3);
    expect(out).toMatch(/<li>parent\s*<ul>\s*<li>child\s*<ul>\s*<li>grandchild<\/li>/);
    expect(out).toContain('[x] Tag the release');
    expect(out).toContain('[ ] Announce it');
  });

  it('keeps code blocks in table cells as blocks, one labelled list per row', () => {
    const out = html('code-in-cells');
    expect(out).toMatch(/<strong>Command:<\/strong><\/p>\s*<pre><code class="language-bash">npm run build/);
    expect(out).toContain('./deploy | tee log');
    expect(out).toContain('<strong>Step:</strong> Deploy');
  });

  it('escapes text that looks like HTML or Markdown', () => {
    const out = html('escaping');
    expect(out).toContain('Log in as &lt;username&gt; with *stars*, _underscores_, snake_case_name, `ticks`, [brackets] and ~tilde~ and a back\\slash.');
    expect(out).not.toMatch(/<(em|h1|ol|ul|blockquote|s)>/);
    expect(out).toContain('<p># not a heading</p>');
    expect(out).toContain('<p>1. not a list</p>');
    expect(out).toContain('AT&amp;T &amp;copy; stays literal');
    expect(out).toContain('<th>a|b</th>');
    expect(out).toContain('<td>x | y</td>');
    expect(out).toContain('<td>&lt;z&gt;</td>');
  });

  it('writes panels as GFM alerts and a plain panel as a quote', () => {
    const out = fixture('panels');
    for (const alert of ['> [!NOTE]\n> Info body.', '> [!IMPORTANT]\n> **Heads up**', '> [!WARNING]\n> Warning body.', '> [!TIP]\n> Tip body.', '> [!TIP]\n> Success body.', '> [!CAUTION]\n> Error body.']) {
      expect(out).toContain(alert);
    }
    expect(out).toContain('> **Custom**\n>\n> Plain panel body.');
    expect(out.split('Success body.')).toHaveLength(2);
    expect(out).not.toContain('#eee');
  });

  it('writes images with alt text or file name and a URL', () => {
    const out = html('images');
    expect(out).toContain('<img src="https://acme.atlassian.net/wiki/download/attachments/this-page/arch.png" alt="Architecture diagram">');
    expect(out).toContain('alt="logo small.png"');
    expect(out).toContain('<img src="https://img.example.com/badge.svg" alt="Status badge">');
  });

  it('writes mentions as @Display Name, status lozenges and dates as text', () => {
    expect(fixture('mentions-status')).toBe('Owner: @Ada Lovelace, backup @557058:nobody.\n\nState: ON TRACK since 2026-03-01.');
  });

  it('names includes and every other macro on one line, and keeps macro bodies', () => {
    const out = fixture('macros');
    expect(out).toContain('_Included from page_ [Deploy runbook](https://acme.atlassian.net/wiki/spaces/SRE/pages/101/Deploy+runbook)');
    expect(out).toContain('_Excerpt included from page_ [Glossary](https://acme.atlassian.net/wiki/spaces/DOCS/pages/102/Glossary)');
    expect(out).toContain('_\\[macro: toc\\]_');
    expect(out).toContain('_\\[macro: children\\]_');
    expect(out).toContain('_\\[macro: jira ENG-42\\]_');
    expect(out).toContain('Excerpt text is content.');
    expect(out).toContain('```mermaid-cloud\ngraph TD; A-->B\n```');
    expect(out).not.toContain('maxLevel');
    expect(out).not.toContain('System JIRA');
  });
});

describe('pageMarkdown word recall', () => {
  it('keeps at least 99.5% of the words of a tag-stripping reference on every page of the repository', () => {
    const low = storageCorpus()
      .map((p) => ({ name: p.name, ...wordRecall(referenceText(p.body), pageMarkdown(p.body, FIXTURE_OPTIONS)) }))
      .filter((r) => r.recall < 0.995)
      .map((r) => `${r.name}: ${r.recall.toFixed(4)} missing ${r.missing.slice(0, 8).join(' ')}`);
    expect(low).toEqual([]);
  });

  it('measures what it claims: a Markdown that drops words scores below 1', () => {
    const storage = '<p>Hello <b>big</b> world</p><ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[echo a<b]]></ac:plain-text-body></ac:structured-macro>';
    expect(wordRecall(referenceText(storage), 'Hello world echo')).toEqual({ recall: 0.5, missing: ['big', 'a', 'b'] });
    expect(wordRecall(referenceText(storage), pageMarkdown(storage)).recall).toBe(1);
  });
});

describe('pageMarkdown of some nodes', () => {
  it('renders one section of a parsed page', () => {
    const doc = parseStorage('<h1>Guide</h1><p>intro</p><h2>Setup</h2><p>Run <code>make</code>.</p><h3>Detail</h3><p>more</p><h2>Use</h2><p>later</p>');
    const setup = headings(doc).find((h) => textOf(h) === 'Setup')!;
    expect(pageMarkdown(sectionOf(doc, setup).nodes)).toBe('## Setup\n\nRun `make`.\n\n### Detail\n\nmore');
    expect(pageMarkdown(doc)).toBe(pageMarkdown(doc.source));
  });
});

describe('pageMarkdown on bad input', () => {
  it('renders empty, broken and deep markup without throwing', () => {
    expect(pageMarkdown('')).toBe('');
    expect(pageMarkdown(undefined as unknown as string)).toBe('');
    expect(pageMarkdown('<p>one<p>two <b>bold')).toBe('one\n\ntwo **bold**');
    const deep = `${'<ul><li>'.repeat(3000)}deep item${'</li></ul>'.repeat(3000)}`;
    expect(pageMarkdown(deep)).toContain('deep item');
    const tables = `${'<table><tr><td>'.repeat(2000)}innermost${'</td></tr></table>'.repeat(2000)}`;
    expect(pageMarkdown(tables)).toContain('innermost');
  });

  it('uses the account id, then the link text, when a mention cannot be resolved', () => {
    expect(pageMarkdown('<p><ac:link><ri:user ri:account-id="x-1" /></ac:link></p>')).toBe('@x-1');
    expect(pageMarkdown('<p><ac:link><ri:user ri:account-id="x-1" /><ac:plain-text-link-body><![CDATA[Bo]]></ac:plain-text-link-body></ac:link></p>')).toBe('@Bo');
  });
});
