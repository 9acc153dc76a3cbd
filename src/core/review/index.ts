/** Review: proposals, their edit operations on storage format, applying them in place, and what Review shows. */
export * from './types';
export * from './errors';
export * from './keys';
export * from './store';
export * from './markdown-to-storage';
export * from './word-diff';
export * from './operations';
export * from './draft';
export * from './apply';
export * from './view';
export * from './section-keep';
export * from './link-url';
