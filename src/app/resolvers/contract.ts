/**
 * Moved to src/contract (one contract for the app, the UIs and the CLI). This re-export, with the two old names,
 * keeps imports of other branches compiling while they move over; new code imports src/contract.
 * @deprecated import from src/contract.
 */
import { isRefusal, type Refusal } from '../../contract';

export * from '../../contract';
export type { Library } from '../../core/library/types';
/** @deprecated `Refusal`. */
export type ResolverError = Refusal;
/** @deprecated `isRefusal`. */
export const isResolverError = isRefusal;
