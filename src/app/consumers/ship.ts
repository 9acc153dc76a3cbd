import { QUEUES } from '../../core/jobs';
import { jobConsumer } from './jobs';

/**
 * Consumer of the `librarian-ship` queue, through the one job runner (src/core/jobs): a `ship` job (one shipped
 * change: the sections of the Library's spaces it makes wrong become Review proposals, origin "code change", the
 * rest is listed for a person on the settings page) or a `document` job (one shipped Document merged into its
 * page as a Review proposal, origin "Document").
 */
export const shipConsumer = jobConsumer(QUEUES.ship, 'ship');
