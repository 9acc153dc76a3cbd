/**
 * Answers: retrieval through a Library's index, the permission filter, extractive passages with citations, and
 * optional grounded synthesis by a language model.
 */
export * from './types';
export * from './ports';
export * from './ask';
export * from './extractive';
export * from './permissions';
export * from './synthesis';
export * from './ask-budget';
export * from './sentences';
export * from './confluence-access';
export * from './index-retriever';
export * from './index-problems';
