import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { jsonForScript } from './http-util';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Resolves a URL path inside `dir`, or undefined when it would escape it (`..`, absolute paths, NUL). */
export function resolveInside(dir: string, relPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const full = normalize(join(dir, decoded));
  return full === dir || full.startsWith(dir.endsWith(sep) ? dir : dir + sep) ? full : undefined;
}

/** Sends one built file of a resource; false when it does not exist. */
export async function sendResourceFile(res: ServerResponse, dir: string, relPath: string): Promise<boolean> {
  const full = resolveInside(dir, relPath);
  if (!full) return false;
  try {
    if (!(await stat(full)).isFile()) return false;
    const body = await readFile(full);
    res.writeHead(200, { 'content-type': TYPES[extname(full).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(body);
    return true;
  } catch {
    return false;
  }
}

/**
 * Puts the bridge into an app's index.html as the first thing in <head>: the frame's boot data, then the bridge
 * script. Both are classic scripts, so they run before vite's module bundle, which @forge/bridge needs.
 */
export function injectBridge(indexHtml: string, boot: { token: string; context: unknown }): string {
  const tags =
    `<script id="__librarian_frame" type="application/json">${jsonForScript(boot)}</script>` +
    `<script src="/__bridge/frame.js"></script>`;
  const head = /<head[^>]*>/i.exec(indexHtml);
  if (!head) return tags + indexHtml;
  const at = head.index + head[0].length;
  return indexHtml.slice(0, at) + tags + indexHtml.slice(at);
}
