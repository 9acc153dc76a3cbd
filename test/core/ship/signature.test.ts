import { MAX_SHIP_REQUEST_BYTES, REPLAY_WINDOW_S, signShipRequest, verifyShipRequest, type VerifyContext } from '../../../src/core/ship';

const NOW = Date.UTC(2026, 0, 9, 12, 0, 0);
const body = JSON.stringify({ change: { base: 'a', head: 'b', files: [] } });

function context(secrets: Record<string, string[]>, now = NOW): VerifyContext & { nonces: Set<string> } {
  const nonces = new Set<string>();
  return {
    now,
    nonces,
    secretsOf: async (id) => secrets[id] ?? [],
    claimNonce: async (id, nonce) => {
      const key = `${id}:${nonce}`;
      if (nonces.has(key)) return false;
      nonces.add(key);
      return true;
    },
  };
}

const signed = (secret: string, extra: { now?: number; nonce?: string; libraryId?: string; body?: string } = {}) => ({
  headers: signShipRequest({ libraryId: extra.libraryId ?? 'lib1', secret, body: extra.body ?? body, now: extra.now ?? NOW, nonce: extra.nonce ?? 'n0nce-0123456789abcdef' }),
  body: extra.body ?? body,
});

describe('verifyShipRequest', () => {
  it('accepts a request signed with the Library secret, and gives back the parsed body', async () => {
    const verdict = await verifyShipRequest(signed('s3cret'), context({ lib1: ['s3cret'] }));
    expect(verdict).toEqual({ status: 202, libraryId: 'lib1', nonce: 'n0nce-0123456789abcdef', body: JSON.parse(body) });
  });

  it('refuses an unsigned request', async () => {
    expect(await verifyShipRequest({ headers: { 'content-type': 'application/json' }, body }, context({ lib1: ['s3cret'] }))).toEqual({ status: 401, reason: 'the request is not signed' });
  });

  it('refuses a wrong signature, a tampered body and an unknown Library alike, without saying which', async () => {
    const ctx = context({ lib1: ['s3cret'] });
    const wrong = await verifyShipRequest(signed('guess'), ctx);
    const tampered = await verifyShipRequest({ ...signed('s3cret'), body: body.replace('"a"', '"z"') }, ctx);
    const unknown = await verifyShipRequest(signed('s3cret', { libraryId: 'nope' }), ctx);
    expect(wrong.status).toBe(401);
    expect(tampered).toEqual(wrong);
    expect(unknown).toEqual(wrong);
    expect(JSON.stringify(wrong)).not.toContain('s3cret');
    // A refused request does not burn the nonce: the real one still goes through.
    expect((await verifyShipRequest(signed('s3cret'), ctx)).status).toBe(202);
  });

  it('refuses a replayed request', async () => {
    const ctx = context({ lib1: ['s3cret'] });
    const request = signed('s3cret');
    expect((await verifyShipRequest(request, ctx)).status).toBe(202);
    expect((await verifyShipRequest(request, ctx)).status).toBe(401);
  });

  it('refuses a request older or newer than the replay window, and accepts one at its edge', async () => {
    const ctx = context({ lib1: ['s3cret'] });
    expect((await verifyShipRequest(signed('s3cret', { now: NOW - (REPLAY_WINDOW_S + 1) * 1000, nonce: 'old-nonce-0123456789' }), ctx)).status).toBe(401);
    expect((await verifyShipRequest(signed('s3cret', { now: NOW + (REPLAY_WINDOW_S + 1) * 1000, nonce: 'future-nonce-0123456' }), ctx)).status).toBe(401);
    expect((await verifyShipRequest(signed('s3cret', { now: NOW - REPLAY_WINDOW_S * 1000, nonce: 'edge-nonce-012345678' }), ctx)).status).toBe(202);
  });

  it('after a rotation, refuses the old secret and accepts the new one', async () => {
    const ctx = context({ lib1: ['n3w-secret'] });
    expect((await verifyShipRequest(signed('s3cret'), ctx)).status).toBe(401);
    expect((await verifyShipRequest(signed('n3w-secret', { nonce: 'after-rotation-012345' }), ctx)).status).toBe(202);
  });

  it('refuses an oversized body with 413 before reading any secret', async () => {
    let asked = false;
    const ctx = { ...context({ lib1: ['s3cret'] }), secretsOf: async () => ((asked = true), ['s3cret']) };
    const big = JSON.stringify({ pad: 'x'.repeat(MAX_SHIP_REQUEST_BYTES) });
    const verdict = await verifyShipRequest(signed('s3cret', { body: big }), ctx);
    expect(verdict.status).toBe(413);
    expect(asked).toBe(false);
  });

  it('refuses malformed headers and a signed body that is not JSON', async () => {
    const ctx = context({ lib1: ['s3cret'] });
    const request = signed('s3cret');
    expect((await verifyShipRequest({ ...request, headers: { ...request.headers, 'x-librarian-signature': 'v1=zz' } }, ctx)).status).toBe(401);
    expect(await verifyShipRequest(signed('s3cret', { body: 'not json', nonce: 'json-nonce-0123456789' }), ctx)).toEqual({ status: 401, reason: 'the signed body is not JSON' });
  });
});
