/** Content: Confluence storage format to blocks, Markdown and citable chunks. */
export type { Block, ExtractedContent, PageRef, PanelType } from './blocks';
export { extractContent, type ExtractOptions } from './extract';
export { mentionedAccountIds } from './mentions';
export { toMarkdown, blockText } from './markdown';
export { chunkPage, expandIncludes, headingAnchor, type Chunk, type ChunkOptions, type PageMeta } from './chunks';
export { pageMarkdown, type MarkdownOptions } from './page-markdown';
