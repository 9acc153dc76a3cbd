/**
 * A strict XML well-formedness check for storage-format bodies (tests only). htmlparser2 recovers from broken
 * markup silently, so it cannot prove a body is well formed; this scanner rejects what an XML parser rejects
 * for the subset storage format uses: unbalanced or mismatched tags, bare `&` or `<`, unquoted or duplicate
 * attributes, undeclared namespace prefixes, `]]>` in text, DOCTYPEs.
 */
const NAME = '[A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/y;
const OPEN = new RegExp(`<(${NAME})`, 'y');
const ATTR = new RegExp(`\\s+(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'y');
const OPEN_END = /\s*(\/?)>/y;
const CLOSE = new RegExp(`</(${NAME})\\s*>`, 'y');
// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function checkEntities(text: string, offset: number): string | null {
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
    ENTITY.lastIndex = i;
    if (!ENTITY.test(text)) return `bare & at ${offset + i}`;
  }
  return null;
}

/** Returns null when `body`, wrapped in a root declaring the ac/ri namespaces, is well-formed XML; else why not. */
export function wellFormedError(body: string, prefixes: string[] = ['ac', 'ri']): string | null {
  const xml = `<root xmlns:ac="urn:ac" xmlns:ri="urn:ri">${body}</root>`;
  const stack: string[] = [];
  let i = 0;
  let rootClosed = false;
  const prefixOk = (name: string): boolean => !name.includes(':') || prefixes.includes(name.split(':')[0]) || name.startsWith('xmlns:');
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    const text = xml.slice(i, textEnd);
    if (text.length > 0) {
      if (stack.length === 0) return `text outside the root at ${i}`;
      if (text.includes(']]>')) return `]]> in text at ${i}`;
      if (BAD_CHARS.test(text)) return `invalid character in text at ${i}`;
      const e = checkEntities(text, i);
      if (e) return e;
    }
    if (lt < 0) break;
    if (rootClosed) return `content after the root at ${lt}`;
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end < 0) return `unterminated CDATA at ${lt}`;
      i = end + 3;
    } else if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0 || xml.slice(lt + 4, end).includes('--')) return `bad comment at ${lt}`;
      i = end + 3;
    } else if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt);
      if (end < 0) return `unterminated processing instruction at ${lt}`;
      i = end + 2;
    } else if (xml.startsWith('<!', lt)) {
      return `declaration not allowed at ${lt}`;
    } else if (xml.startsWith('</', lt)) {
      CLOSE.lastIndex = lt;
      const m = CLOSE.exec(xml);
      if (!m) return `malformed end tag at ${lt}`;
      const open = stack.pop();
      if (open !== m[1]) return `</${m[1]}> closes <${open ?? 'nothing'}> at ${lt}`;
      if (stack.length === 0) rootClosed = true;
      i = CLOSE.lastIndex;
    } else {
      OPEN.lastIndex = lt;
      const m = OPEN.exec(xml);
      if (!m) return `bare < at ${lt}`;
      if (!prefixOk(m[1])) return `undeclared prefix in <${m[1]}> at ${lt}`;
      let pos = OPEN.lastIndex;
      const seen = new Set<string>();
      for (;;) {
        ATTR.lastIndex = pos;
        const a = ATTR.exec(xml);
        if (!a) break;
        if (seen.has(a[1])) return `duplicate attribute ${a[1]} at ${pos}`;
        if (!prefixOk(a[1])) return `undeclared prefix in attribute ${a[1]} at ${pos}`;
        seen.add(a[1]);
        const e = checkEntities(a[2] ?? a[3] ?? '', pos);
        if (e) return e;
        pos = ATTR.lastIndex;
      }
      OPEN_END.lastIndex = pos;
      const end = OPEN_END.exec(xml);
      if (!end) return `malformed start tag <${m[1]}> at ${lt}`;
      if (end[1] !== '/') stack.push(m[1]);
      i = OPEN_END.lastIndex;
    }
  }
  if (stack.length > 0) return `unclosed <${stack[stack.length - 1]}>`;
  return rootClosed ? null : 'no root';
}
