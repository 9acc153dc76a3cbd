/**
 * The one contract between Librarian's server and its surfaces: what each resolver function takes (zod schemas,
 * checked on the server) and answers (types), the status every UI reads, and how a refusal looks. The app validates
 * with these schemas; the UIs and the CLI import the types (the UIs type-only, so no schema code is bundled).
 *
 * @example
 *   import type { AdminApi } from '../../../src/contract';
 *   const admin = resolverClient<AdminApi>();
 *   const { library } = await admin('createLibrary', { name: 'Handbook' });
 */
export * from './refusal';
export * from './status';
export * from './library';
export * from './admin';
export * from './space-settings';
export * from './ask';
export * from './review';
export * from './agent-tokens';
export { payloadShapeProblem, MAX_PAYLOAD_DEPTH, MAX_PAYLOAD_VALUES } from './payload-shape';
export * as fields from './fields';
