import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { mcpUrl } from '../src/core/agents/setup';

/**
 * `librarian setup claude|cursor|vscode`: writes that client's MCP configuration, merged into the file it
 * already has. By default the entry starts `librarian mcp` (the stdio bridge), so the agent token stays in the
 * CLI's 0600 config file and never lands in a project file that could be committed; `--http` writes the
 * endpoint URL with the token header instead. File formats (each client's public docs):
 * - Claude Code: `.mcp.json` in the project, `{"mcpServers": {name: {type, url, headers} | {command, args}}}`.
 * - Cursor: `.cursor/mcp.json` (project) or `~/.cursor/mcp.json` (`--global`), `{"mcpServers": {...}}`.
 * - VS Code: `.vscode/mcp.json`, `{"servers": {name: {type: "http", url, headers} | {type: "stdio", command, args}}}`.
 */
export type SetupClient = 'claude' | 'cursor' | 'vscode';

export interface SetupOptions {
  client: SetupClient;
  cwd: string;
  http: boolean;
  global?: boolean;
  endpoint: string;
  token: string;
  /** How an agent starts the CLI: `librarian` on the PATH by default. */
  command?: string[];
}

export function setupTarget(options: Pick<SetupOptions, 'client' | 'cwd' | 'global'>): string {
  switch (options.client) {
    case 'claude':
      return join(options.cwd, '.mcp.json');
    case 'cursor':
      return options.global ? join(homedir(), '.cursor', 'mcp.json') : join(options.cwd, '.cursor', 'mcp.json');
    case 'vscode':
      return join(options.cwd, '.vscode', 'mcp.json');
  }
}

function entry(options: SetupOptions): Record<string, unknown> {
  const [command, ...args] = options.command ?? ['librarian'];
  if (options.http) {
    const http = { url: mcpUrl(options.endpoint), headers: { Authorization: `Bearer ${options.token}` } };
    return options.client === 'cursor' ? http : { type: 'http', ...http };
  }
  const stdio = { command, args: [...args, 'mcp'] };
  return options.client === 'cursor' ? stdio : { type: 'stdio', ...stdio };
}

/** Writes the client's config and returns the file path; other servers in the file are kept as they were. */
export function writeClientSetup(options: SetupOptions): string {
  const path = setupTarget(options);
  let current: Record<string, unknown> = {};
  if (existsSync(path)) {
    try {
      current = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch {
      throw new Error(`${path} is not valid JSON; fix or remove it first (nothing was changed).`);
    }
  }
  const section = options.client === 'vscode' ? 'servers' : 'mcpServers';
  const servers = (current[section] && typeof current[section] === 'object' ? current[section] : {}) as Record<string, unknown>;
  const next = { ...current, [section]: { ...servers, librarian: entry(options) } };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(next, null, 2)}\n`, options.http ? { mode: 0o600 } : {});
  return path;
}
