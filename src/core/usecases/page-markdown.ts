import { headingAnchor, pageMarkdown as storageToMarkdown } from '../content';

/** One heading of a page's Markdown and the text under it (up to the next heading of the same or a higher level). */
export interface MarkdownSection {
  heading: string;
  level: number;
  /** Confluence's anchor for the heading, as in a citation's URL. */
  anchor: string;
  /** Character offsets of the section (heading line included) in the page's Markdown. */
  start: number;
  end: number;
}

/**
 * A page's storage format as Markdown for agents. The conversion itself lives in src/core/content; this is the
 * one place the tools call it, so improvements there reach read-page, snippets and the CLI at once.
 */
export function pageMarkdown(storage: string): string {
  // The lossless projection of the storage tree (tables, code macros, panels as alerts, links with targets):
  // what `markdown_word_recall` and `mcp_page_size_ratio` measure.
  return storageToMarkdown(storage);
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;

/** The sections of a Markdown text by its ATX headings, skipping `#` lines inside fenced code. */
export function markdownSections(markdown: string): MarkdownSection[] {
  const found: Array<Omit<MarkdownSection, 'end'>> = [];
  let fence: string | null = null;
  let offset = 0;
  for (const line of markdown.split('\n')) {
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1]) fence = null;
    } else if (f) {
      fence = f[1]!;
    } else {
      const h = ATX.exec(line);
      if (h && h[2]) found.push({ heading: h[2].replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1'), level: h[1]!.length, anchor: headingAnchor(h[2]), start: offset });
    }
    offset += line.length + 1;
  }
  return found.map((section, i) => {
    const next = found.slice(i + 1).find((other) => other.level <= section.level);
    return { ...section, end: next ? next.start : markdown.length };
  });
}

/** The section an agent asked for: by heading text (case and spacing ignored), by anchor, or by a `A > B` path. */
export function findSection(sections: MarkdownSection[], wanted: string): MarkdownSection | undefined {
  const norm = (text: string) => text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  const last = wanted.includes('>') ? wanted.split('>').pop()! : wanted;
  const target = norm(last.replace(/^#+\s*/, ''));
  return sections.find((s) => norm(s.heading) === target) ?? sections.find((s) => s.anchor === wanted.replace(/^#/, '')) ?? sections.find((s) => norm(decodeURIComponent(s.anchor).replace(/-/g, ' ')) === target);
}
