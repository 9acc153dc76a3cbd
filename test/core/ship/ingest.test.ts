import { acceptShip, buildShipChange, CiSecrets, signShipRequest, type ShipJob } from '../../../src/core/ship';
import { MemoryKeyValueStore } from '../../../sandbox/forge/kvs/memory-store';
import { MemorySecrets } from '../../../sandbox/forge/kvs/memory-secrets';


const NOW = Date.UTC(2026, 0, 9, 12);
const diff = "diff --git a/cli.ts b/cli.ts\nindex 1..2 100644\n--- a/cli.ts\n+++ b/cli.ts\n@@ -1,1 +1,1 @@\n-program.option('--force')\n+program.option('--yes')\n";
const body = JSON.stringify({ change: buildShipChange({ diff, base: 'aaa', head: 'bbb', subjects: ['Rename --force'] }) });

async function setup() {
  const store = new MemoryKeyValueStore();
  const secrets = new CiSecrets(new MemorySecrets());
  const pushed: ShipJob[] = [];
  const queue = { push: async (events: ShipJob[]) => (pushed.push(...events), 'job-1') };
  const secret = await secrets.rotate('lib1');
  return { store, secrets, queue, pushed, secret, deps: { store, secrets, queue, now: NOW } };
}

const signed = (secret: string, nonce: string, text = body) => ({ headers: signShipRequest({ libraryId: 'lib1', secret, body: text, now: NOW, nonce }), body: text });

describe('acceptShip', () => {
  it('queues a signed change once, even when it is sent twice', async () => {
    const { deps, pushed, secret } = await setup();
    const first = await acceptShip(signed(secret, 'nonce-aaaaaaaaaaaaaaaa'), deps);
    const again = await acceptShip(signed(secret, 'nonce-bbbbbbbbbbbbbbbb'), deps);
    expect([first.statusCode, again.statusCode]).toEqual([202, 202]);
    expect(JSON.parse(again.body)).toEqual({ accepted: true, queued: false });
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({ type: 'ship', libraryId: 'lib1', change: { head: 'bbb', symbols: [{ name: '--force', to: '--yes' }] } });
  });

  it('refuses the old secret after a rotation, a replay, and an unknown Library, with 401 and no secret in the answer', async () => {
    const { deps, secrets, secret, pushed } = await setup();
    expect((await acceptShip(signed(secret, 'nonce-cccccccccccccccc'), deps)).statusCode).toBe(202);
    expect((await acceptShip(signed(secret, 'nonce-cccccccccccccccc'), deps)).statusCode).toBe(401);
    const fresh = await secrets.rotate('lib1');
    const old = await acceptShip(signed(secret, 'nonce-dddddddddddddddd'), deps);
    expect(old.statusCode).toBe(401);
    expect(old.body).not.toContain(secret);
    const unknown = await acceptShip({ headers: signShipRequest({ libraryId: 'nope', secret: fresh, body, now: NOW, nonce: 'nonce-eeeeeeeeeeeeeeee' }), body }, deps);
    expect(unknown.statusCode).toBe(401);
    expect(pushed).toHaveLength(1);
  });

  it('answers 413 for an oversized body and 400 for a signed body that is not a change', async () => {
    const { deps, secret, pushed } = await setup();
    expect((await acceptShip(signed(secret, 'nonce-ffffffffffffffff', JSON.stringify({ pad: 'x'.repeat(200_000) })), deps)).statusCode).toBe(413);
    const wrong = await acceptShip(signed(secret, 'nonce-gggggggggggggggg', JSON.stringify({ change: { base: 'a' } })), deps);
    expect(wrong.statusCode).toBe(400);
    expect(pushed).toHaveLength(0);
  });

  it('forgets a change the queue refused, so the retry is queued', async () => {
    const { store, secrets, secret } = await setup();
    const failing = { push: async (): Promise<string> => Promise.reject(new Error('queue full')) };
    await expect(acceptShip(signed(secret, 'nonce-hhhhhhhhhhhhhhhh'), { store, secrets, queue: failing, now: NOW })).rejects.toThrow('queue full');
    const pushed: ShipJob[] = [];
    const ok = await acceptShip(signed(secret, 'nonce-iiiiiiiiiiiiiiii'), { store, secrets, queue: { push: async (e: ShipJob[]) => (pushed.push(...e), 'j') }, now: NOW });
    expect(JSON.parse(ok.body)).toEqual({ accepted: true, queued: true });
    expect(pushed).toHaveLength(1);
  });
});
