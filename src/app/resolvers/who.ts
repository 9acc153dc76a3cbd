import type { Caller } from '../context';
import { userClient } from '../services';

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
