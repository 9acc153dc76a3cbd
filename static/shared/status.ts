/**
 * What every UI's `getStatus` resolver returns. Fields beyond `accountId` are optional so the shells keep working
 * while the resolvers grow.
 */
export interface StatusResponse {
  accountId: string | null;
  displayName?: string;
  /** Whether the app's licence is active for this install (from the resolver context). */
  licensed?: boolean;
  /** The module the resolver saw, for a quick sanity check in the shells. */
  moduleKey?: string;
}
