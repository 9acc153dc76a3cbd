/**
 * Storage format (XHTML with ac:/ri: elements) to what the simulator needs from it: plain text for CQL
 * `text ~` and a minimal atlas_doc_format document for `body-format=atlas_doc_format`.
 */
// htmlparser2 12 is ESM-only and jest (CommonJS here) cannot load it, so this is a small scanner of its own:
// storage format is well-formed XHTML, which keeps that simple.

const BLOCKS = new Set([
  'p', 'div', 'br', 'li', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote',
  'ac:structured-macro', 'ac:rich-text-body', 'ac:plain-text-body', 'ac:layout-cell', 'ac:task',
]);

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '\u2013', mdash: '\u2014', hellip: '\u2026', rsquo: '\u2019', lsquo: '\u2018', rdquo: '\u201d', ldquo: '\u201c' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/** Paragraph-ish blocks of text, in document order; CDATA (code blocks) included. */
export function storageBlocks(storage: string): string[] {
  const blocks: string[] = [];
  let current = '';
  const flush = (): void => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text) blocks.push(text);
    current = '';
  };
  const scanner = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\/?([a-zA-Z][\w:.-]*)[^>]*>|([^<]+)/g;
  for (let m = scanner.exec(storage); m; m = scanner.exec(storage)) {
    if (m[1] !== undefined) current += m[1];
    else if (m[2] !== undefined) {
      if (BLOCKS.has(m[2].toLowerCase())) flush();
      else current += m[0].startsWith('</') ? ' ' : '';
    } else if (m[3] !== undefined) current += decodeEntities(m[3]);
    else if (!m[0].startsWith('<!--')) current += m[0];
  }
  flush();
  return blocks;
}

export const storageText = (storage: string): string => storageBlocks(storage).join('\n');

/** All text of a body in one fast pass, without block structure: what search tokenizes. */
export const storagePlainText = (storage: string): string =>
  decodeEntities(storage.replace(/<!\[CDATA\[([\s\S]*?)\]\]>|<[^>]*>/g, (_, cdata: string | undefined) => (cdata === undefined ? ' ' : ` ${cdata} `)));

/** A small ADF document with one paragraph per block: enough for clients that read ADF text. */
export function storageToAdf(storage: string): string {
  const content = storageBlocks(storage).map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] }));
  return JSON.stringify({ type: 'doc', version: 1, content });
}

/** ADF (as posted by a client) back to storage paragraphs; text only. */
export function adfToStorage(adf: string): string {
  const doc = JSON.parse(adf) as unknown;
  const paragraphs: string[] = [];
  const walk = (node: unknown, into: string[]): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; text?: string; content?: unknown[] };
    if (n.type === 'text' && typeof n.text === 'string') into.push(n.text);
    for (const child of n.content ?? []) {
      if (child && typeof child === 'object' && (child as { type?: string }).type === 'paragraph') {
        const inner: string[] = [];
        walk(child, inner);
        paragraphs.push(inner.join(''));
      } else walk(child, into);
    }
  };
  const loose: string[] = [];
  walk(doc, loose);
  if (loose.length) paragraphs.push(loose.join(''));
  return paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join('');
}

export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
