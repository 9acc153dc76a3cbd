import type { AgentDeps, Asker, PageFacts } from './deps';
import { onlyKnown, optionalInteger, optionalText, requiredText } from './input';
import { chooseLibrary, spacesToSearch } from './library-choice';
import type { ToolResult } from './result';
import { runTool } from './run';
import { absoluteUrl, visiblePages } from './visibility';

export interface SearchInput {
  query: string;
  library?: string;
  space?: string;
  limit?: number;
}

export interface SearchResult {
  pageId: string;
  title: string;
  spaceKey: string;
  /** The section's heading path joined with " > "; empty for text above the first heading. */
  section: string;
  /** Link to the page's section. */
  url: string;
  version: number;
  /** ISO-8601 time of the page's current version, as Confluence reports it. */
  lastModified?: string;
  /** The start of the section's text, cut at a word. */
  snippet: string;
  score: number;
}

export type SearchLibraryResult = ToolResult<{ library: { id: string; name: string }; query: string; results: SearchResult[] }>;

const DEFAULT_LIMIT = 8;
const MAX_LIMIT = 20;
const SNIPPET_CHARS = 320;
/** Candidates ranked before the permission check, so the limit still fills when some pages are unreadable. */
const CANDIDATE_FACTOR = 4;
/**
 * Pages checked per round, in rank order, until the limit is filled: one parallel round of the owner's
 * permission checks (core/agents/owner-access.ts asks 8 at once), so a query whose best pages are readable
 * costs one round instead of checking every candidate.
 */
const CHECK_BATCH = 8;

/** The start of a text cut at a word boundary, with an ellipsis when cut. */
export function snippetOf(text: string, max = SNIPPET_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * `search-library`: ranked sections of the Library for a query, each with a short snippet and a stable citation
 * (page id, title, section, link, version, last modified). Only sections of pages the asker may read now.
 *
 * ```ts
 * const result = await searchLibrary(deps, { accountId: 'abc' }, { query: 'deploy rollback', limit: 5 });
 * ```
 */
export function searchLibrary(deps: AgentDeps, asker: Asker, input: Record<string, unknown>): Promise<SearchLibraryResult> {
  return runTool<SearchLibraryResult>(async () => {
    onlyKnown(input, ['query', 'library', 'space', 'limit']);
    const query = requiredText(input, 'query');
    const limit = optionalInteger(input, 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
    // A search reads the index as a question does, so it spends the same budget, before any storage read.
    await deps.budget?.take(asker.accountId);
    const library = await chooseLibrary(deps, asker, optionalText(input, 'library'));
    const spaceKeys = spacesToSearch(library, optionalText(input, 'space', 255));
    const summary = { id: library.id, name: library.name };
    if (!spaceKeys.length) return { ok: true, library: summary, query, results: [] };
    // Rank without text, check the owner's pages in rank order (CHECK_BATCH at a time, only until the limit is
    // filled), and read the text of the visible candidates alone: no chunk of a page the asker may not see is read.
    const retriever = deps.retrieverFor(library.id);
    const candidates = await retriever.rank(query, { spaceKeys, limit: limit * CANDIDATE_FACTOR });
    const results: SearchResult[] = [];
    const seen = new Set<string>();
    const checked = new Map<string, PageFacts | null>();
    let next = 0;
    while (results.length < limit && next < candidates.length) {
      const batch: string[] = [];
      for (let j = next; j < candidates.length && batch.length < CHECK_BATCH; j++) {
        const id = candidates[j]!.pageId;
        if (!checked.has(id) && !batch.includes(id)) batch.push(id);
      }
      if (batch.length) {
        const visible = await visiblePages(deps, library, asker, batch);
        for (const id of batch) checked.set(id, visible.get(id) ?? null);
      }
      let end = next;
      while (end < candidates.length && checked.has(candidates[end]!.pageId)) end++;
      const readable = candidates.slice(next, end).filter((candidate) => checked.get(candidate.pageId));
      next = end;
      for (const hit of readable.length ? await retriever.read(readable) : []) {
        if (results.length >= limit) break;
        const facts = checked.get(hit.chunk.pageId);
        if (!facts) continue;
        const section = hit.chunk.headingPath.join(' > ');
        const key = `${hit.chunk.pageId}\u0000${section}`;
        if (seen.has(key)) continue;
        seen.add(key);
        results.push({
          pageId: hit.chunk.pageId,
          title: facts.title || hit.chunk.title,
          spaceKey: hit.chunk.spaceKey,
          section,
          url: absoluteUrl(deps.siteUrl, hit.chunk.url),
          version: facts.version,
          ...(facts.lastModified ? { lastModified: facts.lastModified } : {}),
          snippet: snippetOf(hit.chunk.text),
          score: Math.round(hit.score * 1000) / 1000,
        });
      }
    }
    return { ok: true, library: summary, query, results };
  });
}
