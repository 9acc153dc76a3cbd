/** The Library's search index: analysis, BM25F ranking and the postings layout over a KeyValueStore. */
export { SearchIndex, type PageHit, type CitedHit, type IndexedPage, type IndexedPageEntry, type ChunkRef, type IndexedChunk } from './search-index';
export { analyze, analyzeQuery, ENGLISH_STOPWORDS, ANALYZER_VERSION, type Analysis } from './analyzer';
export { DEFAULT_RANKING, type RankingParams } from './bm25';
export { DEFAULT_INDEX_CONFIG, type IndexConfig } from './config';
export type { IndexDocument, DocumentChunk } from './document';
export type { ChunkHit, SearchOptions, SearchStats } from './searcher';
export type { MergeReport } from './merger';
export { IndexInputError, type IndexOutcome } from './writer';
