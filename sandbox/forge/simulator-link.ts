/**
 * The only place that knows the Confluence simulator's own API: how to get tokens from it
 * (`POST /__sim/tokens` with `{"kind":"app"}` or `{"kind":"user","accountId"}` => `{token, accountId, expiresAt}`)
 * and how to hear its product events (`simulator.subscribe(listener)`).
 */
import type { IssuedToken, TokenRequest } from './product';
import type { ProductEvent } from './triggers';

/** What the host needs from a running simulator (see sandbox/confluence/index.ts). */
export interface SimulatorHandle {
  url: string;
  subscribe?(listener: (event: ProductEvent) => void): (() => void) | void;
  /** In-process control (sandbox/confluence `Control`); when present, tokens are issued without HTTP. */
  control?: { issueToken(request: { kind: 'app' | 'user'; accountId?: string }): { token: string; expiresAt: number | null } };
}

/** An `issueToken` for the host's simulator mode that asks the simulator's token endpoint. */
export function simulatorTokenIssuer(simulatorUrl: string): (req: TokenRequest) => Promise<IssuedToken> {
  const endpoint = `${simulatorUrl.replace(/\/$/, '')}/__sim/tokens`;
  return async (req) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(req),
    });
    if (!response.ok) throw new Error(`simulator refused a ${req.kind} token: HTTP ${response.status}`);
    const body = (await response.json()) as { token: string; expiresAt: number | string | null };
    return { token: body.token, expiresAt: body.expiresAt };
  };
}

/** The host's `confluence` option for a running simulator. */
export function simulatorConfluence(simulator: SimulatorHandle): { mode: 'simulator'; url: string; issueToken: (req: TokenRequest) => Promise<IssuedToken> } {
  const control = simulator.control;
  const issueToken = control
    ? async (req: TokenRequest): Promise<IssuedToken> => {
        const issued = control.issueToken(req);
        return { token: issued.token, expiresAt: issued.expiresAt };
      }
    : simulatorTokenIssuer(simulator.url);
  return { mode: 'simulator', url: simulator.url, issueToken };
}

/** Forwards the simulator's product events to `deliver`; returns the unsubscribe function. */
export function linkProductEvents(simulator: SimulatorHandle, deliver: (event: ProductEvent) => void): () => void {
  if (!simulator.subscribe) return () => undefined;
  const off = simulator.subscribe((event) => deliver(event));
  return typeof off === 'function' ? off : () => undefined;
}
