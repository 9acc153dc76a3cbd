/** Libraries: what they are (types), how they are kept (repository), and the errors they raise. */
export * from './types';
export * from './errors';
export * from './repository';
export * from './default-library';
