import { BadResponseError, ConfluenceClient, InvalidInputError, RateLimitedError } from '../../../src/core/confluence';
import { administersSpace, spaceOperations } from '../../../src/core/confluence/space-permissions';
import { FakeTransport, recordingSleep, type FakeResponse, type RecordedRequest } from './fake-transport';

function client(route: (r: RecordedRequest) => FakeResponse | Error) {
  const transport = new FakeTransport(route);
  const c = ConfluenceClient.create(transport, 'user', { sleep: recordingSleep().sleep, random: () => 0, policy: { maxAttempts: 1 } });
  return { transport, c };
}

const ops = (...pairs: Array<[string, string]>) => ({ operations: pairs.map(([operation, targetType]) => ({ operation, targetType })) });

describe('space operations (v2 GET /spaces/{id}/operations)', () => {
  it('asks once, as the client identity, and reads administer on space', async () => {
    const { transport, c } = client(() => ({ status: 200, body: ops(['read', 'space'], ['create', 'page'], ['administer', 'space']) }));
    await expect(administersSpace(c, '98304')).resolves.toBe(true);
    expect(transport.requests.map((r) => `${r.identity} ${r.method} ${r.path}`)).toEqual(['user GET /wiki/api/v2/spaces/98304/operations']);
  });

  it('does not take administer on another target (the application, a page) for a space admin', async () => {
    const { c } = client(() => ({ status: 200, body: ops(['read', 'space'], ['administer', 'application'], ['administer', 'page']) }));
    await expect(administersSpace(c, '1')).resolves.toBe(false);
  });

  it('reads a 404 (cannot view the space) as no operations', async () => {
    const { c } = client(() => ({ status: 404, body: { errors: [] } }));
    await expect(spaceOperations(c, '1')).resolves.toEqual([]);
    await expect(administersSpace(c, '1')).resolves.toBe(false);
  });

  it('drops malformed entries and refuses an answer without a list', async () => {
    const { c } = client(() => ({ status: 200, body: { operations: [{ operation: 'administer' }, null, { operation: 'read', targetType: 'space' }] } }));
    await expect(spaceOperations(c, '1')).resolves.toEqual([{ operation: 'read', targetType: 'space' }]);
    const odd = client(() => ({ status: 200, body: { results: [] } }));
    await expect(spaceOperations(odd.c, '1')).rejects.toBeInstanceOf(BadResponseError);
  });

  it('lets other failures through, and checks the id before any request', async () => {
    const { transport, c } = client(() => ({ status: 429, headers: { 'Retry-After': '5' }, body: {} }));
    await expect(administersSpace(c, '1')).rejects.toBeInstanceOf(RateLimitedError);
    await expect(administersSpace(c, '../1')).rejects.toBeInstanceOf(InvalidInputError);
    expect(transport.requests).toHaveLength(1);
  });
});
