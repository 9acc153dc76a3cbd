import type { Clock, KeyValueStore } from '../ports';

/**
 * The site's agent settings, one small KVS value: whether external agents (the web trigger) may connect at all,
 * and the site's base URL for absolute links (the web trigger has no site in its context; the tokens page does).
 */
export interface AgentSettings {
  /** Site admins can turn the external endpoint off; then every request is refused, whatever the token. */
  externalAccess: boolean;
  siteUrl?: string;
  updatedAt?: number;
  updatedBy?: string;
}

const KEY = 'agent-settings';
export const DEFAULT_AGENT_SETTINGS: AgentSettings = { externalAccess: true };

export class AgentSettingsStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<AgentSettings> {
    return { ...DEFAULT_AGENT_SETTINGS, ...((await this.store.get<AgentSettings>(KEY)) ?? {}) };
  }

  /** Caller checks that `actor` is a site admin. */
  async setExternalAccess(enabled: boolean, actor: string): Promise<AgentSettings> {
    const next = { ...(await this.get()), externalAccess: enabled, updatedAt: this.clock.now(), updatedBy: actor };
    await this.store.set(KEY, next);
    return next;
  }

  /** Remembers the site's URL when a signed-in page tells it; written only when it changed. */
  async rememberSiteUrl(siteUrl: string | undefined): Promise<void> {
    if (!siteUrl || !/^https?:\/\//.test(siteUrl)) return;
    const current = await this.get();
    if (current.siteUrl === siteUrl) return;
    await this.store.set(KEY, { ...current, siteUrl });
  }
}
