/** Shipping: the compact change a CI step sends, finding the pages it makes wrong, and the signed ingest. */
export { buildShipChange, MAX_CHANGE_BYTES, type ShipChangeInput } from './change';
export { changedSymbols, namesIn, isTestOrDoc } from './symbols';
export type * from './types';
export { findAffected } from './affected';
export { affectedInLibrary, candidateQueries } from './candidates';
