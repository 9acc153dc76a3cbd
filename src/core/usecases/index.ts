/**
 * Use cases: one module per operation, with a typed input and result, called by the resolvers (and later the CLI
 * the Rovo actions and the external endpoint). Who is asking arrives as a `Viewer` (./ports.ts) or an actor id whose rights the
 * caller has already checked; nothing here reads a platform context.
 */
export * from './ports';
export * from './library-view';
export * from './list-library-summaries';
export * from './library-status';
export * from './create-library';
export * from './update-library';
export * from './delete-library';
export * from './connect-source';
export * from './list-space-choices';
export * from './select-spaces';
export * from './reconnect-source';
export * from './rebuild-index';
export * from './save-smtp-password';
export * from './send-test-notification';
export * from './space-status';
export * from './include-space';
export * from './ui-status';
export * from './macro-libraries';
export * from './ask-question';
export * from './ci-secret';
// The agent tools' one implementation (search-library, read-page, ask-library, list-libraries), run the same way
// from Rovo actions (src/app/actions), the external MCP endpoint and its JSON API (src/app/webtrigger).
export * from './result';
export { runTool } from './run';
export * from './deps';
export { listLibraries, type ListLibrariesResult, type LibraryListing } from './list-libraries';
export { searchLibrary, snippetOf, type SearchLibraryResult, type SearchResult, type SearchInput } from './search-library';
export { readPage, DEFAULT_MAX_CHARS, MAX_MAX_CHARS, type ReadPageResult, type ReadPageData } from './read-page';
export { askLibrary, type AskLibraryResult } from './ask-library';
export { proposeUpdateTool, agentOrigin, PROPOSE_UPDATE_INPUTS, type ProposeUpdateToolResult, type ProposeUpdateToolData } from './propose-update-tool';
export { readProposeUpdateInput, PROPOSE_OPERATIONS, type ProposeUpdateRequest } from './propose-update-input';
export { parsePageRef } from './page-ref';
export { pageMarkdown, markdownSections, findSection, type MarkdownSection } from './page-markdown';
export { MAX_QUERY_CHARS } from './input';
export { confluencePages } from './confluence-pages';
