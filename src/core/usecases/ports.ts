/**
 * What the settings and Ask use cases need from outside src/core: who is asking (their role, asked of Confluence
 * as them) and the services they drive. src/app/services builds these from the Forge adapters; tests build them
 * from the memory store and the simulator.
 */
import type { LibraryRepository } from '../library';
import type { ReauthorizationNotifier } from '../notify';
import type { SourceService } from '../sync/service';
import type { Space } from '../confluence';

/** The person calling, as Confluence sees them. Each question is asked at most once per invocation. */
export interface Viewer {
  /** null for an anonymous visitor. */
  accountId: string | null;
  /** The viewer's display name; undefined when anonymous or Confluence did not answer. */
  displayName(): Promise<string | undefined>;
  /** Site (Confluence) admin rights. Throws a ConfluenceError when Confluence cannot answer (busy, down). */
  isSiteAdmin(): Promise<boolean>;
  /** A Confluence guest (outside the site's member group); true when Confluence did not say. */
  isGuest(): Promise<boolean>;
  /** Of these space keys, those the viewer may read (asked as the viewer). */
  readableSpaceKeys(keys: string[]): Promise<Set<string>>;
  /** Whether the viewer administers the space (asked as the viewer; no means no view or no answer too). */
  administersSpace(spaceId: string): Promise<boolean>;
}

/** The services behind the settings pages. */
export interface SettingsDeps {
  libraries: LibraryRepository;
  sources: Pick<SourceService, 'status' | 'spaceChoices' | 'selectSpaces' | 'includeSpace' | 'reconnect' | 'deleteLibrary' | 'rebuildIndex'>;
  notifier: Pick<ReauthorizationNotifier, 'sendTest' | 'saveSmtpPassword' | 'forgetSmtpPassword'>;
  /** A space by key, asked as the app (the space settings page's space). */
  findSpace(key: string): Promise<Space | undefined>;
  /** Removes the Library's CI secret, ship records, nonces and Document records (src/core/ship/forget.ts). */
  forgetShipData?(libraryId: string): Promise<void>;
}
