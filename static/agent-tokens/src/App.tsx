import { useCallback, useEffect, useState } from 'react';
import type { AgentAccessView, AgentTokensApi } from '../../../src/contract';
import type { AgentTokenView, SetupSnippet } from '../../../src/core/agents';
import { Banner, Button, EmptyState, Lozenge, PageShell, Spinner, TextField } from '../../shared';
import { outcomeCaller } from '../../shared/outcome';
import { Section, Toggle } from '../../shared/controls';

/** Refusals and failed calls alike come back as `{ ok: false, message }`, shown in the page's banner. */
const callResolver = outcomeCaller<AgentTokensApi>();

function when(ms: number | undefined): string {
  return ms ? new Date(ms).toLocaleString() : 'never';
}

/**
 * The agent tokens page (confluence:globalPage): tokens the signed-in member holds, minting one (shown once, with
 * set-up for Claude Code, Cursor and VS Code), revoking, and the site admins' switch for external agents.
 * Everything is rendered as text, never as HTML.
 */
export function App() {
  return (
    <PageShell title="Librarian agent tokens" description="Let coding agents outside Confluence (Claude Code, Cursor, VS Code, the librarian CLI) search and read your Library, as you.">
      {() => <TokensPage />}
    </PageShell>
  );
}

function TokensPage() {
  const [view, setView] = useState<AgentAccessView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [minted, setMinted] = useState<{ token: string; setup: SetupSnippet[] } | undefined>();
  const [busy, setBusy] = useState(false);
  const [libraryId, setLibraryId] = useState('');
  const [name, setName] = useState('');
  const [days, setDays] = useState('30');

  const call = useCallback(async <T,>(fn: keyof AgentTokensApi & string, payload?: Record<string, unknown>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    const outcome = await callResolver<T>(fn, payload);
    setBusy(false);
    if (outcome.ok) return outcome.value;
    setError(outcome.message);
    return undefined;
  }, []);

  const reload = useCallback(async () => {
    const next = await call<AgentAccessView>('getAgentAccess');
    if (next) {
      setView(next);
      setLibraryId((current) => current || next.libraries[0]?.id || '');
    }
  }, [call]);

  useEffect(() => {
    void reload();
  }, [reload]);

  if (!view) return error ? <Banner appearance="error" title="Could not load your tokens">{error}</Banner> : <Spinner label="Loading your tokens…" />;

  const mint = async () => {
    const result = await call<{ token: string; setup: SetupSnippet[] }>('createToken', { libraryId, name, days: Number(days) });
    if (result) {
      setMinted(result);
      await reload();
    }
  };
  const revoke = async (token: AgentTokenView) => {
    if (await call('revokeToken', { tokenId: token.id })) await reload();
  };
  const libraryName = (id: string) => view.libraries.find((l) => l.id === id)?.name ?? id;

  return (
    <>
      {error ? <Banner appearance="error" title="That did not work">{error}</Banner> : null}
      {!view.externalAccess ? <Banner appearance="warning" title="External agents are turned off">A site admin has turned off access for agents outside Confluence; tokens are refused until it is back on.</Banner> : null}
      {minted ? (
        <Section title="Your new token">
          <Banner appearance="success" title="Copy it now: it is shown only once">Librarian keeps only a hash of it.</Banner>
          <pre data-testid="minted-token" className="lib-code">{minted.token}</pre>
          {minted.setup.map((step) => (
            <div key={step.client}>
              <h3>{step.title}</h3>
              <p>{step.where === 'shell' ? 'Run in a terminal:' : `Add to ${step.where}:`}</p>
              <pre className="lib-code">{step.text}</pre>
            </div>
          ))}
          <Button onClick={() => setMinted(undefined)}>Done</Button>
        </Section>
      ) : null}
      <Section title="Mint a token">
        {view.libraries.length === 0 ? (
          <EmptyState header="No Library to query yet" description="An admin creates Libraries in Librarian's settings." />
        ) : (
          <div>
            <label>
              Library{' '}
              <select value={libraryId} onChange={(e) => setLibraryId(e.target.value)}>
                {view.libraries.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
            <TextField label="Name" description="Where you will use it, e.g. laptop" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
            <TextField label="Expires after (days)" type="number" min={1} max={365} value={days} onChange={(e) => setDays(e.target.value)} />
            <Button appearance="primary" isLoading={busy} onClick={() => void mint()}>
              Mint token
            </Button>
          </div>
        )}
      </Section>
      <Section title="Your tokens">
        {view.tokens.length === 0 ? (
          <p>You hold no agent tokens.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Library</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Expires</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {view.tokens.map((token) => (
                <tr key={token.id} data-testid="token-row">
                  <td>{token.name}</td>
                  <td>{libraryName(token.libraryId)}</td>
                  <td>{when(token.createdAt)}</td>
                  <td>{when(token.lastUsedAt)}</td>
                  <td>{when(token.expiresAt)}</td>
                  <td>
                    <Lozenge appearance={token.state === 'active' ? 'success' : 'default'}>{token.state}</Lozenge>
                  </td>
                  <td>{token.state === 'active' ? <Button appearance="danger" onClick={() => void revoke(token)}>Revoke</Button> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {view.canManage ? (
        <Section title="Site settings">
          <Toggle
            label="Allow external agents"
            checked={view.externalAccess}
            busy={busy}
            description="Off: the MCP endpoint and the CLI refuse every request on this site. Serving data outside Atlassian is egress: the app is not eligible for Runs on Atlassian while this endpoint exists."
            onChange={(enabled) => void call<AgentAccessView>('setExternalAccess', { enabled }).then((next) => next && setView(next))}
          />
        </Section>
      ) : null}
    </>
  );
}
