import type { LibrarySummary } from '../../contract';
import { isUsable } from '../library';
import { audienceOf, summaryFor } from './library-view';
import type { SettingsDeps, Viewer } from './ports';

export interface LibrarySummariesResult {
  libraries: LibrarySummary[];
  canManage: boolean;
}

/**
 * The settings page's list: every usable Library, each as the viewer may see it, and whether they may change them.
 *
 * @example
 *   const { libraries, canManage } = await listLibrarySummaries(deps, viewer);
 */
export async function listLibrarySummaries(deps: SettingsDeps, viewer: Viewer): Promise<LibrarySummariesResult> {
  const all = (await deps.libraries.list()).filter(isUsable);
  const audience = await audienceOf(viewer, all);
  return { libraries: await Promise.all(all.map((library) => summaryFor(deps, library, audience))), canManage: audience.kind === 'admin' };
}
