import type { Request } from '@forge/resolver';
import type { UiStatus } from '../../contract';
import { readCaller, type PlatformContext } from '../context';

/**
 * The `getStatus` of a UI whose feature is still being built (`comingSoon`, so the UI shows a plain state), read from
 * the platform context alone: no Confluence call, no admin check. The shape is the contract's `UiStatus`.
 */
export function readStatus(request: Request): UiStatus {
  const caller = readCaller(request.context as PlatformContext);
  return { accountId: caller.accountId, licensed: caller.licensed, moduleKey: caller.moduleKey, isSiteAdmin: false, comingSoon: true };
}
