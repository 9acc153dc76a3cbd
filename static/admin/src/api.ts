import type { AdminApi, LibrarySummary } from '../../../src/contract';
import { resolverClient } from '../../shared/settings';

/** The global settings page's resolver functions (`adminResolver`), typed by the shared contract. */
export const admin = resolverClient<AdminApi>();

/** How a section reports a changed Library back to the page. */
export type OnLibraryChange = (summary: LibrarySummary) => void;

/** How often the page re-reads a Library's status while a space is syncing or being removed. */
export const POLL_MS = 2000;
