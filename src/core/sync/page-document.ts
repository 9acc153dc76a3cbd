import { chunkPage, expandIncludes, extractContent, type Block, type ChunkOptions, type ExtractOptions, type PageRef } from '../content';
import type { IndexDocument } from '../index';
import type { StorageDocument } from '../storage';

/** A page with its storage-format body, as the sync reads it and as tests and benches write it. */
export interface StoragePage {
  pageId: string;
  version: number;
  spaceKey: string;
  title: string;
  /** The page's web UI link; chunk links add the section anchor. */
  url: string;
  /** Storage format. */
  body: string;
}

export interface PageDocumentOptions extends ExtractOptions, ChunkOptions {
  /** Blocks of a page pulled in by `include`/`excerpt-include`, when the caller has them. */
  resolveInclude?: (ref: PageRef) => Block[] | undefined;
  /** `body` already parsed, when the caller has its tree: it is read instead of parsing `body` again. */
  parsed?: StorageDocument;
}

/**
 * The document the search index takes for a page: its storage format read into blocks, cut into chunks.
 *
 * @example
 * await index.indexPage(pageDocument({ pageId: '42', version: 3, spaceKey: 'ENG', title: 'Deploys', url, body: '<p>Run it.</p>' }));
 */
export function pageDocument(page: StoragePage, options: PageDocumentOptions = {}): IndexDocument {
  const extracted = extractContent(options.parsed ?? page.body, options);
  const blocks = options.resolveInclude ? expandIncludes(extracted.blocks, options.resolveInclude) : extracted.blocks;
  const meta = { pageId: page.pageId, version: page.version, spaceKey: page.spaceKey, title: page.title, url: page.url };
  const chunks = chunkPage(meta, blocks, options).map((chunk) => ({ headingPath: chunk.headingPath, url: chunk.url, text: chunk.text }));
  return { ...meta, chunks };
}
