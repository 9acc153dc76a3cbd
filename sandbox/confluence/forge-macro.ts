/**
 * A Forge macro's saved configuration, kept where Confluence keeps it: in the page's storage body. Confluence
 * stores a Forge macro as an ADF extension node (`<ac:adf-extension><ac:adf-node type="extension">`) whose
 * `parameters` attribute holds the macro's `guest-params`, the object the config dialog submitted (Forge docs,
 * "Macro" module: the config is "stored with the macro" and read back as `extension.config`). So a saved setting
 * is a page edit (a new version), survives a restart with the site file, and never leaves the page it was set on.
 *
 * Values: strings as text, numbers and booleans as text marked with `type`, arrays as `ac:adf-parameter-value`
 * items, objects as nested parameters.
 *
 * @example
 *   const body = withMacroConfig(page.body, 'librarian-ask', { libraryId: 'lib-1', spaceKeys: ['ENG'] });
 *   macroConfigOf(body, 'librarian-ask'); // { libraryId: 'lib-1', spaceKeys: ['ENG'] }
 */
import { parseDocument } from 'htmlparser2';
import { type Element, isTag, isText } from 'domhandler';

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function encodeValue(value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => `<ac:adf-parameter-value${typeAttr(item)}>${encodeValue(item)}</ac:adf-parameter-value>`).join('');
  if (value !== null && typeof value === 'object') return encodeParams(value as Record<string, unknown>);
  return esc(String(value));
}

const typeAttr = (value: unknown): string => (typeof value === 'number' || typeof value === 'boolean' ? ` type="${typeof value}"` : Array.isArray(value) ? ' type="array"' : '');

function encodeParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<ac:adf-parameter key="${esc(k)}"${typeAttr(v)}>${encodeValue(v)}</ac:adf-parameter>`)
    .join('');
}

/** The storage markup of one Forge macro with its saved config. */
export function forgeMacroStorage(moduleKey: string, config: Record<string, unknown>): string {
  return (
    `<ac:adf-extension><ac:adf-node type="extension">` +
    `<ac:adf-attribute key="extension-key">librarian/static/${esc(moduleKey)}</ac:adf-attribute>` +
    `<ac:adf-attribute key="extension-type">com.atlassian.ecosystem</ac:adf-attribute>` +
    `<ac:adf-attribute key="parameters"><ac:adf-parameter key="guest-params">${encodeParams(config)}</ac:adf-parameter></ac:adf-attribute>` +
    `</ac:adf-node><ac:adf-fallback><p>${esc(moduleKey)}</p></ac:adf-fallback></ac:adf-extension>`
  );
}

const children = (el: Element, name: string): Element[] => el.children.filter((c): c is Element => isTag(c) && c.name === name);
const textOf = (el: Element): string => el.children.map((c) => (isText(c) ? c.data : isTag(c) ? textOf(c) : '')).join('');

function decodeLeaf(el: Element): unknown {
  const type = el.attribs.type;
  if (type === 'array') return children(el, 'ac:adf-parameter-value').map(decodeLeaf);
  if (children(el, 'ac:adf-parameter').length > 0) return decodeParams(el);
  const text = textOf(el);
  if (type === 'number') return Number(text);
  if (type === 'boolean') return text === 'true';
  return text;
}

function decodeParams(el: Element): Record<string, unknown> {
  return Object.fromEntries(children(el, 'ac:adf-parameter').map((p) => [p.attribs.key, decodeLeaf(p)]));
}

/** Every element of `name` in document order. */
function findAll(nodes: Element['children'], name: string, out: Element[] = []): Element[] {
  for (const node of nodes) {
    if (!isTag(node)) continue;
    if (node.name === name) out.push(node);
    findAll(node.children, name, out);
  }
  return out;
}

/** The node of `moduleKey`'s macro in a storage body, if the page has one. */
function macroNode(body: string, moduleKey: string): Element | undefined {
  const doc = parseDocument(body, { xmlMode: true, decodeEntities: true });
  return findAll(doc.children, 'ac:adf-node').find((node) => {
    const key = children(node, 'ac:adf-attribute').find((a) => a.attribs.key === 'extension-key');
    return node.attribs.type === 'extension' && key !== undefined && textOf(key).endsWith(`/static/${moduleKey}`);
  });
}

/** The saved config of the page's `moduleKey` macro; undefined when the page has none (never configured). */
export function macroConfigOf(body: string, moduleKey: string): Record<string, unknown> | undefined {
  const node = macroNode(body, moduleKey);
  if (!node) return undefined;
  const parameters = children(node, 'ac:adf-attribute').find((a) => a.attribs.key === 'parameters');
  const guest = parameters && children(parameters, 'ac:adf-parameter').find((p) => p.attribs.key === 'guest-params');
  return guest ? decodeParams(guest) : {};
}

/**
 * The body with the `moduleKey` macro's config replaced (or the macro added at the end, as inserting it would);
 * every other byte of the body is kept.
 */
export function withMacroConfig(body: string, moduleKey: string, config: Record<string, unknown>): string {
  const markup = forgeMacroStorage(moduleKey, config);
  const pattern = /<ac:adf-extension>(?:(?!<\/ac:adf-extension>)[\s\S])*<\/ac:adf-extension>/g;
  for (const match of body.matchAll(pattern)) {
    if (macroNode(match[0], moduleKey)) return body.slice(0, match.index) + markup + body.slice((match.index ?? 0) + match[0].length);
  }
  return body + markup;
}
