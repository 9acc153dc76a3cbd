import { clampDelay } from '../sync/errors';
import type { RetryOptions } from './types';

/**
 * Sync jobs: a 429 storm slows a sync but must not lose it (100 waits); other failures back off exponentially
 * from 15 s, four times; a lapsed authorization stops the Library's sync and tells its admins; a failure given up
 * on shows on the settings pages.
 */
export const SYNC_RETRY: RetryOptions = {
  rateLimited: 100,
  transient: 4,
  backoffSeconds: (attempt) => clampDelay(15 * 2 ** (attempt - 1)),
  busy: 4,
  busySeconds: 30,
  unauthorized: 'needs-reauthorization',
  recordFailure: true,
};

/**
 * Merges: a merge stopped part way is safe to run again (postings are keyed by chunk) and storage quotas turn each
 * minute, so a failed merge is tried again 20 times, 30 s apart (or after the quota's wait); one that finds another
 * merger at work looks again after 30 s, five times. The five-minute scan queues a fresh merge anyway. A merge given
 * up on shows on the settings page as the index's last error (a later merge that succeeds clears it).
 */
export const MERGE_RETRY: RetryOptions = {
  rateLimited: 20,
  transient: 20,
  backoffSeconds: () => 30,
  busy: 5,
  busySeconds: 30,
  unauthorized: 'transient',
  recordFailure: 'index',
};

/**
 * Ship jobs: a shipped change is worth a few tries (Confluence busy, a storage quota), never a storm: a proposal
 * made before the failure is found again by its id, so a retry proposes nothing twice. A 401 is the Source's
 * lapse, which the sync reports; the change is retried like any failure and then given up on.
 */
export const SHIP_RETRY: RetryOptions = {
  rateLimited: 10,
  transient: 3,
  backoffSeconds: (attempt) => clampDelay(30 * 2 ** (attempt - 1)),
  busy: 3,
  busySeconds: 30,
  unauthorized: 'transient',
  recordFailure: false,
};
