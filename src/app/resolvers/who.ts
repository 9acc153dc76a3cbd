import { administersSpace } from '../../core/confluence';
import type { Caller } from '../context';
import { userClient } from '../services';
import type { UiStatus } from './contract';

/** The caller's display name, asked of Confluence as the caller; nothing when there is no user or no answer. */
export async function displayNameOf(caller: Caller): Promise<{ displayName?: string }> {
  if (!caller.accountId) return {};
  try {
    const user = await userClient().getCurrentUser();
    return user.displayName ? { displayName: user.displayName } : {};
  } catch {
    return {};
  }
}

/** Site admin rights, asked of Confluence as the caller: the browser's word is never taken. */
export async function callerIsSiteAdmin(caller: Caller): Promise<boolean> {
  if (!caller.accountId) return false;
  try {
    return await userClient().isConfluenceAdmin();
  } catch {
    return false;
  }
}

/**
 * Whether the caller administers space `spaceId`, asked of Confluence as the caller (v2 space operations: one
 * request). Fails closed: no user, no view of the space, or no answer all mean no.
 */
export async function callerAdministersSpace(caller: Caller, spaceId: string): Promise<boolean> {
  if (!caller.accountId) return false;
  try {
    return await administersSpace(userClient(), spaceId);
  } catch {
    return false;
  }
}

/**
 * Whether the caller may opt space `spaceId` in or out of a Library: its space admins and site admins may. The
 * space check goes first: this page's usual visitor is a space admin, who then costs one request, not two.
 */
export async function callerManagesSpace(caller: Caller, spaceId: string): Promise<boolean> {
  return (await callerAdministersSpace(caller, spaceId)) || (await callerIsSiteAdmin(caller));
}

/** What every UI's `getStatus` answers; `checkAdmin` asks Confluence for site-admin rights (settings pages). */
export async function uiStatus(caller: Caller, options: { checkAdmin: boolean }): Promise<UiStatus> {
  return {
    accountId: caller.accountId,
    ...(await displayNameOf(caller)),
    licensed: caller.licensed,
    moduleKey: caller.moduleKey,
    isSiteAdmin: options.checkAdmin ? await callerIsSiteAdmin(caller) : false,
    comingSoon: false,
  };
}
