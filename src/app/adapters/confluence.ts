/**
 * ConfluenceTransport over `@forge/api`: `asApp()` or `asUser()` `requestConfluence`. Paths come from
 * src/core/confluence, which builds them from typed parts, so they are passed as trusted routes.
 * `userAccountId` makes `user` requests on behalf of that account (a consumer indexing as a chosen user)
 * instead of the invoking user.
 */
import api, { assumeTrustedRoute } from '@forge/api';
import type { ConfluenceTransport, Identity, TransportResponse } from '../../core/ports';

export class ForgeConfluenceTransport implements ConfluenceTransport {
  constructor(private readonly options: { userAccountId?: string } = {}) {}

  async request(identity: Identity, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<TransportResponse> {
    const requester = identity === 'app' ? api.asApp() : api.asUser(this.options.userAccountId);
    const response = await requester.requestConfluence(assumeTrustedRoute(path), {
      method: init.method ?? 'GET',
      headers: { Accept: 'application/json', ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    return {
      status: response.status,
      headers: { get: (name: string) => response.headers.get(name) },
      text: () => response.text(),
    };
  }
}
