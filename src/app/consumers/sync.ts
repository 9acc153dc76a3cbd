import { QUEUES } from '../../core/jobs';
import { jobConsumer } from './jobs';

/** Consumer of the `librarian-sync` queue: one sync job an event (a crawl step, a scan, page events, a reconcile step, a removal). */
export const syncConsumer = jobConsumer(QUEUES.sync, 'sync');
