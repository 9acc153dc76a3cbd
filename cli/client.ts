import type { CliConfig } from './config';

/** A tool result or refusal as the endpoint's JSON API answers it. */
export type ApiAnswer = { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string } };

/** The endpoint could not be asked at all (no URL, no token, network). */
export class ApiUnavailable extends Error {
  constructor(
    message: string,
    readonly code: 'UNAUTHENTICATED' | 'UNAVAILABLE' | 'INVALID_INPUT',
  ) {
    super(message);
    this.name = 'ApiUnavailable';
  }
}

/**
 * The CLI's client of the agent endpoint's JSON API (`<url>/api/v1/...`), with the agent token as a bearer
 * token. The token goes in the Authorization header only, never in a URL, a log line or an error message.
 */
export class LibrarianApi {
  constructor(private readonly config: CliConfig) {}

  private base(): string {
    if (!this.config.url) throw new ApiUnavailable('No Librarian endpoint: run `librarian login` (or set LIBRARIAN_URL).', 'UNAUTHENTICATED');
    if (!this.config.token) throw new ApiUnavailable('No agent token: run `librarian login` (or set LIBRARIAN_TOKEN).', 'UNAUTHENTICATED');
    return this.config.url.replace(/\/+$/, '');
  }

  get mcpUrl(): string {
    return `${this.base()}/mcp`;
  }

  get token(): string {
    this.base();
    return this.config.token as string;
  }

  async me(): Promise<ApiAnswer> {
    return this.request('GET', '/api/v1/me');
  }

  async tool(name: string, input: Record<string, unknown>): Promise<ApiAnswer> {
    return this.request('POST', `/api/v1/tools/${encodeURIComponent(name)}`, input);
  }

  private async request(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const url = `${this.base()}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.config.token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(60_000),
      });
    } catch {
      throw new ApiUnavailable(`Could not reach Librarian at ${new URL(url).host}.`, 'UNAVAILABLE');
    }
    const text = await response.text();
    try {
      const parsed = JSON.parse(text) as ApiAnswer;
      if (parsed && typeof parsed === 'object' && 'ok' in parsed) return parsed;
    } catch {
      // fall through
    }
    throw new ApiUnavailable(`Librarian answered HTTP ${response.status} without a result.`, 'UNAVAILABLE');
  }
}
