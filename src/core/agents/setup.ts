/**
 * Copy-paste set-up of the Librarian MCP endpoint for coding agents, shown on the tokens page right after a token
 * is minted and written by `librarian setup`. Formats, from each client's public documentation:
 * - Claude Code: `claude mcp add --transport http <name> <url> --header "..."` (docs.anthropic.com, Claude Code MCP).
 * - Cursor: `~/.cursor/mcp.json` (or `.cursor/mcp.json`), `{"mcpServers": {name: {url, headers}}}` (cursor.com docs, MCP).
 * - VS Code: `.vscode/mcp.json`, `{"servers": {name: {type: "http", url, headers}}}` (code.visualstudio.com, MCP servers).
 *
 * ```ts
 * const steps = setupSnippets('https://x.webtrigger.atlassian.app/public/x', 'lbr_...');
 * ```
 */
export interface SetupSnippet {
  client: 'claude' | 'cursor' | 'vscode' | 'cli';
  title: string;
  /** Where it goes: a shell, or a file path. */
  where: string;
  text: string;
}

export function mcpUrl(endpoint: string): string {
  return `${endpoint.replace(/\/$/, '')}/mcp`;
}

export function claudeCommand(endpoint: string, token: string): string {
  return `claude mcp add --transport http librarian ${mcpUrl(endpoint)} --header "Authorization: Bearer ${token}"`;
}

export function cursorConfig(endpoint: string, token: string): { mcpServers: Record<string, { url: string; headers: Record<string, string> }> } {
  return { mcpServers: { librarian: { url: mcpUrl(endpoint), headers: { Authorization: `Bearer ${token}` } } } };
}

export function vscodeConfig(endpoint: string, token: string): { servers: Record<string, { type: 'http'; url: string; headers: Record<string, string> }> } {
  return { servers: { librarian: { type: 'http', url: mcpUrl(endpoint), headers: { Authorization: `Bearer ${token}` } } } };
}

export function setupSnippets(endpoint: string, token: string): SetupSnippet[] {
  return [
    { client: 'claude', title: 'Claude Code', where: 'shell', text: claudeCommand(endpoint, token) },
    { client: 'cursor', title: 'Cursor', where: '~/.cursor/mcp.json', text: JSON.stringify(cursorConfig(endpoint, token), null, 2) },
    { client: 'vscode', title: 'VS Code', where: '.vscode/mcp.json', text: JSON.stringify(vscodeConfig(endpoint, token), null, 2) },
    { client: 'cli', title: 'librarian CLI', where: 'shell', text: `LIBRARIAN_URL=${endpoint} LIBRARIAN_TOKEN=${token} librarian login` },
  ];
}
