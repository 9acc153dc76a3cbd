/**
 * Markdown (what agents write) to Confluence storage format (what pages are made of), with markdown-it 15
 * (CommonMark + GFM tables). Raw HTML in the input is never passed through (`html: false`: `<script>` stays
 * visible text), text is XML-escaped, links go through markdown-it's link validation (no `javascript:`), and
 * output is XHTML (`xhtmlOut`), as storage format is XML.
 *
 * Storage specifics (Atlassian, "Confluence storage format", developer.atlassian.com/cloud/confluence/confluence-storage-format/):
 * - code blocks are the `code` macro with the body in CDATA inside `ac:plain-text-body`; a `]]>` inside the
 *   code is split across two CDATA sections, the standard way to carry it (W3C XML 1.0 §2.7 forbids it inside one);
 * - GFM alerts (`> [!NOTE]`, GitHub's syntax, docs.github.com "Basic writing and formatting syntax") become the
 *   info / tip / note / warning panel macros;
 * - images are `ac:image` with an `ri:url`.
 *
 * Example:
 *   markdownToStorage('## Deploy\n\nRun `npm run ship`.\n\n```sh\nnpm run ship\n```')
 *   // '<h2>Deploy</h2>\n<p>Run <code>npm run ship</code>.</p>\n<ac:structured-macro ac:name="code" …'
 */
import MarkdownIt from 'markdown-it';

type Md = MarkdownIt.MarkdownIt;
type Token = MarkdownIt.Token;
type RenderRule = MarkdownIt.RendererRule;

const ALERT_PANELS: Record<string, string> = { NOTE: 'info', TIP: 'tip', IMPORTANT: 'note', WARNING: 'note', CAUTION: 'warning' };
const ALERT = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n|$)/i;
/** Languages the code macro knows are passed on; anything else is dropped rather than sent as an unknown value. */
const LANGUAGE = /^[a-z0-9#+_-]{1,30}$/i;

/** Largest Markdown accepted: a proposal is a node-level edit, not a new page (KVS values hold 240 KiB). */
export const MAX_MARKDOWN_CHARS = 100_000;

export class MarkdownTooLargeError extends Error {
  constructor(chars: number) {
    super(`The new text is ${chars.toLocaleString('en')} characters; at most ${MAX_MARKDOWN_CHARS.toLocaleString('en')} fit in one proposal.`);
    this.name = 'MarkdownTooLargeError';
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text as the content of CDATA sections: `]]>` is split so no section ends early. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** The storage format of a code macro holding `code`. */
export function codeMacro(code: string, language?: string): string {
  const lang = language && LANGUAGE.test(language) ? `<ac:parameter ac:name="language">${escapeXml(language.toLowerCase())}</ac:parameter>` : '';
  return `<ac:structured-macro ac:name="code" ac:schema-version="1">${lang}<ac:plain-text-body>${cdata(code.replace(/\n$/, ''))}</ac:plain-text-body></ac:structured-macro>\n`;
}

function markAlerts(state: { tokens: Token[] }): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length - 2; i++) {
    const open = tokens[i]!;
    if (open.type !== 'blockquote_open' || tokens[i + 1]!.type !== 'paragraph_open') continue;
    const inline = tokens[i + 2]!;
    const match = inline.type === 'inline' ? ALERT.exec(inline.content) : null;
    if (!match) continue;
    open.meta = { panel: ALERT_PANELS[match[1]!.toUpperCase()] };
    inline.content = inline.content.slice(match[0].length);
    // Close the matching blockquote as a panel too.
    let depth = 0;
    for (let j = i; j < tokens.length; j++) {
      if (tokens[j]!.type === 'blockquote_open') depth++;
      if (tokens[j]!.type === 'blockquote_close' && --depth === 0) {
        tokens[j]!.meta = open.meta;
        break;
      }
    }
  }
}

function createRenderer(): Md {
  const md = new MarkdownIt('default', { html: false, xhtmlOut: true, linkify: false, typographer: false, breaks: false });
  md.core.ruler.after('block', 'librarian_alerts', (state) => markAlerts(state));
  const rules = md.renderer.rules;
  const fence: RenderRule = (tokens, idx) => {
    const token = tokens[idx]!;
    return codeMacro(token.content, token.info.trim().split(/\s+/)[0]);
  };
  rules.fence = fence;
  rules.code_block = fence;
  rules.blockquote_open = (tokens, idx) => {
    const panel = (tokens[idx]!.meta as { panel?: string } | null)?.panel;
    return panel ? `<ac:structured-macro ac:name="${panel}" ac:schema-version="1"><ac:rich-text-body>\n` : '<blockquote>\n';
  };
  rules.blockquote_close = (tokens, idx) => {
    const panel = (tokens[idx]!.meta as { panel?: string } | null)?.panel;
    return panel ? '</ac:rich-text-body></ac:structured-macro>\n' : '</blockquote>\n';
  };
  rules.image = (tokens, idx) => {
    const token = tokens[idx]!;
    const src = String(token.attrGet('src') ?? '');
    const alt = token.children?.map((child) => child.content).join('') ?? '';
    return `<ac:image${alt ? ` ac:alt="${escapeXml(alt)}"` : ''}><ri:url ri:value="${escapeXml(src)}" /></ac:image>`;
  };
  // Confluence's tables keep header cells in the first row of tbody.
  rules.table_open = () => '<table><tbody>\n';
  rules.table_close = () => '</tbody></table>\n';
  for (const name of ['thead_open', 'thead_close', 'tbody_open', 'tbody_close']) rules[name] = () => '';
  return md;
}

let renderer: Md | undefined;

/** Converts Markdown to storage format; throws MarkdownTooLargeError past MAX_MARKDOWN_CHARS. */
export function markdownToStorage(markdown: string): string {
  if (typeof markdown !== 'string') throw new TypeError('Markdown must be a string.');
  if (markdown.length > MAX_MARKDOWN_CHARS) throw new MarkdownTooLargeError(markdown.length);
  renderer ??= createRenderer();
  // Control characters other than tab and newline are not allowed in XML 1.0.
  // eslint-disable-next-line no-control-regex
  const clean = markdown.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
  return renderer.render(clean).trim();
}
