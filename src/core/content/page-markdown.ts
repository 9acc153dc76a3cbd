import { parseStorage, type StorageDocument, type StorageNode } from '../storage';
import type { PageRef } from './blocks';
import { attr, CONTAINERS, HTML_MACRO, INLINE_MACROS, lname, nodeText, NOT_SHOWN, plainMacroLanguage } from './nodes';

/** How links, mentions and attachments become Markdown: the caller knows the site, the index knows the pages. */
export interface MarkdownOptions {
  /** Display name for a mentioned account id; the link's own text or the account id stands in otherwise. */
  resolveUser?: (accountId: string) => string | undefined;
  /** Absolute URL of a linked or included page; without one the link keeps its text only. */
  resolvePage?: (ref: PageRef) => string | undefined;
  /** URL of an attachment by file name, on `page` or (when undefined) on the page being rendered. */
  resolveAttachment?: (filename: string, page?: PageRef) => string | undefined;
}

/** Below this nesting depth the renderer recurses; deeper markup is read as flat text. */
const MAX_DEPTH = 48;
/** Stands for a hard line break while whitespace is collapsed; becomes `\` + newline, or `<br>` in a table cell. */
const BR = '\uE000';
const HEADING = /^h([1-6])$/;
/** Confluence panel macros and ADF panel types as GFM alert types (github.com/orgs/community/discussions/16925). */
const ALERTS: Record<string, string> = { info: 'NOTE', note: 'IMPORTANT', warning: 'WARNING', tip: 'TIP', success: 'TIP', error: 'CAUTION' };
const EMPHASIS: Record<string, string> = { strong: '**', b: '**', em: '*', i: '*', s: '~~', del: '~~', strike: '~~' };
const CODE_SPANS = new Set(['code', 'tt', 'kbd', 'samp', 'var']);

/** Escapes characters Markdown or HTML would read as markup; `&` only where it would start an entity. */
function escapeText(text: string): string {
  return text
    .replace(/[\\`*[\]<~]/g, (c) => `\\${c}`)
    // An underscore inside a word (snake_case) never emphasises in GFM; only one at a word's edge is escaped.
    .replace(/_/g, (c, at: number, all: string) => (/[\p{L}\p{N}]/u.test(all[at - 1] ?? '') && /[\p{L}\p{N}]/u.test(all[at + 1] ?? '') ? c : '\\_'))
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;');
}

/** A paragraph line that Markdown would read as a heading, quote, list item or rule gets its first mark escaped. */
function escapeLineStart(line: string): string {
  return line
    .replace(/^(\s*)([#>+=-])/, (_m, sp: string, c: string) => (c === '-' && !/^\s*-(\s|-|$)/.test(line) ? `${sp}${c}` : `${sp}\\${c}`))
    .replace(/^(\s*\d+)([.)])(\s|$)/, '$1\\$2$3');
}

function squash(text: string): string {
  return text.replace(/[ \t\n\r\f\v\u00a0\u2028\u2029]+/g, ' ').trim();
}

function fenceFor(body: string): string {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  return '`'.repeat(longest + 1);
}

function codeSpan(text: string): string {
  const body = text.replace(/[\n\r]+/g, ' ');
  if (!body.trim()) return body;
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** A URL safe inside `(...)`: spaces, parentheses and angle brackets percent-encoded. */
function linkTarget(url: string): string {
  return url.trim().replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function link(text: string, url: string | undefined): string {
  if (!url) return text;
  return `[${text || escapeText(url)}](${linkTarget(url)})`;
}

function quote(markdown: string): string {
  return markdown
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
}

function indent(markdown: string, pad: string): string {
  return markdown
    .split('\n')
    .map((l, i) => (i === 0 || !l ? l : pad + l))
    .join('\n');
}

function elementsOf(node: StorageNode, name?: string): StorageNode[] {
  return node.children.filter((c) => c.kind === 'element' && (name === undefined || lname(c) === name));
}

function macroName(el: StorageNode): string {
  return (attr(el, 'ac:name') ?? '').trim().toLowerCase();
}

const BULLET_LIST = /^- /;
const ORDERED_LIST = /^\d+\. /;

/**
 * Two lists in a row would merge into one in Markdown (CommonMark: a blank line does not end a list), so the second
 * switches its marker (`-` to `*`, `1.` to `1)`), which starts a new list.
 */
function separateLists(blocks: string[]): string[] {
  for (let i = 1; i < blocks.length; i += 1) {
    const prev = blocks[i - 1];
    const cur = blocks[i];
    if (BULLET_LIST.test(prev) && BULLET_LIST.test(cur)) blocks[i] = cur.replace(/^- /gm, '* ');
    else if (ORDERED_LIST.test(prev) && ORDERED_LIST.test(cur)) blocks[i] = cur.replace(/^(\d+)\. /gm, '$1) ');
  }
  return blocks;
}

interface Cell {
  blocks: string[];
  header: boolean;
  colspan: number;
  rowspan: number;
}

/** Renders one page; holds the options. */
class Renderer {
  constructor(private readonly options: MarkdownOptions) {}

  /** Text of a node without recursion, for markup nested too deep to walk safely. */
  flat(root: StorageNode): string {
    const out: string[] = [];
    const stack: StorageNode[] = [root];
    while (stack.length > 0) {
      const n = stack.pop() as StorageNode;
      if (n.kind === 'text' || n.kind === 'cdata') out.push(nodeText(n));
      else if (n.kind === 'element' && (n === root || !NOT_SHOWN.has(lname(n)))) {
        out.push(' ');
        for (let i = n.children.length - 1; i >= 0; i -= 1) stack.push(n.children[i]);
      }
    }
    return out.join('');
  }

  /** The Markdown blocks of a run of sibling nodes: inline runs become paragraphs. */
  blocks(nodes: readonly StorageNode[], depth: number): string[] {
    const out: string[] = [];
    let buffer = '';
    const flush = (): void => {
      const text = squash(buffer);
      buffer = '';
      if (!text || text === BR) return;
      const lines = text
        .split(BR)
        .map((l) => l.trim())
        .filter((l, i, all) => l || (i > 0 && i < all.length - 1));
      if (lines.length > 0) out.push(lines.map(escapeLineStart).join('\\\n'));
    };
    for (const node of nodes) {
      if (node.kind !== 'element') {
        buffer += this.inline(node, depth);
        continue;
      }
      const name = lname(node);
      if (NOT_SHOWN.has(name)) continue;
      if (depth > MAX_DEPTH) {
        buffer += ` ${escapeText(this.flat(node))} `;
        continue;
      }
      const block = this.block(node, name, depth);
      if (block === undefined) {
        buffer += this.inline(node, depth);
        continue;
      }
      flush();
      out.push(...block.filter((b) => b.trim().length > 0));
    }
    flush();
    return separateLists(out);
  }

  /** The blocks an element renders to, or undefined when it is inline content. */
  private block(el: StorageNode, name: string, depth: number): string[] | undefined {
    const heading = HEADING.exec(name);
    if (heading) {
      const text = squash(this.inlineOf(el, depth).split(BR).join(' ')).replace(/ (#+)$/, ' \\$1');
      return text ? [`${'#'.repeat(Number(heading[1]))} ${text}`] : [];
    }
    if (name === 'p' || name === 'dd' || CONTAINERS.has(name)) return this.blocks(el.children, depth + 1);
    if (name === 'dt') {
      const text = squash(this.inlineOf(el, depth).split(BR).join(' '));
      return text ? [`**${text}**`] : [];
    }
    if (name === 'ul' || name === 'ol') return [this.list(el, depth)];
    if (name === 'ac:task-list') return [this.taskList(el, depth)];
    if (name === 'table') return this.table(el, depth);
    if (name === 'pre') return [this.fenced(this.preText(el), '')];
    if (name === 'blockquote') {
      const inner = this.blocks(el.children, depth + 1).join('\n\n');
      return inner ? [quote(inner)] : [];
    }
    if (name === 'hr') return ['---'];
    if (name === 'ac:structured-macro' || name === 'ac:macro') {
      return INLINE_MACROS.has(macroName(el)) ? undefined : this.macro(el, depth);
    }
    if (name === 'ac:adf-extension') return elementsOf(el, 'ac:adf-node').flatMap((n) => this.adfNode(n, depth + 1));
    if (name === 'ac:adf-node') return this.adfNode(el, depth);
    return undefined;
  }

  private inlineOf(el: StorageNode, depth: number): string {
    return el.children.map((c) => this.inline(c, depth + 1)).join('');
  }

  /** Inline Markdown of a node; whitespace is collapsed later, at the paragraph. */
  inline(node: StorageNode, depth: number): string {
    if (node.kind === 'text') return escapeText(nodeText(node).replace(new RegExp(BR, 'g'), ''));
    if (node.kind === 'cdata') return escapeText(nodeText(node));
    if (node.kind !== 'element') return '';
    const name = lname(node);
    if (NOT_SHOWN.has(name)) return '';
    if (depth > MAX_DEPTH) return ` ${escapeText(this.flat(node))} `;
    if (name === 'br') return BR;
    const mark = EMPHASIS[name];
    if (mark) return this.wrap(this.inlineOf(node, depth), mark);
    if (CODE_SPANS.has(name)) return codeSpan(this.flat(node).replace(/^ | $/g, ''));
    if (name === 'a') return this.anchor(node, depth);
    if (name === 'img') return `![${escapeText(attr(node, 'alt') ?? '')}](${linkTarget(attr(node, 'src') ?? '')})`;
    if (name === 'time') return escapeText(attr(node, 'datetime') ?? '') + this.inlineOf(node, depth);
    if (name === 'ac:link') return this.acLink(node, depth);
    if (name === 'ac:image') return this.image(node);
    if (name === 'ac:emoticon') return escapeText(attr(node, 'ac:emoji-fallback') ?? (attr(node, 'ac:name') ? `:${attr(node, 'ac:name')}:` : ''));
    if (name === 'ac:structured-macro' || name === 'ac:macro') return this.inlineMacro(node, depth);
    const inner = this.inlineOf(node, depth);
    // Block-level markup met inside a line (a `p` in a `span`, a cell's blocks) keeps words apart.
    if (HEADING.test(name) || name === 'p' || name === 'div' || name === 'li' || name === 'tr' || name === 'td' || name === 'th') return ` ${inner} `;
    return inner;
  }

  /** `**x**` around the text, leaving its outer whitespace outside the marks so they still bind. */
  private wrap(inner: string, mark: string): string {
    const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner) as RegExpExecArray;
    if (!m[2] || m[2] === BR) return inner;
    return `${m[1]}${mark}${m[2]}${mark}${m[3]}`;
  }

  /** Whitespace at the edges of a link's text, kept outside the link so it never glues to the next word. */
  private edges(inner: string, rendered: string): string {
    return `${/^\s/.test(inner) ? ' ' : ''}${rendered}${/\s$/.test(inner) ? ' ' : ''}`;
  }

  private anchor(el: StorageNode, depth: number): string {
    const inner = this.inlineOf(el, depth);
    const text = squash(inner.split(BR).join(' '));
    const href = attr(el, 'href');
    return this.edges(inner, href ? link(text, href) : text);
  }

  private acLink(el: StorageNode, depth: number): string {
    const bodyEl = elementsOf(el).find((c) => lname(c) === 'ac:link-body' || lname(c) === 'ac:plain-text-link-body');
    const inner = bodyEl ? this.inlineOf(bodyEl, depth) : '';
    return this.edges(inner, this.linkOf(el, squash(inner.split(BR).join(' '))));
  }

  private linkOf(el: StorageNode, body: string): string {
    const anchor = attr(el, 'ac:anchor');
    const hash = anchor ? `#${encodeURIComponent(anchor)}` : '';
    const user = elementsOf(el, 'ri:user')[0];
    if (user) {
      const id = attr(user, 'ri:account-id') ?? attr(user, 'ri:userkey') ?? attr(user, 'ri:username') ?? '';
      const name = (id && this.options.resolveUser?.(id)) || '';
      return name ? `@${escapeText(name)}` : body ? `@${body.replace(/^@/, '')}` : id ? `@${escapeText(id)}` : '';
    }
    const page = elementsOf(el, 'ri:page')[0] ?? elementsOf(el, 'ri:blog-post')[0];
    const attachment = elementsOf(el, 'ri:attachment')[0];
    if (attachment) {
      const filename = attr(attachment, 'ri:filename') ?? '';
      const owner = elementsOf(attachment, 'ri:page')[0];
      const url = filename ? this.options.resolveAttachment?.(filename, owner ? this.pageRef(owner) : undefined) : undefined;
      return link(body || escapeText(filename), url);
    }
    if (page) {
      const ref = this.pageRef(page);
      const url = ref.title ? this.options.resolvePage?.(ref) : undefined;
      return link(body || escapeText(ref.title), url ? url + hash : undefined);
    }
    const url = elementsOf(el, 'ri:url')[0];
    if (url) return link(body, attr(url, 'ri:value'));
    const space = elementsOf(el, 'ri:space')[0];
    if (space) return body || escapeText(attr(space, 'ri:space-key') ?? '');
    if (hash) return link(body || escapeText(anchor ?? ''), hash);
    return body;
  }

  private pageRef(page: StorageNode): PageRef {
    const title = attr(page, 'ri:content-title') ?? '';
    const spaceKey = attr(page, 'ri:space-key');
    return { title, ...(spaceKey ? { spaceKey } : {}) };
  }

  private image(el: StorageNode): string {
    const attachment = elementsOf(el, 'ri:attachment')[0];
    const url = elementsOf(el, 'ri:url')[0];
    let target = '';
    let filename = '';
    if (attachment) {
      filename = attr(attachment, 'ri:filename') ?? '';
      const owner = elementsOf(attachment, 'ri:page')[0];
      target = (filename && this.options.resolveAttachment?.(filename, owner ? this.pageRef(owner) : undefined)) || filename;
    } else if (url) {
      target = attr(url, 'ri:value') ?? '';
      filename = target.split('/').pop() ?? '';
    }
    const alt = attr(el, 'ac:alt') || attr(el, 'ac:title') || filename;
    return `![${escapeText(alt)}](${linkTarget(target)})`;
  }

  private params(el: StorageNode): Map<string, StorageNode> {
    const params = new Map<string, StorageNode>();
    for (const p of elementsOf(el, 'ac:parameter')) {
      const key = (attr(p, 'ac:name') ?? '').toLowerCase();
      if (!params.has(key)) params.set(key, p);
    }
    return params;
  }

  private param(el: StorageNode, ...names: string[]): string | undefined {
    const params = this.params(el);
    for (const name of names) {
      const p = params.get(name);
      const text = p ? squash(this.flat(p)) : '';
      if (text) return text;
    }
    return undefined;
  }

  private placeholder(name: string, detail?: string): string {
    return `_\\[macro: ${escapeText(name)}${detail ? ` ${escapeText(detail)}` : ''}\\]_`;
  }

  private inlineMacro(el: StorageNode, depth: number): string {
    const name = macroName(el);
    if (name === 'status') return escapeText(this.param(el, 'title') ?? '');
    if (name === 'anchor') return '';
    if (name === 'jira') return this.placeholder('jira', this.param(el, 'key', 'jqlquery'));
    const body = elementsOf(el, 'ac:rich-text-body')[0];
    if (body) return ` ${this.inlineOf(body, depth)} `;
    const plain = elementsOf(el, 'ac:plain-text-body')[0];
    if (plain) return ` ${codeSpan(this.flat(plain).trim())} `;
    return name ? ` ${this.placeholder(name)} ` : '';
  }

  private fenced(body: string, language: string): string {
    const text = body.replace(/^\n+|\s+$/g, '');
    const fence = fenceFor(text);
    return `${fence}${language.replace(/[`\s]/g, '')}\n${text}\n${fence}`;
  }

  private preText(el: StorageNode): string {
    const out: string[] = [];
    const stack: StorageNode[] = [el];
    while (stack.length > 0) {
      const n = stack.pop() as StorageNode;
      if (n.kind === 'text' || n.kind === 'cdata') out.push(nodeText(n));
      else if (n.kind === 'element') {
        if (lname(n) === 'br') out.push('\n');
        for (let i = n.children.length - 1; i >= 0; i -= 1) stack.push(n.children[i]);
      }
    }
    return out.join('');
  }

  private macro(el: StorageNode, depth: number): string[] {
    const name = macroName(el);
    const body = elementsOf(el, 'ac:rich-text-body')[0];
    const plain = elementsOf(el, 'ac:plain-text-body')[0];
    const title = this.param(el, 'title');
    if (name === HTML_MACRO && plain) {
      // The html macro's body is HTML in CDATA: render what a reader sees of it, never the markup.
      return this.blocks(parseStorage(this.flat(plain)).children, depth + 1);
    }
    if (plain) {
      const language = plainMacroLanguage(name, (...names) => this.param(el, ...names));
      const code = this.fenced(this.preText(plain), language);
      return title ? [`**${escapeText(title)}**`, code] : [code];
    }
    if (name in ALERTS || name === 'panel') {
      const inner = body ? this.blocks(body.children, depth + 1) : [];
      const head = name === 'panel' ? [] : [`[!${ALERTS[name]}]`];
      const lines = [...head, ...(title ? [`**${escapeText(title)}**`] : []), ...inner];
      return lines.length > head.length ? [quote(head.length > 0 ? [head[0], lines.slice(1).join('\n\n')].join('\n') : lines.join('\n\n'))] : [];
    }
    if (name === 'expand') {
      const inner = body ? this.blocks(body.children, depth + 1) : [];
      return [`**${escapeText(title ?? 'Details')}**`, ...inner];
    }
    if (name === 'include' || name === 'excerpt-include') return [this.include(el, name)];
    if (body) return this.blocks(body.children, depth + 1);
    if (!name) return [];
    return [this.placeholder(name, name === 'jira' ? this.param(el, 'key', 'jqlquery') : undefined)];
  }

  private include(el: StorageNode, name: string): string {
    const stack: StorageNode[] = [...el.children];
    let page: StorageNode | undefined;
    while (stack.length > 0 && !page) {
      const n = stack.pop() as StorageNode;
      if (n.kind !== 'element') continue;
      if (lname(n) === 'ri:page') page = n;
      else stack.push(...n.children);
    }
    const ref = page ? this.pageRef(page) : { title: '' };
    const label = name === 'include' ? 'Included from page' : 'Excerpt included from page';
    if (!ref.title) return `_${label} (unnamed)_`;
    const url = this.options.resolvePage?.(ref);
    const where = ref.spaceKey ? ` in space ${escapeText(ref.spaceKey)}` : '';
    return `_${label}_ ${link(escapeText(ref.title), url)}${url ? '' : where}`;
  }

  private adfNode(el: StorageNode, depth: number): string[] {
    const type = (attr(el, 'type') ?? '').toLowerCase();
    const content = elementsOf(el, 'ac:adf-content')[0];
    const inner = [...(content ? content.children : []), ...elementsOf(el, 'ac:adf-node')];
    if (type === 'panel') {
      const a = elementsOf(el, 'ac:adf-attribute').find((x) => attr(x, 'key') === 'panel-type');
      const kind = a ? squash(this.flat(a)).toLowerCase() : 'info';
      const blocks = this.blocks(inner, depth + 1);
      if (blocks.length === 0) return [];
      return [quote(ALERTS[kind] ? `[!${ALERTS[kind]}]\n${blocks.join('\n\n')}` : blocks.join('\n\n'))];
    }
    if (type === 'decision-list') {
      const items = elementsOf(el, 'ac:adf-node').map((item) => {
        const c = elementsOf(item, 'ac:adf-content')[0];
        return c ? this.blocks(c.children, depth + 2).join(' ') : '';
      });
      return [items.filter(Boolean).map((t) => `- ${t}`).join('\n')];
    }
    return this.blocks(inner, depth + 1);
  }

  private item(marker: string, blocks: string[]): string {
    if (blocks.length === 0) return marker;
    const pad = ' '.repeat(marker.length + 1);
    let body = blocks[0];
    for (let i = 1; i < blocks.length; i += 1) {
      // A nested list follows its item's text directly; other blocks get a blank line, as loose items do.
      body += /^(\s*)([-*+]|\d+\.) /.test(blocks[i]) ? `\n${blocks[i]}` : `\n\n${blocks[i]}`;
    }
    return `${marker} ${indent(body, pad)}`;
  }

  private list(el: StorageNode, depth: number): string {
    const ordered = lname(el) === 'ol';
    let n = Math.max(0, Math.min(1e9, Number(attr(el, 'start') ?? 1) || 1));
    const items: Array<{ blocks: string[] }> = [];
    for (const child of el.children) {
      if (child.kind === 'element' && lname(child) === 'li') {
        items.push({ blocks: this.blocks(child.children, depth + 1) });
      } else if (child.kind === 'element' && (lname(child) === 'ul' || lname(child) === 'ol')) {
        // A list directly inside a list (invalid, but the editor's HTML paste produces it) belongs to the item before.
        const nested = this.list(child, depth + 1);
        if (items.length > 0) items[items.length - 1].blocks.push(nested);
        else items.push({ blocks: [nested] });
      } else if (child.kind === 'text' || child.kind === 'cdata' || child.kind === 'element') {
        const stray = this.blocks([child], depth + 1);
        if (stray.length > 0) items.push({ blocks: stray });
      }
    }
    return items
      .map((item) => this.item(ordered ? `${n++}.` : '-', item.blocks))
      .join('\n');
  }

  private taskList(el: StorageNode, depth: number): string {
    const lines: string[] = [];
    for (const task of elementsOf(el, 'ac:task')) {
      const status = elementsOf(task, 'ac:task-status')[0];
      const body = elementsOf(task, 'ac:task-body')[0];
      const done = status ? squash(this.flat(status)) === 'complete' : false;
      lines.push(this.item(`- [${done ? 'x' : ' '}]`, body ? this.blocks(body.children, depth + 1) : []));
    }
    return lines.join('\n');
  }

  private table(el: StorageNode, depth: number): string[] {
    const rows: Array<{ cells: Cell[]; head: boolean }> = [];
    const collect = (parent: StorageNode, head: boolean): void => {
      for (const c of elementsOf(parent)) {
        const name = lname(c);
        if (name === 'tr') {
          const cells: Cell[] = elementsOf(c)
            .filter((cell) => lname(cell) === 'td' || lname(cell) === 'th')
            .map((cell) => ({
              blocks: this.blocks(cell.children, depth + 2),
              header: lname(cell) === 'th',
              colspan: Math.min(Math.max(Number(attr(cell, 'colspan') ?? 1) || 1, 1), 50),
              rowspan: Math.min(Math.max(Number(attr(cell, 'rowspan') ?? 1) || 1, 1), 1000),
            }));
          rows.push({ cells, head });
        } else if (name === 'thead') collect(c, true);
        else if (name === 'tbody' || name === 'tfoot') collect(c, false);
      }
    };
    collect(el, false);
    if (rows.length === 0) return [];
    // Lay the cells on a grid: a rowspan repeats its cell in the rows below (each row reads on its own), a colspan
    // leaves the columns it covers empty.
    const grid: Array<Array<Cell | undefined>> = rows.map(() => []);
    rows.forEach((row, r) => {
      let col = 0;
      for (const cell of row.cells) {
        while (grid[r][col] !== undefined) col += 1;
        for (let dr = 0; dr < cell.rowspan && r + dr < rows.length; dr += 1) {
          grid[r + dr][col] = cell;
          for (let dc = 1; dc < cell.colspan; dc += 1) grid[r + dr][col + dc] = { blocks: [], header: cell.header, colspan: 1, rowspan: 1 };
        }
        col += cell.colspan;
      }
    });
    const width = Math.max(...grid.map((r) => r.length));
    if (width === 0) return [];
    const headerRows = rows[0].head || (rows[0].cells.length > 0 && rows[0].cells.every((c) => c.header)) ? 1 : 0;
    const complex = grid.some((r) => r.some((c) => c !== undefined && c.blocks.some((b) => /^\s*(```|\||>)/m.test(b) || /\n\n/.test(b))));
    if (complex) return this.rowsAsLists(grid, width, headerRows);
    const cellText = (c: Cell | undefined): string =>
      (c ? c.blocks.join(BR) : '').replace(/\n/g, BR).replace(/\|/g, '\\|').split(BR).join('<br>').trim();
    const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
    const rowCells = (r: Array<Cell | undefined>): string[] => Array.from({ length: width }, (_, i) => cellText(r[i]));
    const header = headerRows ? rowCells(grid[0]) : Array.from({ length: width }, () => '');
    return [[line(header), `|${' --- |'.repeat(width)}`, ...grid.slice(headerRows).map((r) => line(rowCells(r)))].join('\n')];
  }

  /** A table whose cells hold code blocks, nested tables or several paragraphs: one labelled list per row. */
  private rowsAsLists(grid: Array<Array<Cell | undefined>>, width: number, headerRows: number): string[] {
    const labels = Array.from({ length: width }, (_, i) => {
      const c = headerRows ? grid[0][i] : undefined;
      const text = c ? squash(c.blocks.join(' ')) : '';
      return text || `Column ${i + 1}`;
    });
    const out: string[] = [];
    grid.slice(headerRows).forEach((row, r) => {
      out.push(`Row ${r + 1}:`);
      const items: string[] = [];
      for (let i = 0; i < width; i += 1) {
        const cell = row[i];
        if (!cell || cell.blocks.length === 0) continue;
        const [first, ...rest] = cell.blocks;
        const label = `**${labels[i]}:**`;
        items.push(this.item('-', /^(```|\||>|- |\d+\. )/.test(first) ? [label, first, ...rest] : [`${label} ${first}`, ...rest]));
      }
      out.push(items.join('\n'));
    });
    return out;
  }
}

/**
 * A page's storage format as Markdown that loses nothing a reader sees: GFM tables, fenced code with its language
 * (code, third-party code macros, noformat, the visible text of html, unmigrated wiki markup), nested lists, panels
 * as GFM alerts, links with their targets, images, @mentions, status text, includes as named references and any
 * other macro as a one-line placeholder. Text that would read as Markdown or HTML is escaped. Pass a parsed page to
 * reuse its tree, or some of its nodes (a section from `sectionOf`) to render only those.
 *
 * @example
 *   pageMarkdown('<h2>Setup</h2><ac:structured-macro ac:name="info"><ac:rich-text-body><p>Needs <code>node</code> 20.</p></ac:rich-text-body></ac:structured-macro>');
 *   // '## Setup\n\n> [!NOTE]\n> Needs `node` 20.'
 *   pageMarkdown(sectionOf(doc, heading).nodes, options); // one section
 */
export function pageMarkdown(storage: string | StorageDocument | readonly StorageNode[], options: MarkdownOptions = {}): string {
  const nodes: readonly StorageNode[] = Array.isArray(storage)
    ? storage
    : typeof storage === 'string'
      ? parseStorage(storage).children
      : storage && typeof (storage as StorageDocument).source === 'string'
        ? (storage as StorageDocument).children
        : [];
  return new Renderer(options)
    .blocks(nodes, 0)
    .join('\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
