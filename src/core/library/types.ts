/**
 * What a Library is: a named collection of knowledge with one Source (Confluence) and the spaces chosen from it.
 * These records are small and written only by admins, so they live as one KVS value each.
 */

/**
 * Who may query a Library.
 * - private: answers only from pages the asker may read (checked against Confluence at answer time); the default.
 * - organization: every member of the site may query every indexed page (shown with a warning).
 * - public: anyone, even anonymous visitors, may query; needs an explicit confirmation.
 */
export type Visibility = 'private' | 'organization' | 'public';

/** The identity the indexer reads Confluence with. */
export type SourceIdentity =
  /** The app's own account (asApp): no token to lapse; admins scope it with space permissions. */
  | { kind: 'app' }
  /** A person's consent (asUser): indexes what that admin can see; the consent can lapse. */
  | { kind: 'user'; accountId: string };

/** Whether the Source can sync. A lapsed authorization stops syncing until an admin reconnects. */
export type SourceHealth =
  | { state: 'ok' }
  | { state: 'needs_reauthorization'; since: number; reason: string; notifiedAt?: number };

export interface SelectedSpace {
  id: string;
  key: string;
  name: string;
  selectedAt: number;
  selectedBy: string;
}

/** How admins are told that a Source needs reauthorization. */
export type NotificationChannel =
  /** The app @-mentions the admins on a status page it owns; Confluence sends its own notification email. */
  | { kind: 'confluence-mention'; spaceKey?: string }
  /** Mail through an SMTP server the admin configured; this egress costs the "Runs on Atlassian" badge. */
  | { kind: 'smtp'; host: string; port: number; secure: boolean; from: string; to: string[]; username?: string };

export interface ConfluenceSource {
  kind: 'confluence';
  identity: SourceIdentity;
  connectedBy: string;
  connectedAt: number;
  health: SourceHealth;
  spaces: SelectedSpace[];
}

export interface Library {
  id: string;
  name: string;
  visibility: Visibility;
  /** Who confirmed that the Library may be public, and when; required while visibility is public. */
  publicConfirmation?: { by: string; at: number };
  /** Apply proposed page updates without Review. Off by default. */
  autoAccept: boolean;
  /** Let Forge LLM write answers from the retrieved passages; extractive answers otherwise. */
  synthesis: boolean;
  /**
   * Let Forge LLM draft the prose a shipped change makes wrong (src/core/ship/prose-draft.ts). Off by default (absent
   * on older records); the drafts always wait in Review, whatever Auto-Accept says.
   */
  draftProse?: boolean;
  notification: NotificationChannel;
  source?: ConfluenceSource;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  updatedBy: string;
  /** Set when deletion starts: from then on no sync or question may use the Library. */
  deletingSince?: number;
  /** Bumped by every write, so two admins changing the Library at once cannot silently undo each other. */
  revision?: number;
}
