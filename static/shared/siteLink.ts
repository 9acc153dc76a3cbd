/**
 * Which URLs a Librarian UI may link to, and what a link carries. Pure: no DOM, no bridge, so it is unit-tested.
 *
 * A Custom UI runs in a sandboxed iframe served from Forge's CDN, whose sandbox attributes the app cannot change
 * (https://developer.atlassian.com/platform/forge/custom-ui/iframe). A link there does not navigate the page by
 * itself, and a site-relative href (`/wiki/...`) would resolve against the CDN's origin, not the Confluence site.
 * So a link keeps two forms: `to`, what the bridge's router is given (a site-relative path stays relative, which
 * Confluence opens without asking; an external URL is asked about first:
 * https://developer.atlassian.com/platform/forge/custom-ui-bridge/router/), and `href`, the address on the
 * anchor for reading, copying and "open in new tab", made absolute on the site's URL when the UI knows it.
 *
 * Example:
 *   siteLink('/wiki/spaces/ENG/pages/1', 'https://acme.atlassian.net')
 *   // { to: '/wiki/spaces/ENG/pages/1', href: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/1' }
 *   siteLink('javascript:alert(1)')  // undefined: shown as plain text
 */

export interface SiteLinkTarget {
  /** What `router.open` / `router.navigate` receives. */
  to: string;
  /** The anchor's href. */
  href: string;
}

/** Longer than any URL Confluence or a code host hands out; past it the value is treated as garbage. */
const MAX_URL_CHARS = 4096;
/** A stand-in origin to resolve site-relative paths against: what a path resolves to must stay on it. */
const PROBE_ORIGIN = 'https://site.invalid';

/**
 * The URL a link may carry, normalized, or undefined. Accepted: http(s) URLs with a host and no user name or
 * password (`https://acme.atlassian.net@evil.example` reads as the site but is not), and site-relative paths
 * (`/wiki/...`). Refused: every other scheme (javascript:, data:, vbscript:...), protocol-relative URLs and the
 * spellings a browser reads as one (`//evil.example`, `/\evil.example`, a tab inside `//`), relative paths
 * without a leading slash, and control characters anywhere.
 */
export function safeHref(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const trimmed = url.trim();
  // The URL parser silently drops tabs and newlines ("java\tscript:"), so refuse them rather than guess.
  if (!trimmed || trimmed.length > MAX_URL_CHARS || hasControlCharacter(trimmed)) return undefined;
  if (trimmed.startsWith('/')) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed, PROBE_ORIGIN);
    } catch {
      return undefined;
    }
    // `//host` and `/\host` name a host (even the probe's own), so they are refused by spelling, not by result.
    if (parsed.origin !== PROBE_ORIGIN || trimmed.startsWith('//') || trimmed.startsWith('/\\')) return undefined;
    return parsed.pathname + parsed.search + parsed.hash;
  }
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (!parsed.hostname || parsed.username || parsed.password) return undefined;
  return parsed.href;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * The site's origin from `view.getContext().siteUrl` (`https://acme.atlassian.net`), or undefined when it is not
 * an http(s) URL. Confluence's own paths start with `/wiki`, so they go on the origin.
 */
export function siteBase(siteUrl: unknown): string | undefined {
  const base = safeHref(siteUrl);
  return base && !base.startsWith('/') ? new URL(base).origin : undefined;
}

/**
 * What a link to `url` carries, or undefined when `url` is not safe (see `safeHref`): the router gets the URL as
 * it is (a site-relative path stays relative); the anchor's href is absolute on `siteUrl` for a site-relative
 * path when `siteUrl` is a usable http(s) URL, and the path itself otherwise.
 */
export function siteLink(url: unknown, siteUrl?: unknown): SiteLinkTarget | undefined {
  const to = safeHref(url);
  if (!to) return undefined;
  if (!to.startsWith('/')) return { to, href: to };
  const base = siteBase(siteUrl);
  return { to, href: base ? base + to : to };
}
