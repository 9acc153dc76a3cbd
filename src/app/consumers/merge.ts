import { QUEUES } from '../../core/jobs';
import { jobConsumer } from './jobs';

/** Consumer of the `librarian-merge` queue: one merge of a Library's index inbox into its postings an event. */
export const mergeConsumer = jobConsumer(QUEUES.merge, 'merge');
