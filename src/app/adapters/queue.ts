/** JobQueue over a `@forge/events` Queue: each event becomes one `PushEvent` body. */
import { Queue } from '@forge/events';
import type { JobQueue } from '../../core/ports';

export class ForgeJobQueue<E extends Record<string, unknown>> implements JobQueue<E> {
  private readonly queue: Queue;

  constructor(key: string) {
    this.queue = new Queue({ key });
  }

  async push(events: E[], options: { delaySeconds?: number } = {}): Promise<string> {
    const delay = options.delaySeconds;
    const { jobId } = await this.queue.push(events.map((body) => (delay ? { body, delayInSeconds: delay } : { body })));
    return jobId;
  }
}
