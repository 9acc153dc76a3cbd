import { isAccountId, type PersonName } from '../confluence';
import type { Clock, KeyValueStore } from '../ports';

/** Display names for the people pages @-mention: what the sync asks before extracting a batch of pages. */
export interface PeopleNames {
  /** Names of the accounts that have one; an account left out reads as its account id. Never throws. */
  displayNames(accountIds: Iterable<string>): Promise<ReadonlyMap<string, string>>;
}

/** Asks Confluence for names (one request per 100 ids): `getUsersByAccountIds` over the app's client. */
export type PeopleLookup = (accountIds: string[]) => Promise<PersonName[]>;

export interface PeopleSettings {
  /** A cached name older than this is asked again, so a renamed person reads right within a week. */
  maxAgeMs: number;
  /** How long "Confluence knows no such account" is believed before asking again. */
  missingMaxAgeMs: number;
  /** Most ids looked up in one call; the rest read as account ids (bounds a page that mentions thousands). */
  maxLookupsPerCall: number;
}

export const peopleSettings: PeopleSettings = {
  maxAgeMs: 7 * 86_400_000,
  missingMaxAgeMs: 86_400_000,
  maxLookupsPerCall: 500,
};

/** Storage keys: `people.<accountId>`, in the app-wide store (names are the site's, not a Library's). */
export const PEOPLE_KEY_PREFIX = 'people.';

/** A name as cached; no `name` means Confluence returned no such account when asked at `at`. */
interface CachedName {
  name?: string;
  at: number;
}

export interface PeopleDirectoryDeps {
  store: KeyValueStore;
  clock: Clock;
  lookup: PeopleLookup;
  settings?: Partial<PeopleSettings>;
  /** Told when a lookup fails (the names fall back to account ids); for the log. */
  onLookupFailed?: (error: unknown) => void;
}

/**
 * The People directory: names for account ids, from a cache in the key-value store refreshed after
 * `maxAgeMs`, asking Confluence only for the ids it has no fresh name for. One instance lives for one
 * invocation and also remembers in memory, so the batches of a crawl step share their lookups; a crawl of a
 * thousand pages mentioning the same twenty people asks Confluence once. A failed lookup (rate limit, lapsed
 * authorization, Confluence down) or store failure never fails indexing: those names read as account ids, or as
 * the stale name where one is cached, and the directory stops asking for the rest of the invocation.
 */
export class PeopleDirectory implements PeopleNames {
  private readonly settings: PeopleSettings;
  private readonly memory = new Map<string, CachedName>();
  private lookupFailed = false;

  constructor(private readonly deps: PeopleDirectoryDeps) {
    this.settings = { ...peopleSettings, ...deps.settings };
  }

  async displayNames(accountIds: Iterable<string>): Promise<ReadonlyMap<string, string>> {
    const ids = [...new Set([...accountIds].filter(isAccountId))];
    const now = this.deps.clock.now();
    const known = new Map<string, CachedName>();
    const unread = ids.filter((id) => {
      const cached = this.memory.get(id);
      if (cached) known.set(id, cached);
      return !cached;
    });
    if (unread.length) {
      for (const [id, cached] of await this.read(unread)) {
        known.set(id, cached);
        this.memory.set(id, cached);
      }
    }
    const due = ids.filter((id) => !this.fresh(known.get(id), now)).slice(0, this.settings.maxLookupsPerCall);
    if (due.length && !this.lookupFailed) {
      for (const [id, cached] of await this.lookUp(due, now)) {
        known.set(id, cached);
        this.memory.set(id, cached);
      }
    }
    const names = new Map<string, string>();
    for (const [id, cached] of known) if (cached.name) names.set(id, cached.name);
    return names;
  }

  private fresh(cached: CachedName | undefined, now: number): boolean {
    if (!cached) return false;
    const age = now - cached.at;
    return age >= 0 && age < (cached.name ? this.settings.maxAgeMs : this.settings.missingMaxAgeMs);
  }

  private async read(ids: string[]): Promise<Map<string, CachedName>> {
    const out = new Map<string, CachedName>();
    try {
      const stored = await this.deps.store.getMany<CachedName>(ids.map((id) => PEOPLE_KEY_PREFIX + id));
      for (const id of ids) {
        const value = stored.get(PEOPLE_KEY_PREFIX + id);
        if (value && typeof value.at === 'number') out.set(id, { at: value.at, ...(typeof value.name === 'string' && value.name ? { name: value.name } : {}) });
      }
    } catch {
      // An unreadable cache is an empty one: the lookup below answers instead.
    }
    return out;
  }

  private async lookUp(ids: string[], now: number): Promise<Map<string, CachedName>> {
    const out = new Map<string, CachedName>();
    let people: PersonName[];
    try {
      people = await this.deps.lookup(ids);
    } catch (error) {
      this.lookupFailed = true;
      this.deps.onLookupFailed?.(error);
      return out;
    }
    const byId = new Map(people.map((person) => [person.accountId, person.displayName]));
    for (const id of ids) {
      const name = byId.get(id);
      out.set(id, name ? { name, at: now } : { at: now });
    }
    try {
      await this.deps.store.setMany([...out].map(([id, value]) => ({ key: PEOPLE_KEY_PREFIX + id, value })));
    } catch {
      // Not cached this time; the names are still used now and asked again next time.
    }
    return out;
  }
}
