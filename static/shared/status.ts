import type { UiStatus } from '../../src/contract';

/** What every UI's `getStatus` resolver returns: the contract's `UiStatus` (src/contract/status.ts). */
export type StatusResponse = UiStatus;
