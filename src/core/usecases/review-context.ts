/**
 * What the Review use cases need, given by the caller (src/app on Forge, tests and the sandbox directly): the
 * proposal store, Libraries, Confluence as the acting person and as the app, a clock and ids.
 */
import { getPageProperty, getUsersByAccountIds, setPageProperty, type ConfluenceClient } from '../confluence';
import type { Library, LibraryRepository } from '../library';
import type { Clock } from '../ports';
import type { ProposalStore } from '../review';

export interface ReviewContext {
  proposals: ProposalStore;
  libraries: LibraryRepository;
  /** Confluence as the person acting: their read and edit rights decide. */
  asUser: ConfluenceClient;
  /** Confluence as the app: Auto-Accept, names and the byline property. */
  asApp: ConfluenceClient;
  clock: Clock;
  newId?: () => string;
}

/** Who is acting: the account from the platform context, never from the payload. */
export interface Actor {
  accountId: string;
  name: string;
}

/** The byline item's content property key (manifest `contentPropertyKey`): unique, so no other app shares it. */
export const BYLINE_PROPERTY_KEY = 'librarian-review-byline-7c1e4b2a';

export function newProposalId(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 16);
}

/** Display names of accounts, asked as the app; accounts Confluence does not name stay absent. */
export async function namesOf(client: ConfluenceClient, accountIds: string[]): Promise<Map<string, string>> {
  if (!accountIds.length) return new Map();
  const people = await getUsersByAccountIds(client, accountIds);
  return new Map(people.map((p) => [p.accountId, p.displayName]));
}

/** The Library that indexes a space (the first usable one by name), if any. */
export async function libraryForSpace(libraries: LibraryRepository, spaceId: string): Promise<Library | undefined> {
  return (await libraries.list()).find((library) => !library.deletingSince && library.source?.spaces.some((s) => s.id === spaceId));
}

/**
 * Writes the page's pending count into the byline item's content property ("Librarian · 2"), so
 * Confluence renders the count without invoking the app on every page view. Nothing is written when the property
 * already says it. Failures are swallowed: the count is a convenience, the dialog lists the truth.
 *
 * Writing a content property needs edit rights on the page (Confluence REST: "Permission to update the content").
 * The app writes first: its account edits wherever the spaces grant it, whoever is acting, so a proposal from a
 * person who may only read the page (an agent user) still counts. Where the app may not, the acting person's
 * own rights are tried; and opening the byline dialog refreshes a stale count (pageProposals), so the next editor
 * to look puts it right.
 */
export async function refreshBylineCount(ctx: ReviewContext, pageId: string): Promise<number> {
  const pending = (await ctx.proposals.listPage(pageId, { states: ['pending'] })).length;
  await writeBylineCount(ctx, pageId, pending);
  return pending;
}

/** The byline property's value for `pending` proposals. */
export function bylineValue(pending: number): { title: string; tooltip: string } {
  return {
    title: pending ? `Librarian · ${pending}` : 'Librarian',
    tooltip: pending ? `${pending} proposed update${pending === 1 ? '' : 's'} to this page waiting for review` : 'Proposed updates to this page',
  };
}

/** Writes the count unless the property already holds it; true when the property is now current. */
export async function writeBylineCount(ctx: ReviewContext, pageId: string, pending: number): Promise<boolean> {
  const value = bylineValue(pending);
  for (const client of [ctx.asApp, ctx.asUser]) {
    try {
      const current = await getPageProperty<{ title?: string }>(client, pageId, BYLINE_PROPERTY_KEY);
      if (current?.value?.title === value.title || (!current && !pending)) return true;
      await setPageProperty(client, pageId, BYLINE_PROPERTY_KEY, value);
      return true;
    } catch {
      // Try the other identity; if neither may write, the byline keeps its previous title and the dialog still
      // lists every proposal.
    }
  }
  return false;
}
