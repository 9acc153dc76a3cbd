/**
 * What every UI's `getStatus` answers: who is signed in and what they may do here. One shape for every UI (the
 * settings pages, the Ask macro, Review); the UIs read it through `PageShell` and their own calls.
 */
export interface UiStatus {
  accountId: string | null;
  displayName?: string;
  licensed: boolean;
  moduleKey: string | null;
  /** Site admins may change Libraries (global settings); verified with Confluence on the server. */
  isSiteAdmin: boolean;
  /** The feature behind this UI is still being built: the UI shows a plain "coming soon" state. */
  comingSoon: boolean;
}
