/** The Confluence client's public surface: import from here, not from the modules. */
export * from './errors';
export * from './retry-after';
export * from './http';
export * from './paths';
export * from './pagination';
export * from './cql';
export * from './endpoints';
export * from './mentions';
export * from './types';
export * from './client';
export * from './users';
export * from './space-permissions';
export * from './page-access';
export * from './content-properties';
