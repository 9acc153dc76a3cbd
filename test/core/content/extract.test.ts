import { extractContent, toMarkdown, type Block } from '../../../src/core/content';

const RUNBOOK = `
<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell>
<h1>Deploy runbook</h1>
<p>Owner: <ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link> and
<ac:link><ri:user ri:account-id="unknown-42" /></ac:link>.
Status: <ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">ON TRACK</ac:parameter></ac:structured-macro></p>
<h2>Prepare</h2>
<ac:structured-macro ac:name="info" ac:schema-version="1"><ac:parameter ac:name="title">Before you start</ac:parameter><ac:rich-text-body><p>Freeze merges on <ac:inline-comment-marker ac:ref="c0ffee">main</ac:inline-comment-marker>.</p></ac:rich-text-body></ac:structured-macro>
<ul><li>Check the <ac:link><ri:page ri:content-title="Release calendar" ri:space-key="OPS" /><ac:plain-text-link-body><![CDATA[calendar]]></ac:plain-text-link-body></ac:link></li><li>Tell support<ul><li>in #support</li></ul></li></ul>
<h3>Command</h3>
<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">bash</ac:parameter><ac:parameter ac:name="title">deploy.sh</ac:parameter><ac:plain-text-body><![CDATA[./deploy --dry-run && echo "<ok>"]]></ac:plain-text-body></ac:structured-macro>
</ac:layout-cell><ac:layout-cell>
<h2>Environments</h2>
<table><tbody><tr><th>Env</th><th>URL</th></tr><tr><td>staging</td><td>https://staging.example</td></tr><tr><td>prod</td><td><p>https://example</p></td></tr></tbody></table>
<ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">Rollback</ac:parameter><ac:rich-text-body><p>Run <code>rollback.sh</code>.</p></ac:rich-text-body></ac:structured-macro>
<ac:structured-macro ac:name="warning"><ac:rich-text-body><p>Never on Fridays.</p></ac:rich-text-body></ac:structured-macro>
<ac:structured-macro ac:name="include"><ac:parameter ac:name=""><ac:link><ri:page ri:content-title="Shared footer" ri:space-key="DOCS" /></ac:link></ac:parameter></ac:structured-macro>
<ac:structured-macro ac:name="excerpt-include"><ac:parameter ac:name=""><ac:link><ri:page ri:content-title="Glossary" /></ac:link></ac:parameter><ac:parameter ac:name="nopanel">true</ac:parameter></ac:structured-macro>
<ac:structured-macro ac:name="my-vendor-macro"><ac:parameter ac:name="secretConfig">do-not-index-me</ac:parameter><ac:rich-text-body><p>Vendor body text.</p></ac:rich-text-body></ac:structured-macro>
<ac:structured-macro ac:name="toc"><ac:parameter ac:name="maxLevel">3</ac:parameter></ac:structured-macro>
<ac:adf-extension><ac:adf-node type="panel"><ac:adf-attribute key="panel-type">note</ac:adf-attribute><ac:adf-content><p>ADF panel note.</p></ac:adf-content></ac:adf-node><ac:adf-fallback><div class="panel"><p>ADF panel note.</p></div></ac:adf-fallback></ac:adf-extension>
<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Tag release</ac:task-body></ac:task></ac:task-list>
</ac:layout-cell></ac:layout-section></ac:layout>`;

function all(blocks: Block[]): Block[] {
  return blocks.flatMap((b) => (b.kind === 'panel' || b.kind === 'expand' || b.kind === 'quote' ? [b, ...all(b.blocks)] : [b]));
}

describe('extractContent on a real-shaped runbook page', () => {
  const users: Record<string, string> = { '5b10ac8d82e05b22cc7d4ef5': 'Ada Lovelace' };
  const result = extractContent(RUNBOOK, { resolveUser: (id) => users[id] });
  const blocks = all(result.blocks);
  const text = JSON.stringify(result.blocks);

  it('keeps headings in order with their heading path', () => {
    const headings = blocks.filter((b) => b.kind === 'heading');
    expect(headings.map((h) => (h.kind === 'heading' ? h.path : []))).toEqual([
      ['Deploy runbook'],
      ['Deploy runbook', 'Prepare'],
      ['Deploy runbook', 'Prepare', 'Command'],
      ['Deploy runbook', 'Environments'],
    ]);
  });

  it('names mentioned users, falling back to the account id, and records mentions', () => {
    expect(text).toContain('@Ada Lovelace');
    expect(text).toContain('@unknown-42');
    expect(result.mentions).toEqual(['5b10ac8d82e05b22cc7d4ef5', 'unknown-42']);
  });

  it('keeps a status lozenge title as text but not its colour', () => {
    expect(text).toContain('ON TRACK');
    expect(text).not.toContain('Green');
  });

  it('reads code blocks with language and title from the code macro CDATA', () => {
    expect(blocks).toContainEqual({ kind: 'code', language: 'bash', title: 'deploy.sh', text: './deploy --dry-run && echo "<ok>"' });
  });

  it('reads panels, expands and ADF panels, without the ADF fallback duplicate', () => {
    expect(blocks).toContainEqual({ kind: 'panel', panelType: 'info', title: 'Before you start', blocks: [{ kind: 'paragraph', text: 'Freeze merges on main.' }] });
    expect(blocks).toContainEqual({ kind: 'panel', panelType: 'warning', blocks: [{ kind: 'paragraph', text: 'Never on Fridays.' }] });
    expect(blocks).toContainEqual({ kind: 'expand', title: 'Rollback', blocks: [{ kind: 'paragraph', text: 'Run rollback.sh.' }] });
    expect(blocks).toContainEqual({ kind: 'panel', panelType: 'note', blocks: [{ kind: 'paragraph', text: 'ADF panel note.' }] });
    expect(text.split('ADF panel note.').length - 1).toBe(1);
  });

  it('keeps table rows with their header cells', () => {
    expect(blocks).toContainEqual({ kind: 'table', header: ['Env', 'URL'], rows: [['staging', 'https://staging.example'], ['prod', 'https://example']] });
  });

  it('records page links and includes for resolution at index time', () => {
    expect(result.links).toEqual([{ title: 'Release calendar', spaceKey: 'OPS' }]);
    expect(result.includes).toEqual([
      { title: 'Shared footer', spaceKey: 'DOCS', macro: 'include' },
      { title: 'Glossary', macro: 'excerpt-include' },
    ]);
    expect(blocks).toContainEqual({ kind: 'include', macro: 'include', pageTitle: 'Shared footer', spaceKey: 'DOCS' });
  });

  it('keeps unknown macros’ rich-text body and drops every macro parameter and layout markup', () => {
    expect(text).toContain('Vendor body text.');
    expect(text).not.toContain('do-not-index-me');
    expect(text).not.toContain('maxLevel');
    expect(text).not.toContain('two_equal');
    expect(text).not.toContain('nopanel');
  });

  it('keeps nested lists with depth and task lists with their state', () => {
    expect(blocks).toContainEqual({ kind: 'list', ordered: false, items: [{ text: 'Check the calendar', depth: 0 }, { text: 'Tell support', depth: 0 }, { text: 'in #support', depth: 1 }] });
    expect(blocks).toContainEqual({ kind: 'list', ordered: false, items: [{ text: 'Tag release', depth: 0, checked: true }] });
  });

  it('renders clean Markdown for agents', () => {
    const md = toMarkdown(result.blocks);
    expect(md.startsWith('# Deploy runbook')).toBe(true);
    expect(md).toContain('```bash\n./deploy --dry-run && echo "<ok>"\n```');
    expect(md).toContain('| Env | URL |');
    expect(md).toContain('> **Info: Before you start**');
    expect(md).toContain('- [x] Tag release');
    expect(md).toContain('  - in #support');
    expect(md).not.toMatch(/\n{3,}/);
    expect(md).toBe(md.trim());
  });
});

describe('extractContent on broken and hostile input', () => {
  it('recovers text from unclosed tags and stray end tags', () => {
    const { blocks } = extractContent('<h2>Title<p>first <b>bold <i>both</p><p>second</span></div> text');
    expect(JSON.stringify(blocks)).toContain('first bold both');
    expect(JSON.stringify(blocks)).toContain('second');
  });

  it('keeps invalid entities as text and decodes valid ones', () => {
    const { blocks } = extractContent('<p>a &bogus; b &amp; c &nbsp;d &#xFFFFFFF; &rsquo;</p>');
    expect(blocks).toHaveLength(1);
    const p = blocks[0];
    expect(p.kind === 'paragraph' && p.text.includes('&bogus;')).toBe(true);
    expect(p.kind === 'paragraph' && p.text.includes('b & c d')).toBe(true);
  });

  it('returns no blocks for empty, whitespace and non-string input', () => {
    expect(extractContent('').blocks).toEqual([]);
    expect(extractContent('   \n ').blocks).toEqual([]);
    expect(extractContent(undefined as unknown as string).blocks).toEqual([]);
  });

  it('survives deeply nested tables and lists and keeps the innermost text', () => {
    const depth = 3000;
    const tables = '<table><tr><td>'.repeat(depth) + 'innermost cell' + '</td></tr></table>'.repeat(depth);
    expect(JSON.stringify(extractContent(tables).blocks)).toContain('innermost cell');
    const lists = '<ul><li>'.repeat(depth) + 'deep item' + '</li></ul>'.repeat(depth);
    expect(JSON.stringify(extractContent(lists).blocks)).toContain('deep item');
  });

  it('handles a 5 MB page', () => {
    const para = '<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit getUserById 🚀.</p>';
    const body = para.repeat(Math.ceil((5 * 1024 * 1024) / para.length));
    const { blocks } = extractContent(body);
    expect(blocks.length).toBeGreaterThan(60_000);
    expect(blocks[blocks.length - 1]).toEqual({ kind: 'paragraph', text: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit getUserById 🚀.' });
  });

  it('keeps emoji, right-to-left and CJK text intact', () => {
    const { blocks } = extractContent('<h1>مرحبا بالعالم</h1><p>日本語のテキスト 🎉 שלום</p>');
    expect(blocks[0]).toMatchObject({ kind: 'heading', text: 'مرحبا بالعالم' });
    expect(blocks[1]).toEqual({ kind: 'paragraph', text: '日本語のテキスト 🎉 שלום' });
  });

  it('does not treat a code macro without a body or a macro with garbage parameters as prose', () => {
    const { blocks } = extractContent('<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">java</ac:parameter></ac:structured-macro><ac:structured-macro><ac:parameter>x</ac:parameter></ac:structured-macro>');
    expect(blocks).toEqual([]);
  });
});
