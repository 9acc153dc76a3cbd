/**
 * The agent tools' one implementation: search-library, read-page, ask-library and list-libraries, run the same
 * way from Rovo actions (src/app/actions), the external MCP endpoint and its JSON API (src/app/webtrigger).
 */
export * from './result';
export * from './deps';
export { listLibraries, type ListLibrariesResult, type LibraryListing } from './list-libraries';
export { searchLibrary, snippetOf, type SearchLibraryResult, type SearchResult, type SearchInput } from './search-library';
export { readPage, DEFAULT_MAX_CHARS, MAX_MAX_CHARS, type ReadPageResult, type ReadPageData } from './read-page';
export { askLibrary, type AskLibraryResult } from './ask-library';
export { parsePageRef } from './page-ref';
export { pageMarkdown, markdownSections, findSection, type MarkdownSection } from './page-markdown';
export { MAX_QUERY_CHARS } from './input';
export { confluencePages } from './confluence-pages';
