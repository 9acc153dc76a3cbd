import type { Request } from '@forge/resolver';
import { readCaller, type PlatformContext } from '../context';

/**
 * What every UI's `getStatus` resolver answers (static/shared/status.ts reads it): who is signed in, whether the
 * install is licensed and, while a feature is still being built, `comingSoon` so the UI shows a plain state.
 */
export interface UiStatus {
  accountId: string | null;
  licensed: boolean;
  moduleKey: string | null;
  comingSoon: boolean;
}

/** Builds the status from the platform context of a resolver request; the payload is ignored on purpose. */
export function readStatus(request: Request): UiStatus {
  const caller = readCaller(request.context as PlatformContext);
  return { accountId: caller.accountId, licensed: caller.licensed, moduleKey: caller.moduleKey, comingSoon: true };
}
