import type { UiStatus } from '../../contract';
import type { Viewer } from './ports';

export interface UiStatusInput {
  licensed: boolean;
  moduleKey: string | null;
  /** Ask Confluence for site-admin rights (the settings pages show what admins may do). */
  checkAdmin: boolean;
  comingSoon?: boolean;
}

/**
 * What every UI's `getStatus` answers. The admin flag is a hint for the page only (every change is checked again on
 * the server), so a Confluence that cannot answer right now makes it false rather than failing the page.
 */
export async function uiStatus(viewer: Viewer, input: UiStatusInput): Promise<UiStatus> {
  const displayName = viewer.accountId ? await viewer.displayName().catch(() => undefined) : undefined;
  const isSiteAdmin = input.checkAdmin && viewer.accountId ? await viewer.isSiteAdmin().catch(() => false) : false;
  return {
    accountId: viewer.accountId,
    ...(displayName ? { displayName } : {}),
    licensed: input.licensed,
    moduleKey: input.moduleKey,
    isSiteAdmin,
    comingSoon: input.comingSoon ?? false,
  };
}
