import { QuoteType, Tokenizer } from 'htmlparser2';

/**
 * What a node is. `raw` holds bytes that are not markup of their own but must not be lost: a close tag that closes
 * nothing, a `<!DOCTYPE>` or `<?xml?>` declaration, an unterminated tag at the end of the input.
 */
export type StorageNodeKind = 'element' | 'text' | 'cdata' | 'comment' | 'raw';

/** One node of a storage-format page, with its exact place in the source. */
export interface StorageNode {
  readonly kind: StorageNodeKind;
  /** The tag name exactly as written (`ac:structured-macro`, `ri:page`); `#text`, `#cdata`, `#comment` or `#raw` otherwise. */
  readonly name: string;
  /** Attribute values exactly as written between their quotes, entities not decoded; empty for non-elements. */
  readonly attrs: Readonly<Record<string, string>>;
  /** Offset of the node's first character in the source. */
  readonly start: number;
  /** Offset just after the node's last character (exclusive). */
  readonly end: number;
  /** Elements: offset just after the start tag; others: `start`. Children lie in [openEnd, closeStart). */
  readonly openEnd: number;
  /** Elements: offset of the end tag (`end` when self-closing or closed implicitly); others: `end`. */
  readonly closeStart: number;
  readonly children: readonly StorageNode[];
  /** The enclosing element; undefined at the top level of the page. */
  readonly parent: StorageNode | undefined;
  /** Position among the parent's children (or the document's top-level nodes). */
  readonly index: number;
  /** Child indexes from the top level down to this node, e.g. [2, 0, 1]. */
  readonly path: number[];
  /** The editor's stable node id (`local-id` on elements, `ac:local-id` on macros), when present. */
  readonly localId?: string;
  /** A macro's `ac:macro-id`, when present. Not an address: Cloud assigns it to macros that lack one. */
  readonly macroId?: string;
  /** The whole page source the offsets point into. */
  readonly source: string;
}

/** Something the parser had to recover from; the bytes involved are still in the tree. */
export interface StorageProblem {
  kind: 'unclosed-element' | 'stray-close-tag' | 'mismatched-close-tag' | 'unparsed-bytes' | 'duplicate-attribute';
  /** Offset in the source where the problem is. */
  offset: number;
  message: string;
}

/** A parsed page: its source, its top-level nodes, and what was malformed. */
export interface StorageDocument {
  readonly source: string;
  readonly children: readonly StorageNode[];
  readonly problems: readonly StorageProblem[];
}

/** HTML elements that never have content: written `<br>` in sloppy markup, they must not swallow what follows. */
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

class Node implements StorageNode {
  attrs: Record<string, string> = Object.create(null) as Record<string, string>;
  openEnd: number;
  closeStart: number;
  end: number;
  children: Node[] = [];
  index = 0;
  localId?: string;
  macroId?: string;

  constructor(
    readonly kind: StorageNodeKind,
    readonly name: string,
    readonly start: number,
    end: number,
    readonly parent: Node | undefined,
    private readonly page: { readonly source: string },
  ) {
    this.end = end;
    this.openEnd = kind === 'element' ? end : start;
    this.closeStart = end;
  }

  get source(): string {
    return this.page.source;
  }

  /** Computed on demand: storing it would cost memory in proportion to depth for every node. */
  get path(): number[] {
    const out: number[] = [this.index];
    for (let n = this.parent; n; n = n.parent) out.push(n.index);
    return out.reverse();
  }
}

/**
 * Builds the tree from htmlparser2's tokenizer rather than its DOM handler: the handler's end offsets are
 * inclusive, give an implicitly closed element the end of the tag that closed its ancestor, and drop the bytes of
 * stray close tags and truncated tags, while a lossless tree needs every byte accounted for.
 */
class Builder {
  readonly top: Node[] = [];
  readonly problems: StorageProblem[] = [];
  private readonly stack: Node[] = [];
  /** Offset up to which the source is covered by nodes. */
  private pos = 0;
  private opening: Node | undefined;
  private attrName = '';
  private attrValue = '';
  private readonly page: { readonly source: string };

  constructor(private readonly source: string) {
    this.page = { source };
  }

  private get current(): Node | undefined {
    return this.stack[this.stack.length - 1];
  }

  private add(node: Node): void {
    const siblings = this.current ? this.current.children : this.top;
    node.index = siblings.length;
    siblings.push(node);
  }

  private leaf(kind: StorageNodeKind, start: number, end: number): void {
    if (end <= start) return;
    const siblings = this.current ? this.current.children : this.top;
    const last = siblings[siblings.length - 1];
    if (kind === 'text' && last && last.kind === 'text' && last.end === start) {
      // The tokenizer splits text at a `<` that starts no tag (`a < b`): one run of text is one node.
      last.end = end;
      last.closeStart = end;
      this.pos = end;
      return;
    }
    const name = kind === 'text' ? '#text' : `#${kind}`;
    this.add(new Node(kind, name, start, end, this.current, this.page));
    this.pos = end;
  }

  /** Bytes between the covered offset and `upTo` that no token claimed become a raw node. */
  private gap(upTo: number): void {
    if (upTo > this.pos) {
      this.problems.push({ kind: 'unparsed-bytes', offset: this.pos, message: `unparsed markup ${JSON.stringify(this.source.slice(this.pos, Math.min(upTo, this.pos + 40)))} at offset ${this.pos}` });
      this.leaf('raw', this.pos, upTo);
    }
  }

  text(start: number, end: number): void {
    this.gap(start);
    this.leaf('text', start, end);
  }

  openTagName(start: number, end: number): void {
    // The tokenizer reports the name; the tag starts at its `<`.
    const tagStart = start - 1;
    this.gap(tagStart);
    this.opening = new Node('element', this.source.slice(start, end), tagStart, end, this.current, this.page);
  }

  attribName(start: number, end: number): void {
    this.attrName = this.source.slice(start, end);
    this.attrValue = '';
  }

  attribData(start: number, end: number): void {
    this.attrValue += this.source.slice(start, end);
  }

  attribEnd(quote: QuoteType, end: number): void {
    const el = this.opening;
    if (!el) return;
    if (Object.prototype.hasOwnProperty.call(el.attrs, this.attrName)) {
      this.problems.push({ kind: 'duplicate-attribute', offset: end, message: `duplicate attribute ${this.attrName} on <${el.name}> at offset ${el.start}; the first is kept` });
    } else {
      el.attrs[this.attrName] = quote === QuoteType.NoValue ? '' : this.attrValue;
    }
  }

  openTagEnd(gt: number, selfClosing: boolean): void {
    const el = this.opening;
    if (!el) return;
    this.opening = undefined;
    el.openEnd = gt + 1;
    el.end = gt + 1;
    el.closeStart = gt + 1;
    el.localId = el.attrs['local-id'] ?? el.attrs['ac:local-id'];
    el.macroId = el.attrs['ac:macro-id'];
    if (el.localId === undefined) delete el.localId;
    if (el.macroId === undefined) delete el.macroId;
    this.add(el);
    this.pos = gt + 1;
    if (!selfClosing && !VOID_ELEMENTS.has(el.name.toLowerCase())) this.stack.push(el);
  }

  closeTag(nameStart: number, nameEnd: number): void {
    const tagStart = this.source.lastIndexOf('</', nameStart);
    this.gap(tagStart);
    const gt = this.source.indexOf('>', nameEnd);
    const tagEnd = gt < 0 ? this.source.length : gt + 1;
    const name = this.source.slice(nameStart, nameEnd);
    let at = -1;
    for (let i = this.stack.length - 1; i >= 0; i -= 1) {
      if (this.stack[i].name === name) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      for (let i = this.stack.length - 1; i >= 0; i -= 1) {
        if (this.stack[i].name.toLowerCase() === name.toLowerCase()) {
          at = i;
          break;
        }
      }
    }
    if (at < 0) {
      this.problems.push({ kind: 'stray-close-tag', offset: tagStart, message: `</${name}> at offset ${tagStart} closes nothing; kept as raw text` });
      this.leaf('raw', tagStart, tagEnd);
      return;
    }
    while (this.stack.length - 1 > at) {
      const inner = this.stack.pop() as Node;
      inner.closeStart = tagStart;
      inner.end = tagStart;
      this.problems.push({ kind: 'mismatched-close-tag', offset: tagStart, message: `<${inner.name}> at offset ${inner.start} is closed by </${name}> at offset ${tagStart}` });
    }
    const el = this.stack.pop() as Node;
    el.closeStart = tagStart;
    el.end = tagEnd;
    this.pos = tagEnd;
  }

  /** Comments and CDATA: the tokenizer reports the body; `open` and `close` are the delimiters' lengths. */
  delimited(kind: 'comment' | 'cdata' | 'raw', bodyStart: number, gt: number, open: number): void {
    const start = Math.max(this.pos, this.source.lastIndexOf('<', bodyStart - open));
    this.gap(start);
    this.leaf(kind, start, Math.min(this.source.length, gt + 1));
  }

  finish(): void {
    if (this.opening) this.opening = undefined;
    this.gap(this.source.length);
    while (this.stack.length > 0) {
      const el = this.stack.pop() as Node;
      el.closeStart = this.source.length;
      el.end = this.source.length;
      this.problems.push({ kind: 'unclosed-element', offset: el.start, message: `<${el.name}> at offset ${el.start} is never closed` });
    }
  }
}

/**
 * Parses Confluence storage format (XHTML with `ac:`/`ri:` elements, CDATA code bodies, HTML entities) into a tree
 * whose nodes know their exact offsets, so a change can be written back by splicing the original text. Never throws:
 * malformed markup is recovered and reported in `problems`, and every byte of the input stays in some node, so
 * `serialize(parseStorage(s)) === s` for any string.
 *
 * @example
 *   const doc = parseStorage('<h2 local-id="a1">Setup</h2><p>Run it.</p>');
 *   doc.children[0].localId; // 'a1'
 *   doc.source.slice(doc.children[1].start, doc.children[1].end); // '<p>Run it.</p>'
 */
export function parseStorage(source: string): StorageDocument {
  const text = typeof source === 'string' ? source : '';
  const b = new Builder(text);
  const tokenizer = new Tokenizer(
    // xmlMode keeps `ac:`/`ri:` names and their case, recognises CDATA and self-closing tags; entities stay as written.
    { xmlMode: true, decodeEntities: false },
    {
      ontext: (start, end) => b.text(start, end),
      ontextentity: () => undefined,
      onopentagname: (start, end) => b.openTagName(start, end),
      onattribname: (start, end) => b.attribName(start, end),
      onattribdata: (start, end) => b.attribData(start, end),
      onattribentity: () => undefined,
      onattribend: (quote, end) => b.attribEnd(quote, end),
      onopentagend: (gt) => b.openTagEnd(gt, false),
      onselfclosingtag: (gt) => b.openTagEnd(gt, true),
      onclosetag: (start, end) => b.closeTag(start, end),
      oncomment: (start, gt, offset) => {
        // offset 2 is a real `<!-- -->` comment; 0 is a bogus `<!x>` or one cut off by the end of the input.
        if (offset === 2) b.delimited('comment', start, gt, 4);
        else b.delimited('raw', start, gt, text.startsWith('<!--', start - 4) ? 4 : 2);
      },
      oncdata: (start, gt) => b.delimited('cdata', start, gt, '<![CDATA['.length),
      ondeclaration: (start, gt) => b.delimited('raw', start, gt, 2),
      onprocessinginstruction: (start, gt) => b.delimited('raw', start, gt, 1),
      onend: () => undefined,
    },
  );
  tokenizer.write(text);
  tokenizer.end();
  b.finish();
  return { source: text, children: b.top, problems: b.problems };
}

/**
 * The source again, rebuilt only from the nodes' pieces (tags, text, CDATA): equal to the parsed source for any
 * input, which is what makes the tree safe to edit by splicing.
 */
export function serialize(doc: StorageDocument): string {
  const out: string[] = [];
  const src = doc.source;
  // Iterative: a page can nest deeper than the call stack allows.
  const stack: Array<{ node: StorageNode; closing: boolean }> = [];
  for (let i = doc.children.length - 1; i >= 0; i -= 1) stack.push({ node: doc.children[i], closing: false });
  while (stack.length > 0) {
    const { node, closing } = stack.pop() as { node: StorageNode; closing: boolean };
    if (node.kind !== 'element') {
      out.push(src.slice(node.start, node.end));
    } else if (closing) {
      out.push(src.slice(node.closeStart, node.end));
    } else {
      out.push(src.slice(node.start, node.openEnd));
      stack.push({ node, closing: true });
      for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push({ node: node.children[i], closing: false });
    }
  }
  return out.join('');
}
