/**
 * The ship web trigger (`librarian ship` posts here): a static trigger (its answers are fixed in manifest.yml;
 * the function only picks one by `outputKey`, which keeps the app eligible for Runs on Atlassian) that answers
 * accepted (202), refused (401, 413; 400 for a signed body that is not a change) or busy (503: nothing queued, send
 * again), checking the HMAC signature with the Library's
 * CI secret itself, because Forge web trigger URLs carry no authentication of their own
 * (https://developer.atlassian.com/platform/forge/manifest-reference/modules/web-trigger/). The work is queued.
 */
import { QUEUES } from '../../core/jobs';
import { acceptShip, CiSecrets, type ShipJob } from '../../core/ship';
import type { DocumentJob } from '../../core/documents/job';
import { ForgeKeyValueStore } from '../adapters/kvs';
import { ForgeJobQueue } from '../adapters/queue';
import { logLine } from '../log';
import { errorKind } from '../../core/errors';

export const SHIP_QUEUE = QUEUES.ship;

/** What Forge passes a web trigger function (the fields used here). */
interface WebTriggerRequest {
  body?: string;
  headers?: Record<string, string[]>;
}

const store = new ForgeKeyValueStore();

/** The manifest's static outputs, by the status acceptShip answers. */
const OUTPUT_KEY = { 202: 'accepted', 400: 'not-a-change', 401: 'refused', 413: 'too-large' } as const;

export async function shipTrigger(request: WebTriggerRequest): Promise<{ outputKey: (typeof OUTPUT_KEY)[keyof typeof OUTPUT_KEY] | 'busy' }> {
  let response;
  try {
    response = await acceptShip(
      { headers: request?.headers ?? {}, body: typeof request?.body === 'string' ? request.body : '' },
      { store, secrets: new CiSecrets(store), queue: new ForgeJobQueue<(ShipJob | DocumentJob) & Record<string, unknown>>(SHIP_QUEUE), now: Date.now() },
    );
  } catch (error) {
    // acceptShip throws only before the change is queued (it forgets a change it could not queue), so sending it
    // again is always safe, and usually works: storage over its quota or out of service, the queue refusing a push.
    // `librarian ship` sends again on 503. The log says which kind, never the body or headers.
    logLine('ship', `web trigger answered 503 (${errorKind(error) ?? (error as Error)?.name ?? 'error'})`);
    return { outputKey: 'busy' };
  }
  // Never the body or headers: they carry the signature and the code change.
  logLine('ship', `web trigger answered ${response.statusCode}`);
  return { outputKey: OUTPUT_KEY[response.statusCode] };
}
