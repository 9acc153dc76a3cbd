import { parseStorage, type StorageDocument } from '../storage';
import type { Block, ExtractedContent, PageRef, PanelType } from './blocks';
import {
  attr, children, CONTAINERS, HTML_MACRO, INLINE_MACROS, isCDATA, isTag, isText, lname, nodeText, NOT_SHOWN, plainMacroLanguage,
  type AnyNode, type Element,
} from './nodes';

export interface ExtractOptions {
  /** Display name for a mentioned account id; when it returns nothing the account id stands in. */
  resolveUser?: (accountId: string) => string | undefined;
}

/** Below this nesting depth the walker recurses; deeper markup (e.g. tables in tables in tables) is read as flat text. */
const MAX_DEPTH = 64;
const HEADING = /^h([1-6])$/;
const PANEL_MACROS: Record<string, PanelType> = { info: 'info', note: 'note', warning: 'warning', tip: 'tip', panel: 'panel' };
/** The shared containers, plus the ADF extension wrapper whose nodes this walker reads itself. */
const BLOCK_CONTAINERS: ReadonlySet<string> = new Set([...CONTAINERS, 'ac:adf-extension']);
/** ac: elements that sit inside a word run: no spaces are added around their text. */
const INLINE_AC = new Set(['ac:inline-comment-marker', 'ac:link-body', 'ac:plain-text-link-body', 'ac:link']);
const BLOCK_TAGS = new Set(['p', 'li', 'tr', 'td', 'th', 'dt', 'dd', 'pre', 'blockquote', 'table', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div']);

function childTags(el: AnyNode, name?: string): Element[] {
  return children(el).filter((c): c is Element => isTag(c) && (name === undefined || lname(c) === name));
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Text under a node without recursion, for markup nested too deep to walk safely. */
function flatText(root: AnyNode): string {
  const out: string[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (isText(node) || isCDATA(node)) out.push(nodeText(node));
    else if (isTag(node) && node !== root && NOT_SHOWN.has(lname(node))) continue;
    else {
      if (isTag(node) && BLOCK_TAGS.has(lname(node))) out.push(' ');
      const kids = children(node);
      for (let i = kids.length - 1; i >= 0; i -= 1) stack.push(kids[i]);
    }
  }
  return out.join('');
}

function macroName(el: Element): string {
  return (attr(el, 'ac:name') ?? '').toLowerCase();
}

/** Walks one page's DOM; holds the heading stack and what the page refers to. */
class Walker {
  private readonly headings: Array<{ level: number; text: string }> = [];
  readonly links: PageRef[] = [];
  readonly includes: ExtractedContent['includes'] = [];
  readonly mentions: string[] = [];
  private readonly seenLinks = new Set<string>();

  constructor(private readonly options: ExtractOptions) {}

  flow(nodes: readonly AnyNode[], out: Block[], depth: number): void {
    let buffer = '';
    const flush = (): void => {
      const text = squash(buffer);
      if (text) out.push({ kind: 'paragraph', text });
      buffer = '';
    };
    for (const node of nodes) {
      if (!isTag(node)) {
        buffer += this.inline(node, depth + 1);
        continue;
      }
      const name = lname(node);
      if (depth > MAX_DEPTH) {
        buffer += ` ${flatText(node)} `;
        continue;
      }
      if (NOT_SHOWN.has(name)) continue;
      if (name === 'br') {
        buffer += ' ';
      } else if (name === 'p' || name === 'ac:task-body' || name === 'dd' || name === 'dt') {
        flush();
        this.flow(node.children, out, depth + 1);
      } else if (HEADING.test(name)) {
        flush();
        this.heading(node, out, depth);
      } else if (name === 'ul' || name === 'ol') {
        flush();
        const items: Array<{ text: string; depth: number }> = [];
        this.listItems(node, 0, items, depth);
        if (items.length > 0) out.push({ kind: 'list', ordered: name === 'ol', items });
      } else if (name === 'ac:task-list') {
        flush();
        this.taskList(node, out, depth);
      } else if (name === 'table') {
        flush();
        this.table(node, out, depth);
      } else if (name === 'pre') {
        flush();
        const text = flatText(node).replace(/^\n+|\s+$/g, '');
        if (text) out.push({ kind: 'code', text });
      } else if (name === 'blockquote') {
        flush();
        const blocks: Block[] = [];
        this.flow(node.children, blocks, depth + 1);
        if (blocks.length > 0) out.push({ kind: 'quote', blocks });
      } else if (name === 'hr') {
        flush();
      } else if (name === 'ac:structured-macro' || name === 'ac:macro') {
        if (INLINE_MACROS.has(macroName(node))) buffer += this.inline(node, depth + 1);
        else {
          flush();
          this.macro(node, out, depth);
        }
      } else if (name === 'ac:adf-node') {
        flush();
        this.adfNode(node, out, depth);
      } else if (BLOCK_CONTAINERS.has(name)) {
        flush();
        this.flow(node.children, out, depth + 1);
      } else {
        buffer += this.inline(node, depth + 1);
      }
    }
    flush();
  }

  /** Inline text of a node: links, mentions and lozenges become words; configuration is dropped. */
  inline(node: AnyNode, depth: number): string {
    if (isText(node) || isCDATA(node)) return nodeText(node);
    if (!isTag(node)) return '';
    if (depth > MAX_DEPTH) return ` ${flatText(node)} `;
    const name = lname(node);
    if (NOT_SHOWN.has(name)) return '';
    if (name === 'br') return ' ';
    if (name === 'ac:link') return this.link(node, depth);
    if (name === 'time') return attr(node, 'datetime') ?? '';
    if (name === 'ac:emoticon') return attr(node, 'ac:emoji-fallback') ?? '';
    if (name === 'ac:image') return '';
    if (name === 'ac:structured-macro' || name === 'ac:macro') return this.inlineMacro(node, depth);
    const inner = children(node).map((c) => this.inline(c, depth + 1)).join('');
    return BLOCK_TAGS.has(name) || (name.startsWith('ac:') && !INLINE_AC.has(name)) ? ` ${inner} ` : inner;
  }

  private heading(el: Element, out: Block[], depth: number): void {
    const level = Number(HEADING.exec(lname(el))?.[1] ?? 1);
    // Never cut: a heading is part of the page's text, and its words are what a reader searches for.
    const text = squash(children(el).map((c) => this.inline(c, depth + 1)).join(''));
    if (!text) return;
    while (this.headings.length > 0 && this.headings[this.headings.length - 1].level >= level) this.headings.pop();
    this.headings.push({ level, text });
    out.push({ kind: 'heading', level, text, path: this.headings.map((h) => h.text) });
  }

  private listItems(list: Element, level: number, items: Array<{ text: string; depth: number }>, depth: number): void {
    if (depth > MAX_DEPTH) {
      const text = squash(flatText(list));
      if (text) items.push({ text, depth: level });
      return;
    }
    for (const li of childTags(list)) {
      if (lname(li) === 'ul' || lname(li) === 'ol') {
        this.listItems(li, level + 1, items, depth + 1);
        continue;
      }
      const nested: Element[] = [];
      let text = '';
      for (const c of children(li)) {
        if (isTag(c) && (lname(c) === 'ul' || lname(c) === 'ol')) nested.push(c);
        else text += this.inline(c, depth + 2);
      }
      const clean = squash(text);
      if (clean) items.push({ text: clean, depth: level });
      for (const n of nested) this.listItems(n, level + 1, items, depth + 2);
    }
  }

  private taskList(el: Element, out: Block[], depth: number): void {
    const items: Array<{ text: string; depth: number; checked: boolean }> = [];
    for (const task of childTags(el, 'ac:task')) {
      const status = childTags(task, 'ac:task-status')[0];
      const body = childTags(task, 'ac:task-body')[0];
      const text = body ? squash(this.inline(body, depth + 2)) : '';
      if (text) items.push({ text, depth: 0, checked: status ? squash(flatText(status)) === 'complete' : false });
    }
    if (items.length > 0) out.push({ kind: 'list', ordered: false, items });
  }

  private table(el: Element, out: Block[], depth: number): void {
    const rows: Array<Array<{ text: string; header: boolean }>> = [];
    const collect = (parent: Element): void => {
      for (const c of childTags(parent)) {
        const cname = lname(c);
        if (cname === 'tr') {
          const cells: Array<{ text: string; header: boolean }> = [];
          for (const cell of childTags(c)) {
            const cellName = lname(cell);
            if (cellName !== 'td' && cellName !== 'th') continue;
            const text = squash(children(cell).map((n) => this.inline(n, depth + 3)).join(''));
            const span = Math.min(Math.max(Number(attr(cell, 'colspan') ?? 1) || 1, 1), 20);
            for (let i = 0; i < span; i += 1) cells.push({ text, header: cellName === 'th' });
          }
          if (cells.length > 0) rows.push(cells);
        } else if (cname === 'thead' || cname === 'tbody' || cname === 'tfoot') collect(c);
      }
    };
    collect(el);
    if (rows.length === 0) return;
    const headerRow = rows[0].every((c) => c.header) ? rows.shift() : undefined;
    const body = rows.map((r) => r.map((c) => c.text)).filter((r) => r.some((c) => c));
    const header = headerRow ? headerRow.map((c) => c.text) : [];
    if (body.length > 0 || header.some((h) => h)) out.push({ kind: 'table', header, rows: body });
  }

  private params(el: Element): Map<string, Element> {
    const params = new Map<string, Element>();
    for (const p of childTags(el, 'ac:parameter')) params.set((attr(p, 'ac:name') ?? '').toLowerCase(), p);
    return params;
  }

  private paramText(el: Element, name: string): string | undefined {
    const p = this.params(el).get(name);
    const text = p ? squash(flatText(p)) : '';
    return text || undefined;
  }

  private macro(el: Element, out: Block[], depth: number): void {
    const name = macroName(el);
    const body = childTags(el, 'ac:rich-text-body')[0];
    const plain = childTags(el, 'ac:plain-text-body')[0];
    if (name === HTML_MACRO && plain) {
      // The html macro's body is HTML in CDATA: its visible text is content, its markup is not.
      this.flow(parseStorage(flatText(plain)).children, out, depth + 1);
      return;
    }
    if (plain) {
      // code, noformat, third-party code macros, unmigrated wiki markup, diagrams as text: the body is the content.
      const text = flatText(plain).replace(/^\n+|\s+$/g, '');
      const language = plainMacroLanguage(name, (...names) => names.map((n) => this.paramText(el, n)).find(Boolean));
      const title = this.paramText(el, 'title');
      if (text) out.push({ kind: 'code', text, ...(language ? { language } : {}), ...(title ? { title } : {}) });
      else if (title) out.push({ kind: 'paragraph', text: title });
      return;
    }
    if (name in PANEL_MACROS) {
      const blocks: Block[] = [];
      if (body) this.flow(body.children, blocks, depth + 1);
      const title = this.paramText(el, 'title');
      if (blocks.length > 0 || title) out.push({ kind: 'panel', panelType: PANEL_MACROS[name], ...(title ? { title } : {}), blocks });
      return;
    }
    if (name === 'expand') {
      const blocks: Block[] = [];
      if (body) this.flow(body.children, blocks, depth + 1);
      const title = this.paramText(el, 'title');
      if (blocks.length > 0 || title) out.push({ kind: 'expand', ...(title ? { title } : {}), blocks });
      return;
    }
    if (name === 'include' || name === 'excerpt-include') {
      const ref = this.includeRef(el, name);
      if (ref) out.push({ kind: 'include', macro: name, pageTitle: ref.title, ...(ref.spaceKey ? { spaceKey: ref.spaceKey } : {}) });
      return;
    }
    // Unknown or content macros (excerpt, section, column, ...): their rich-text body is content, parameters are not.
    if (body) this.flow(body.children, out, depth + 1);
  }

  private inlineMacro(el: Element, depth: number): string {
    const name = macroName(el);
    if (name === 'status') return ` ${this.paramText(el, 'title') ?? ''} `;
    if (name === 'include' || name === 'excerpt-include') {
      this.includeRef(el, name);
      return '';
    }
    const plain = childTags(el, 'ac:plain-text-body')[0];
    if (name === HTML_MACRO && plain) {
      const visible = parseStorage(flatText(plain)).children.filter((c) => !(isTag(c) && NOT_SHOWN.has(lname(c))));
      return ` ${visible.map(flatText).join(' ')} `;
    }
    if (plain) return ` ${flatText(plain)} `;
    const body = childTags(el, 'ac:rich-text-body')[0];
    const title = name in PANEL_MACROS || name === 'expand' ? (this.paramText(el, 'title') ?? '') : '';
    return body ? ` ${title} ${this.inline(body, depth + 1)} ` : '';
  }

  private includeRef(el: Element, name: 'include' | 'excerpt-include'): PageRef | undefined {
    const page = this.findTag(el, 'ri:page');
    const title = page ? attr(page, 'ri:content-title') : undefined;
    if (!page || !title) return undefined;
    const spaceKey = attr(page, 'ri:space-key');
    const ref = { title, ...(spaceKey ? { spaceKey } : {}) };
    if (!this.includes.some((i) => i.title === title && i.spaceKey === spaceKey && i.macro === name)) this.includes.push({ ...ref, macro: name });
    return ref;
  }

  private findTag(root: Element, name: string): Element | undefined {
    const stack: AnyNode[] = [...root.children];
    while (stack.length > 0) {
      const n = stack.pop() as AnyNode;
      if (isTag(n)) {
        if (lname(n) === name) return n;
        stack.push(...n.children);
      }
    }
    return undefined;
  }

  private link(el: Element, depth: number): string {
    const bodyEl = childTags(el).find((c) => lname(c) === 'ac:link-body' || lname(c) === 'ac:plain-text-link-body');
    const raw = bodyEl ? children(bodyEl).map((c) => this.inline(c, depth + 1)).join('') : '';
    // Whitespace at the edges of the link's text stays outside it, so the link never glues to the next word.
    return `${/^\s/.test(raw) ? ' ' : ''}${this.linkText(el, squash(raw))}${/\s$/.test(raw) ? ' ' : ''}`;
  }

  private linkText(el: Element, body: string): string {
    const user = childTags(el, 'ri:user')[0];
    if (user) {
      const id = attr(user, 'ri:account-id') ?? attr(user, 'ri:userkey') ?? attr(user, 'ri:username') ?? '';
      if (id && !this.mentions.includes(id)) this.mentions.push(id);
      const name = (id && this.options.resolveUser?.(id)) || body || id;
      return name ? `@${name}` : '';
    }
    const page = childTags(el, 'ri:page')[0] ?? childTags(el, 'ri:blog-post')[0];
    if (page) {
      const title = attr(page, 'ri:content-title') ?? '';
      const spaceKey = attr(page, 'ri:space-key');
      const key = `${spaceKey ?? ''}\u0000${title}`;
      if (title && !this.seenLinks.has(key)) {
        this.seenLinks.add(key);
        this.links.push({ title, ...(spaceKey ? { spaceKey } : {}) });
      }
      return body || title;
    }
    const attachment = childTags(el, 'ri:attachment')[0];
    if (attachment) return body || attr(attachment, 'ri:filename') || '';
    const url = childTags(el, 'ri:url')[0];
    if (url) return body || attr(url, 'ri:value') || '';
    return body;
  }

  private adfNode(el: Element, out: Block[], depth: number): void {
    const type = (attr(el, 'type') ?? '').toLowerCase();
    const attribute = (key: string): string | undefined => {
      const a = childTags(el, 'ac:adf-attribute').find((x) => attr(x, 'key') === key);
      return a ? squash(flatText(a)) : undefined;
    };
    const content = childTags(el, 'ac:adf-content')[0];
    const inner: AnyNode[] = [...(content ? content.children : []), ...childTags(el, 'ac:adf-node')];
    if (type === 'panel') {
      const kind = (attribute('panel-type') ?? 'info').toLowerCase();
      const panelType: PanelType = (['info', 'note', 'warning', 'tip', 'success', 'error'] as const).find((p) => p === kind) ?? 'custom';
      const blocks: Block[] = [];
      this.flow(inner, blocks, depth + 1);
      if (blocks.length > 0) out.push({ kind: 'panel', panelType, blocks });
      return;
    }
    if (type === 'decision-list') {
      const items = childTags(el, 'ac:adf-node')
        .map((item) => {
          const c = childTags(item, 'ac:adf-content')[0];
          return { text: c ? squash(this.inline(c, depth + 2)) : '', depth: 0 };
        })
        .filter((i) => i.text);
      if (items.length > 0) out.push({ kind: 'list', ordered: false, items });
      return;
    }
    this.flow(inner, out, depth + 1);
  }
}

/**
 * Reduces Confluence storage format (XHTML with ac:/ri: elements) to ordered blocks, read from the storage tree
 * (pass the parsed page to reuse its tree). Never throws on malformed markup: the tree recovers what it can
 * (unclosed tags, unknown entities, stray CDATA).
 *
 * @example
 *   extractContent('<h2>Setup</h2><p>Run it.</p>').blocks;
 *   // [{ kind: 'heading', level: 2, text: 'Setup', path: ['Setup'] }, { kind: 'paragraph', text: 'Run it.' }]
 */
export function extractContent(storage: string | StorageDocument, options: ExtractOptions = {}): ExtractedContent {
  const walker = new Walker(options);
  const blocks: Block[] = [];
  const doc = typeof storage === 'string' ? parseStorage(storage) : storage && typeof storage.source === 'string' ? storage : undefined;
  if (doc && doc.children.length > 0) walker.flow(doc.children, blocks, 0);
  return { blocks, links: walker.links, includes: walker.includes, mentions: walker.mentions };
}
