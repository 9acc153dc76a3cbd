/** Shipping: the compact change a CI step sends, finding the pages it makes wrong, and the signed ingest. */
export { buildShipChange, programsOf, MAX_CHANGE_BYTES, type ShipChangeInput } from './change';
export { changedSymbols, namesIn, isTestOrDoc } from './symbols';
export type * from './types';
export { findAffected } from './affected';
export { affectedInLibrary, candidateQueries } from './candidates';
export { signShipRequest, verifyShipRequest, SHIP_HEADERS, REPLAY_WINDOW_S, MAX_SHIP_REQUEST_BYTES, type ShipVerdict, type VerifyContext, type ShipRequest } from './signature';
export { acceptShip, CiSecrets, type ShipJob, type ShipResponse, type ShipIngestDeps } from './ingest';
