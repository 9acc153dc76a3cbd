/**
 * The resolver functions each Custom UI calls, with their payloads and answers. The UIs import these types
 * (type-only), so a change here is a compile error on both sides. Every function checks who is asking on the
 * server: the platform's context, never the payload, says who the caller is.
 *
 * Errors: a resolver that refuses answers `{ error: { code, message } }` (message safe to show); UIs show it.
 */
import type { Answer } from '../../core/answer/types';
import type { Library, NotificationChannel, SourceIdentity, Visibility } from '../../core/library/types';
import type { LibraryStatus, SpaceChoice, SpaceStatus } from '../../core/sync/service';
import type { ApplyOutcome } from '../../core/review/apply';
import type { OriginKind, ProposalState } from '../../core/review/types';
import type { ProposalView } from '../../core/review/view';
import type { DiffPart } from '../../core/review/word-diff';
import type { PageProposals, SpaceQueue } from '../../core/usecases/review-queue';

export type { Answer, Library, LibraryStatus, NotificationChannel, SourceIdentity, SpaceChoice, SpaceStatus, Visibility };

export interface ResolverError {
  error: { code: 'forbidden' | 'not_found' | 'invalid' | 'conflict' | 'unlicensed' | 'unavailable' | 'internal'; message: string };
}
export type Result<T> = T | ResolverError;

export function isResolverError(value: unknown): value is ResolverError {
  return typeof value === 'object' && value !== null && 'error' in value && typeof (value as ResolverError).error?.message === 'string';
}

/** Every UI: who is signed in and what they may do here. */
export interface UiStatus {
  accountId: string | null;
  displayName?: string;
  licensed: boolean;
  moduleKey: string | null;
  /** Site admins may change Libraries (global settings); verified with Confluence on the server. */
  isSiteAdmin: boolean;
  comingSoon: boolean;
}

/** A Library as listed on the settings page: the record plus a summary of its sync. */
export interface LibrarySummary {
  library: Library;
  status: LibraryStatus;
}

/** Global settings (`adminResolver`). Reads are open to any member; every write requires a site admin. */
export interface AdminApi {
  getStatus: { payload: void; result: UiStatus };
  listLibraries: { payload: void; result: Result<{ libraries: LibrarySummary[]; canManage: boolean }> };
  createLibrary: { payload: { name: string; visibility?: Visibility; confirmPublic?: boolean }; result: Result<LibrarySummary> };
  updateLibrary: {
    payload: { libraryId: string; name?: string; visibility?: Visibility; confirmPublic?: boolean; autoAccept?: boolean; synthesis?: boolean; notification?: NotificationChannel };
    result: Result<LibrarySummary>;
  };
  deleteLibrary: { payload: { libraryId: string }; result: Result<{ deleted: true }> };
  /** `user` makes the calling admin the identity the indexer reads with. */
  connectSource: { payload: { libraryId: string; identity: 'app' | 'user' }; result: Result<LibrarySummary> };
  listSpaceChoices: { payload: { libraryId: string }; result: Result<{ spaces: SpaceChoice[] }> };
  selectSpaces: { payload: { libraryId: string; spaceIds: string[] }; result: Result<LibrarySummary> };
  getLibraryStatus: { payload: { libraryId: string }; result: Result<LibrarySummary> };
  /** After the admin reauthorized: clears the banner and resumes every sync from its checkpoint. */
  reconnect: { payload: { libraryId: string }; result: Result<LibrarySummary> };
  /** Stored as a Forge secret; never sent back to any browser. */
  setSmtpPassword: { payload: { libraryId: string; password: string }; result: Result<{ saved: true }> };
  sendTestNotification: { payload: { libraryId: string }; result: Result<{ sent: true; channel: NotificationChannel['kind'] }> };
}

/** Space settings (`spaceSettingsResolver`), for the space the page is shown in (from the platform context). */
export interface SpaceSettingsApi {
  getStatus: { payload: void; result: UiStatus };
  getSpaceStatus: {
    payload: void;
    result: Result<{
      space: { id: string; key: string; name: string; notIndexable?: string };
      /** Space admins (and site admins) may opt the space in or out; verified on the server. */
      canManage: boolean;
      libraries: Array<{ libraryId: string; name: string; included: boolean; status?: SpaceStatus; health: LibraryStatus['health'] }>;
    }>;
  };
  setSpaceIncluded: { payload: { libraryId: string; included: boolean }; result: Result<SpaceSettingsApi['getSpaceStatus']['result']> };
}

/** The Ask macro (`askResolver`). The Library and spaces come from the macro's saved config, read on the server. */
export interface AskApi {
  getStatus: { payload: void; result: UiStatus };
  getMacroContext: {
    payload: void;
    result: Result<{ library?: { id: string; name: string; spaceKeys: string[] }; libraries: Array<{ id: string; name: string; spaceKeys: string[] }> }>;
  };
  ask: { payload: { question: string }; result: Result<Answer> };
}

/** Review (`reviewResolver`): the byline dialog (page from the context) and the space page (space from the context). */
export interface ReviewApi {
  getStatus: { payload: void; result: UiStatus };
  listPageProposals: { payload: void; result: Result<PageProposalsResult> };
  listSpaceQueue: { payload: { states?: ProposalState[]; origins?: OriginKind[]; pageId?: string }; result: Result<SpaceQueue> };
  approve: { payload: { proposalId: string; editedText?: string; confirmCommentLoss?: boolean }; result: Result<{ outcome: { kind: ApplyOutcome['kind']; message: string }; state: ProposalState }> };
  decline: { payload: { proposalId: string; note?: string }; result: Result<{ state: ProposalState }> };
}

export type PageProposalsResult = Omit<PageProposals, 'access'> & { access: PageProposals['access'] | 'none' };
export type { ApplyOutcome, DiffPart, OriginKind, PageProposals, ProposalState, ProposalView, SpaceQueue };
