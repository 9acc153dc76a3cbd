import type { Library } from '../library';
import type { AgentDeps, Asker, PageFacts } from './deps';
import { onlyKnown, optionalInteger, optionalText } from './input';
import { chooseLibrary, queryableLibraries } from './library-choice';
import { findSection, markdownSections, pageMarkdown } from './page-markdown';
import { parsePageRef } from './page-ref';
import { PAGE_NOT_FOUND, ToolFailure, type ToolResult } from './result';
import { runTool } from './run';
import { absoluteUrl, visiblePages } from './visibility';

export const DEFAULT_MAX_CHARS = 12_000;
/** Forge returns at most 5 MB from an action; this keeps a page well inside it (and inside an agent's context). */
export const MAX_MAX_CHARS = 200_000;

export interface ReadPageData {
  page: { id: string; title: string; version: number; url: string; spaceKey?: string; lastModified?: string };
  library: { id: string; name: string };
  /** The section returned, when one was asked for. */
  section?: string;
  markdown: string;
  /** Whether `markdown` was cut at `maxChars`; `totalChars` is the full length. */
  truncated: boolean;
  totalChars: number;
  /** Every heading of the page, so an agent can ask for just one. */
  sections: Array<{ heading: string; level: number; anchor: string; chars: number }>;
}

export type ReadPageResult = ToolResult<ReadPageData>;

/** Cuts Markdown at a line (or word) boundary at most `max` characters long. */
function cut(markdown: string, max: number): string {
  if (markdown.length <= max) return markdown;
  const head = markdown.slice(0, max);
  const line = head.lastIndexOf('\n');
  return (line > max * 0.5 ? head.slice(0, line) : head).trimEnd();
}

/**
 * `read-page`: one page of the Library as Markdown (whole, or one section), with title, version, link and the
 * list of its sections. A page that is missing, trashed, outside the Library or unreadable by the asker gets the
 * same NOT_FOUND, so restricted pages cannot be told from absent ones.
 *
 * ```ts
 * const result = await readPage(deps, { accountId: 'abc' }, { pageId: 'https://x.atlassian.net/wiki/spaces/ENG/pages/123', section: 'Rollback' });
 * ```
 */
export function readPage(deps: AgentDeps, asker: Asker, input: Record<string, unknown>): Promise<ReadPageResult> {
  return runTool<ReadPageResult>(async () => {
    onlyKnown(input, ['pageId', 'section', 'maxChars', 'library']);
    const pageId = parsePageRef(input.pageId, deps.siteUrl);
    const wanted = optionalText(input, 'section', 500);
    const maxChars = optionalInteger(input, 'maxChars', 1, MAX_MAX_CHARS) ?? DEFAULT_MAX_CHARS;
    const requested = optionalText(input, 'library');
    const candidates = requested || asker.libraryScope ? [await chooseLibrary(deps, asker, requested)] : await queryableLibraries(deps, asker);

    const found = await locate(deps, asker, candidates, pageId);
    if (!found) throw new ToolFailure('NOT_FOUND', PAGE_NOT_FOUND);
    const { library, facts } = found;
    // Read only after the asker's access was confirmed, through the identity that indexed the Library.
    const page = await deps.pages.withBody(library, pageId);
    if (!page || page.spaceId !== facts.spaceId) throw new ToolFailure('NOT_FOUND', PAGE_NOT_FOUND);

    const full = pageMarkdown(page.storage);
    const sections = markdownSections(full);
    let markdown = full;
    let sectionName: string | undefined;
    if (wanted) {
      const section = findSection(sections, wanted);
      if (!section) {
        const names = sections.slice(0, 30).map((s) => s.heading);
        throw new ToolFailure('NOT_FOUND', `No section "${wanted.slice(0, 80)}" on this page; its sections are: ${names.length ? names.join('; ') : 'none (the page has no headings)'}.`);
      }
      markdown = full.slice(section.start, section.end).trim();
      sectionName = section.heading;
    }
    const spaceKey = library.source?.spaces.find((space) => space.id === page.spaceId)?.key;
    const path = page.webui ? (page.webui.startsWith('/wiki/') ? page.webui : `/wiki${page.webui}`) : `/wiki/spaces/${spaceKey ?? ''}/pages/${page.id}`;
    const text = cut(markdown, maxChars);
    return {
      ok: true,
      page: { id: page.id, title: page.title, version: page.version, url: absoluteUrl(deps.siteUrl, path), ...(spaceKey ? { spaceKey } : {}), ...(page.lastModified ? { lastModified: page.lastModified } : {}) },
      library: { id: library.id, name: library.name },
      ...(sectionName ? { section: sectionName } : {}),
      markdown: text,
      truncated: text.length < markdown.length,
      totalChars: markdown.length,
      sections: sections.map((s) => ({ heading: s.heading, level: s.level, anchor: s.anchor, chars: s.end - s.start })),
    };
  });
}

/** The first candidate Library whose spaces hold the page and whose rules let the asker see it now. */
async function locate(deps: AgentDeps, asker: Asker, libraries: Library[], pageId: string): Promise<{ library: Library; facts: PageFacts } | undefined> {
  for (const library of libraries) {
    const visible = await visiblePages(deps, library, asker, [pageId]);
    const facts = visible.get(pageId);
    if (facts) return { library, facts };
  }
  return undefined;
}
