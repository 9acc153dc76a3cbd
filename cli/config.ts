import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Where the CLI keeps its endpoint URL and agent token: `$LIBRARIAN_CONFIG`, else
 * `$XDG_CONFIG_HOME/librarian/config.json`, else `~/.config/librarian/config.json`. The file is written with
 * mode 0600 (readable by its owner only) and the token is never printed. `LIBRARIAN_URL` and `LIBRARIAN_TOKEN`
 * override the file, for CI and agents' sandboxes.
 */
export interface CliConfig {
  url?: string;
  token?: string;
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LIBRARIAN_CONFIG) return env.LIBRARIAN_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'librarian', 'config.json');
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const path = configPath(env);
  let stored: CliConfig = {};
  if (existsSync(path)) {
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as CliConfig;
      stored = { ...(typeof parsed.url === 'string' ? { url: parsed.url } : {}), ...(typeof parsed.token === 'string' ? { token: parsed.token } : {}) };
    } catch {
      stored = {};
    }
  }
  return { url: env.LIBRARIAN_URL || stored.url, token: env.LIBRARIAN_TOKEN || stored.token };
}

export function writeConfig(config: CliConfig, env: NodeJS.ProcessEnv = process.env): string {
  const path = configPath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // An existing file keeps its mode on write: set it again.
  chmodSync(path, 0o600);
  return path;
}
