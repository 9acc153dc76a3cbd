/**
 * Builders for Confluence storage format (the XHTML-with-ac:/ri: dialect Cloud stores page bodies in).
 *
 * Plain strings passed to any builder are text and get escaped; a `Markup` value is already storage format and
 * is inserted as is. So `p('a < b ', strong('really'))` is safe by construction, and page files read as prose.
 * Macro and local ids are derived from a per-key counter so the demo site is byte-identical on every load,
 * which tests and recorded benchmarks rely on.
 */
import { createHash } from 'node:crypto';

/** A fragment of storage format. `block` fragments may not sit inside a paragraph. */
export class Markup {
  constructor(
    readonly xml: string,
    readonly block: boolean,
  ) {}
  toString(): string {
    return this.xml;
  }
}

export type Inline = string | Markup;
export type Content = Inline | Content[];

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Escapes text for an element body. `>` is escaped too so `]]>` can never appear in text. */
export function escapeText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return stripInvalidXmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes text for a double-quoted attribute value. */
export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

/** XML 1.0 forbids most control characters even as references; Cloud drops them, and so do we. */
function stripInvalidXmlChars(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** Wraps text in CDATA, splitting any `]]>` across two sections as XML requires. */
export function cdata(text: string): string {
  return `<![CDATA[${stripInvalidXmlChars(text).split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

const inline = (xml: string): Markup => new Markup(xml, false);
const block = (xml: string): Markup => new Markup(xml, true);

function flatten(content: Content[]): Inline[] {
  const out: Inline[] = [];
  for (const c of content) {
    if (Array.isArray(c)) out.push(...flatten(c));
    else out.push(c);
  }
  return out;
}

/** Renders inline content; a block fragment here is a bug in a page file, so it throws. */
function renderInline(content: Content[]): string {
  return flatten(content)
    .map((c) => {
      if (typeof c === 'string') return escapeText(c);
      if (c.block) throw new Error(`block content inside inline context: ${c.xml.slice(0, 60)}`);
      return c.xml;
    })
    .join('');
}

/** Renders mixed content as blocks: runs of text and inline markup become paragraphs. */
export function renderBlocks(content: Content[]): string {
  let out = '';
  let run: Inline[] = [];
  const flush = (): void => {
    if (run.length > 0) out += `<p>${renderInline(run)}</p>`;
    run = [];
  };
  for (const c of flatten(content)) {
    if (typeof c !== 'string' && c.block) {
      flush();
      out += c.xml;
    } else run.push(c);
  }
  flush();
  return out;
}

/** A whole page body. */
export function doc(...content: Content[]): string {
  return renderBlocks(content);
}

// ---- deterministic ids ------------------------------------------------------------------------------------

const idCounters = new Map<string, number>();
let idScope = '';

/**
 * Runs `build` with ids numbered from one within `scope`, so a page's macro ids depend only on the page,
 * not on which pages (or synthetic sites) were built before it.
 */
export function withIdScope<T>(scope: string, build: () => T): T {
  const saved = { scope: idScope, counters: new Map(idCounters) };
  idScope = scope;
  idCounters.clear();
  try {
    return build();
  } finally {
    idScope = saved.scope;
    idCounters.clear();
    for (const [k, v] of saved.counters) idCounters.set(k, v);
  }
}

/** A UUID-shaped id that is the same on every run for the same (scope, namespace, occurrence). */
export function stableUuid(namespace: string): string {
  const n = (idCounters.get(namespace) ?? 0) + 1;
  idCounters.set(namespace, n);
  return uuidFromString(`${idScope}/${namespace}#${n}`);
}

/** A UUID-shaped (version 4 layout) digest of a string; not random, only stable. */
export function uuidFromString(s: string): string {
  const hex = createHash('sha256').update(s).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const macroId = (): string => stableUuid('macro');
const localId = (): string => stableUuid('local');

// ---- text-level elements --------------------------------------------------------------------------------

export const strong = (...c: Content[]): Markup => inline(`<strong>${renderInline(c)}</strong>`);
export const em = (...c: Content[]): Markup => inline(`<em>${renderInline(c)}</em>`);
/** Inline code (monospace), e.g. an identifier in a sentence. */
export const mono = (text: string): Markup => inline(`<code>${escapeText(text)}</code>`);
export const br = (): Markup => inline('<br />');
export const link = (href: string, ...c: Content[]): Markup =>
  inline(`<a href="${escapeAttr(href)}">${renderInline(c.length > 0 ? c : [href])}</a>`);
/** A date as the editor stores it (`<time datetime="yyyy-mm-dd" />`). */
export const date = (isoDate: string): Markup => inline(`<time datetime="${escapeAttr(isoDate)}" />`);

/** An emoticon as the Cloud editor stores it: shortname, emoji id and a fallback character. */
export function emoji(shortName: string, emojiId: string, fallback: string): Markup {
  return inline(
    `<ac:emoticon ac:name="blue-star" ac:emoji-shortname="${escapeAttr(shortName)}" ac:emoji-id="${escapeAttr(emojiId)}" ac:emoji-fallback="${escapeAttr(fallback)}" />`,
  );
}

// ---- blocks -----------------------------------------------------------------------------------------------

export const p = (...c: Content[]): Markup => block(`<p>${renderInline(c)}</p>`);
/** A paragraph carrying a `local-id`, as pages converted from ADF have. */
export const pid = (...c: Content[]): Markup => block(`<p local-id="${localId()}">${renderInline(c)}</p>`);
export const h1 = (...c: Content[]): Markup => block(`<h1>${renderInline(c)}</h1>`);
export const h2 = (...c: Content[]): Markup => block(`<h2>${renderInline(c)}</h2>`);
export const h3 = (...c: Content[]): Markup => block(`<h3>${renderInline(c)}</h3>`);
export const hr = (): Markup => block('<hr />');
export const quote = (...c: Content[]): Markup => block(`<blockquote>${renderBlocks(c)}</blockquote>`);

/** A list item: all-inline content stays inline, anything with blocks (e.g. a nested list) is rendered as blocks. */
function listItem(item: Content): string {
  const parts = flatten([item]);
  const hasBlock = parts.some((x) => typeof x !== 'string' && x.block);
  return `<li>${hasBlock ? renderBlocks(parts) : renderInline(parts)}</li>`;
}

export const ul = (...items: Content[]): Markup => block(`<ul>${items.map(listItem).join('')}</ul>`);
export const ol = (...items: Content[]): Markup => block(`<ol>${items.map(listItem).join('')}</ol>`);

export interface TableSpec {
  head: Content[];
  rows: Content[][];
  /** Adds `ac:local-id` and the layout attributes the Cloud editor writes. */
  withLocalId?: boolean;
}

/** A table whose first row is `th` headers; each cell is rendered as blocks (so a cell may hold a table). */
export function table(spec: TableSpec): Markup {
  const cell = (tag: 'th' | 'td', c: Content): string => `<${tag}>${renderBlocks([c])}</${tag}>`;
  const head = `<tr>${spec.head.map((c) => cell('th', c)).join('')}</tr>`;
  const rows = spec.rows.map((r) => `<tr>${r.map((c) => cell('td', c)).join('')}</tr>`).join('');
  const attrs = spec.withLocalId ? ` data-layout="default" ac:local-id="${localId()}"` : '';
  return block(`<table${attrs}><tbody>${head}${rows}</tbody></table>`);
}

// ---- macros -----------------------------------------------------------------------------------------------

function param(name: string, value: string): string {
  return `<ac:parameter ac:name="${escapeAttr(name)}">${escapeText(value)}</ac:parameter>`;
}

function macroOpen(name: string): string {
  return `<ac:structured-macro ac:name="${name}" ac:schema-version="1" ac:macro-id="${macroId()}">`;
}

export interface CodeOptions {
  title?: string;
  lineNumbers?: boolean;
}

/** A code block macro; the source goes in CDATA untouched (whitespace and `<` kept). */
export function code(language: string, source: string, options: CodeOptions = {}): Markup {
  let params = param('language', language);
  if (options.title) params += param('title', options.title);
  if (options.lineNumbers) params += param('linenumbers', 'true');
  return block(`${macroOpen('code')}${params}<ac:plain-text-body>${cdata(source)}</ac:plain-text-body></ac:structured-macro>`);
}

export type PanelKind = 'info' | 'note' | 'warning' | 'tip';

/** The classic info/note/warning/tip panel macros. */
export function panel(kind: PanelKind, body: Content[], title?: string): Markup {
  const params = title ? param('title', title) : '';
  return block(`${macroOpen(kind)}${params}<ac:rich-text-body>${renderBlocks(body)}</ac:rich-text-body></ac:structured-macro>`);
}

/** The newer editor's panel, stored as an ADF extension with a fallback rendering. */
export function adfPanel(panelType: 'info' | 'note' | 'warning' | 'success' | 'error', body: Content[]): Markup {
  const inner = renderBlocks(body);
  return block(
    `<ac:adf-extension><ac:adf-node type="panel"><ac:adf-attribute key="panel-type">${panelType}</ac:adf-attribute>` +
      `<ac:adf-attribute key="local-id">${localId()}</ac:adf-attribute><ac:adf-content>${inner}</ac:adf-content></ac:adf-node>` +
      `<ac:adf-fallback><div class="panel"><div class="panelContent">${inner}</div></div></ac:adf-fallback></ac:adf-extension>`,
  );
}

export function expand(title: string, ...body: Content[]): Markup {
  return block(`${macroOpen('expand')}${param('title', title)}<ac:rich-text-body>${renderBlocks(body)}</ac:rich-text-body></ac:structured-macro>`);
}

export type StatusColour = 'Grey' | 'Red' | 'Yellow' | 'Green' | 'Blue' | 'Purple';

/** A status lozenge (inline). */
export function status(colour: StatusColour, title: string): Markup {
  return inline(`${macroOpen('status')}${param('colour', colour)}${param('title', title)}</ac:structured-macro>`);
}

/** An @-mention of a user by account id. */
export function mention(accountId: string): Markup {
  return inline(`<ac:link><ri:user ri:account-id="${escapeAttr(accountId)}" /></ac:link>`);
}

function pageRef(title: string, spaceKey?: string): string {
  const space = spaceKey ? ` ri:space-key="${escapeAttr(spaceKey)}"` : '';
  return `<ri:page ri:content-title="${escapeAttr(title)}"${space} />`;
}

/** A link to a page by title (and space, when it is in another space); `text` overrides the shown title. */
export function pageLink(title: string, spaceKey?: string, text?: string): Markup {
  const body = text === undefined ? '' : `<ac:plain-text-link-body>${cdata(text)}</ac:plain-text-link-body>`;
  return inline(`<ac:link>${pageRef(title, spaceKey)}${body}</ac:link>`);
}

/** Includes another page's whole body. */
export function include(title: string, spaceKey?: string): Markup {
  return block(`${macroOpen('include')}<ac:parameter ac:name=""><ac:link>${pageRef(title, spaceKey)}</ac:link></ac:parameter></ac:structured-macro>`);
}

/** Includes the excerpt of another page. */
export function excerptInclude(title: string, spaceKey?: string): Markup {
  return block(
    `${macroOpen('excerpt-include')}<ac:parameter ac:name=""><ac:link>${pageRef(title, spaceKey)}</ac:link></ac:parameter>` +
      `${param('nopanel', 'true')}</ac:structured-macro>`,
  );
}

/** Marks the part of this page other pages pull in with excerpt-include. */
export function excerpt(...body: Content[]): Markup {
  return block(`${macroOpen('excerpt')}${param('hidden', 'false')}<ac:rich-text-body>${renderBlocks(body)}</ac:rich-text-body></ac:structured-macro>`);
}

export const toc = (): Markup => block(`${macroOpen('toc')}${param('maxLevel', '3')}</ac:structured-macro>`);
export const children = (): Markup => block(`${macroOpen('children')}${param('all', 'true')}</ac:structured-macro>`);

/** Text anchored to an inline comment; `ref` is the comment's marker id and must survive every edit. */
export function commented(ref: string, ...c: Content[]): Markup {
  return inline(`<ac:inline-comment-marker ac:ref="${escapeAttr(ref)}">${renderInline(c)}</ac:inline-comment-marker>`);
}

/** A two-column (two_equal) layout section. */
export function twoColumns(left: Content[], right: Content[]): Markup {
  return block(
    `<ac:layout><ac:layout-section ac:type="two_equal" ac:breakout-mode="default">` +
      `<ac:layout-cell>${renderBlocks(left)}</ac:layout-cell><ac:layout-cell>${renderBlocks(right)}</ac:layout-cell>` +
      `</ac:layout-section></ac:layout>`,
  );
}

/** A task list (action items) with stable task ids. */
export function tasks(...items: Array<{ done: boolean; body: Content }>): Markup {
  const list = items
    .map(
      (t, i) =>
        `<ac:task><ac:task-id>${i + 1}</ac:task-id><ac:task-uuid>${stableUuid('task')}</ac:task-uuid>` +
        `<ac:task-status>${t.done ? 'complete' : 'incomplete'}</ac:task-status><ac:task-body>${renderInline([t.body])}</ac:task-body></ac:task>`,
    )
    .join('');
  return block(`<ac:task-list>${list}</ac:task-list>`);
}
