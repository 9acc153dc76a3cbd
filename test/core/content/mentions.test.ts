import { ACCOUNT, DEMO_USERS, demoSite } from '../../../sandbox/confluence/demo';
import { chunkPage, extractContent, mentionedAccountIds, toMarkdown } from '../../../src/core/content';

const mention = (id: string): string => `<ac:link><ri:user ri:account-id="${id}" /></ac:link>`;
const names = new Map(DEMO_USERS.map((u) => [u.accountId, u.displayName]));
const resolveUser = (id: string): string | undefined => names.get(id);

describe('mentions on the demo site', () => {
  const pages = demoSite().pages;

  it('lists, before extraction, exactly the accounts extraction renders', () => {
    const withMentions = pages.filter((p) => mentionedAccountIds(p.body).length > 0);
    expect(withMentions.length).toBeGreaterThan(3);
    for (const page of pages) {
      expect([page.ref, mentionedAccountIds(page.body)]).toEqual([page.ref, extractContent(page.body).mentions]);
    }
  });

  it('reads every mention as the person’s display name when known, with no account id left in the text', () => {
    const page = pages.find((p) => p.body.includes(ACCOUNT.mei) && p.body.includes(ACCOUNT.sofia));
    expect(page).toBeDefined();
    const md = toMarkdown(extractContent(page!.body, { resolveUser }).blocks);
    expect(md).toContain('@Mei Chen');
    expect(md).toContain('@Sofia Rossi');
    for (const page of pages) {
      const text = toMarkdown(extractContent(page.body, { resolveUser }).blocks);
      expect([page.ref, Object.values(ACCOUNT).filter((id) => text.includes(id))]).toEqual([page.ref, []]);
    }
  });

  it('reads a mention as the account id when the name is unknown', () => {
    const { blocks } = extractContent(`<p>Ask ${mention(ACCOUNT.tomas)} or ${mention(ACCOUNT.jonas)}.</p>`, { resolveUser: (id) => (id === ACCOUNT.tomas ? 'Tomás Ortega' : undefined) });
    expect(blocks).toEqual([{ kind: 'paragraph', text: `Ask @Tomás Ortega or @${ACCOUNT.jonas}.` }]);
  });
});

describe('mentionedAccountIds', () => {
  it('lists each account once, in order of first mention', () => {
    expect(mentionedAccountIds(`<p>${mention('b-1')} ${mention('a-2')}</p><ul><li>${mention('b-1')}</li></ul>`)).toEqual(['b-1', 'a-2']);
  });

  it('skips mentions inside macro parameters and ADF fallbacks, and user references that are not mentions', () => {
    const body = [
      `<ac:structured-macro ac:name="profile"><ac:parameter ac:name="user"><ri:user ri:account-id="in-param" /></ac:parameter></ac:structured-macro>`,
      `<ac:structured-macro ac:name="include"><ac:parameter ac:name=""><ac:link><ri:user ri:account-id="in-include" /></ac:link></ac:parameter></ac:structured-macro>`,
      `<ac:adf-extension><ac:adf-node type="panel"><ac:adf-content><p>${mention('in-adf')}</p></ac:adf-content></ac:adf-node><ac:adf-fallback><p>${mention('in-fallback')}</p></ac:adf-fallback></ac:adf-extension>`,
      `<p><ri:user ri:account-id="bare" /> <ac:link><ri:user ri:userkey="legacy-key" /></ac:link></p>`,
      `<ac:structured-macro ac:name="info"><ac:rich-text-body><p>${mention('in-panel')}</p></ac:rich-text-body></ac:structured-macro>`,
    ].join('');
    expect(mentionedAccountIds(body)).toEqual(['in-adf', 'in-panel']);
    expect(extractContent(body).mentions.filter((id) => id !== 'legacy-key')).toEqual(['in-adf', 'in-panel']);
  });

  it('survives broken markup: unclosed links and parameters, stray end tags, odd case and entities', () => {
    expect(mentionedAccountIds(`<p><ac:link><ri:user ri:account-id="unclosed" /><p>more`)).toEqual(['unclosed']);
    expect(mentionedAccountIds(`</ac:parameter></ac:link>${mention('after-stray')}`)).toEqual(['after-stray']);
    expect(mentionedAccountIds(`<AC:LINK><RI:USER RI:ACCOUNT-ID="upper" /></AC:LINK>`)).toEqual(['upper']);
    expect(mentionedAccountIds(`<ac:link><ri:user ri:account-id="a&amp;b" /></ac:link>`)).toEqual(['a&b']);
    expect(mentionedAccountIds(`<ac:parameter>${mention('never-closed-param')}`)).toEqual([]);
    expect(mentionedAccountIds(`<ac:structured-macro ac:name="x"><ac:parameter ac:name="p">v</ac:parameter></ac:structured-macro>${mention('after-param')}`)).toEqual(['after-param']);
    expect(mentionedAccountIds(`<ac:link><ri:user ri:account-id="" /></ac:link><ac:link><ri:user /></ac:link>`)).toEqual([]);
    expect(mentionedAccountIds('')).toEqual([]);
    expect(mentionedAccountIds(undefined as unknown as string)).toEqual([]);
    expect(mentionedAccountIds('<p>no mentions, but the word ri:user</p>')).toEqual([]);
  });
});

describe('links and includes in indexed text', () => {
  const meta = { pageId: '1', version: 1, spaceKey: 'ENG', title: 'T', url: '/wiki/spaces/ENG/pages/1' };
  const text = (storage: string): string => chunkPage(meta, extractContent(storage).blocks).map((c) => c.text).join(' | ');

  it('reads a page link as its body, or the target title when it has none', () => {
    expect(text(`<p>See <ac:link><ri:page ri:content-title="Deploy runbook" ri:space-key="SRE" /></ac:link> first.</p>`)).toBe('See Deploy runbook first.');
    expect(text(`<p>See <ac:link><ri:page ri:content-title="Deploy runbook" /><ac:link-body><strong>the runbook</strong></ac:link-body></ac:link>.</p>`)).toBe('See the runbook.');
    expect(text(`<p>Read <ac:link><ri:blog-post ri:content-title="Q1 update" ri:posting-day="2026/01/02" /></ac:link>.</p>`)).toBe('Read Q1 update.');
    expect(text(`<p>Open <ac:link><ri:attachment ri:filename="plan.pdf" /></ac:link>.</p>`)).toBe('Open plan.pdf.');
    expect(text(`<p>A <ac:link><ri:page ri:content-title="" /></ac:link> link.</p>`)).toBe('A link.');
  });

  it('records include and excerpt-include as references without indexing their parameters as prose', () => {
    const storage = [
      '<p>Intro.</p>',
      '<ac:structured-macro ac:name="include"><ac:parameter ac:name=""><ac:link><ri:page ri:content-title="Shared footer" ri:space-key="DOCS" /></ac:link></ac:parameter></ac:structured-macro>',
      '<ac:structured-macro ac:name="excerpt-include"><ac:parameter ac:name=""><ac:link><ri:page ri:content-title="Glossary" /><ac:plain-text-link-body><![CDATA[glossary body]]></ac:plain-text-link-body></ac:link></ac:parameter><ac:parameter ac:name="nopanel">true</ac:parameter><ac:parameter ac:name="name">excerpt-one</ac:parameter></ac:structured-macro>',
      '<p>Also <ac:structured-macro ac:name="excerpt-include"><ac:parameter ac:name=""><ac:link><ri:page ri:content-title="Inline source" /></ac:link></ac:parameter></ac:structured-macro> inline.</p>',
    ].join('');
    const result = extractContent(storage);
    expect(result.includes).toEqual([
      { title: 'Shared footer', spaceKey: 'DOCS', macro: 'include' },
      { title: 'Glossary', macro: 'excerpt-include' },
      { title: 'Inline source', macro: 'excerpt-include' },
    ]);
    expect(result.links).toEqual([]);
    expect(text(storage)).toBe('Intro. Also inline.');
  });
});
