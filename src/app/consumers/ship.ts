import { QUEUES } from '../../core/jobs';
import { jobConsumer } from './jobs';

/**
 * Consumer of the `librarian-ship` queue: one shipped change an event, through the one job runner (src/core/jobs,
 * job `ship`): the sections of the Library's spaces it makes wrong become Review proposals (origin "code change"),
 * the rest is listed for a person on the settings page.
 */
export const shipConsumer = jobConsumer(QUEUES.ship, 'ship');
