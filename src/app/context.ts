/**
 * Who is asking, read from the context the Forge platform attaches to an invocation (never from the browser):
 * the account id, the licence, the module and the page or space the UI sits in.
 *
 * Licensing (manifest `app.licensing.enabled: true`):
 * - Forge puts `license` in the context only for paid apps in production. Development and staging installs,
 *   apps not listed on the Marketplace and the local sandbox have none, so an absent licence counts as licensed;
 *   otherwise nobody could test the app (`forge install --license active|inactive` simulates one outside production).
 * - A licence that is present but not active makes the install unlicensed. Then the UIs still load and show a
 *   "licence needed" state from `getStatus`, every other resolver and every action refuses, and no background
 *   work runs: the platform skips the triggers (`filter.appIsLicensed`) and the handlers check again.
 *   Stored settings and the index are kept, so renewing the licence resumes where the install stopped.
 */

/**
 * The subset of the platform context the app reads. Everything is optional: it differs per module type.
 * Resolvers get it as `request.context` (@forge/resolver copies `principal.accountId` and `license` into it);
 * triggers, consumers and actions get the runtime's own shape as their second argument, with `principal`.
 */
export interface PlatformContext {
  accountId?: string;
  principal?: { accountId?: string };
  cloudId?: string;
  moduleKey?: string;
  environmentType?: string;
  /** Backend invocations carry `isActive`; the bridge's `view.getContext()` shape says `active`. */
  license?: { isActive?: boolean; active?: boolean } | null;
  installContext?: string;
  extension?: {
    type?: string;
    space?: { key?: string; id?: string | number };
    content?: { id?: string | number; type?: string };
    config?: Record<string, unknown>;
    [key: string]: unknown;
  };
}

/** The caller of a resolver or action, as the platform reported it. */
export interface Caller {
  /** Atlassian account id; null for anonymous viewers and for invocations without a user (triggers, consumers). */
  accountId: string | null;
  licensed: boolean;
  moduleKey: string | null;
  /** Key of the space the UI is shown in (space settings, space page, macro, byline), when there is one. */
  spaceKey: string | null;
  /** Id of the page the UI is shown on (macro, byline), when there is one. */
  contentId: string | null;
}

/** Reads whether this install's licence lets the app work; see the module comment for the policy. */
export function isLicensed(context: PlatformContext | undefined | null): boolean {
  const license = context?.license;
  if (license === undefined || license === null) return true;
  return (license.isActive ?? license.active) === true;
}

/** Reads the caller out of a platform context; tolerates missing pieces (each module type sends a different set). */
export function readCaller(context: PlatformContext | undefined | null): Caller {
  const extension = context?.extension;
  const spaceKey = extension?.space?.key;
  const contentId = extension?.content?.id;
  const accountId = context?.accountId ?? context?.principal?.accountId;
  return {
    accountId: typeof accountId === 'string' && accountId !== '' ? accountId : null,
    licensed: isLicensed(context),
    moduleKey: typeof context?.moduleKey === 'string' ? context.moduleKey : null,
    spaceKey: typeof spaceKey === 'string' ? spaceKey : null,
    contentId: contentId === undefined || contentId === null ? null : String(contentId),
  };
}
