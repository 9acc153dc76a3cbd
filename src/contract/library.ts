/**
 * A Library as the resolvers show it. Site admins see the whole record (never a secret: the SMTP password is not in
 * it); everyone else sees what asking needs: its name, who may ask, its behaviour and the spaces they can read,
 * never the notification channel (SMTP host, port, username, recipients), who connected or changed it, nor spaces
 * they cannot read.
 */
import type { NotificationChannel, Visibility } from '../core/library/types';

export type { NotificationChannel, Visibility };

export interface LibrarySpaceView {
  id: string;
  key: string;
  name: string;
  selectedAt?: number;
  selectedBy?: string;
}

export interface LibraryView {
  id: string;
  name: string;
  visibility: Visibility;
  publicConfirmation?: { at: number; by?: string };
  autoAccept: boolean;
  synthesis: boolean;
  /** Ship: let Forge LLM draft prose fixes (always left for Review); absent on Libraries made before it existed. */
  draftProse?: boolean;
  /** Site admins only. */
  notification?: NotificationChannel;
  source?: {
    kind: 'confluence';
    /** `accountId` (whose consent the indexer reads with) is shown to site admins only. */
    identity: { kind: 'app' } | { kind: 'user'; accountId?: string };
    connectedAt: number;
    /** Site admins only. */
    connectedBy?: string;
    health: { state: 'ok' } | { state: 'needs_reauthorization'; since: number; reason: string; notifiedAt?: number };
    spaces: LibrarySpaceView[];
  };
  createdAt: number;
  updatedAt: number;
  /** Site admins only. */
  createdBy?: string;
  /** Site admins only. */
  updatedBy?: string;
  deletingSince?: number;
  revision?: number;
}
