import { ToolFailure } from './result';

/**
 * A page id from what an agent passes: a bare id (`98765`), or a Confluence page URL of this site, such as
 * `https://x.atlassian.net/wiki/spaces/ENG/pages/98765/Title`, `.../wiki/pages/viewpage.action?pageId=98765`
 * or a tiny link's page id in `?pageId=`. A URL of another site is refused when this site's URL is known.
 */
export function parsePageRef(raw: unknown, siteUrl?: string): string {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) return String(raw);
  if (typeof raw !== 'string' || !raw.trim()) throw new ToolFailure('INVALID_INPUT', 'pageId is required: a page id or a page URL.');
  const text = raw.trim();
  if (/^\d{1,20}$/.test(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ToolFailure('INVALID_INPUT', 'pageId must be a page id (digits) or a Confluence page URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ToolFailure('INVALID_INPUT', 'pageId must be a page id or an http(s) page URL.');
  if (siteUrl) {
    let site: URL | undefined;
    try {
      site = new URL(siteUrl);
    } catch {
      site = undefined;
    }
    if (site && site.host.toLowerCase() !== url.host.toLowerCase()) {
      throw new ToolFailure('INVALID_INPUT', `That URL is on ${url.host}, not on this site (${site.host}).`);
    }
  }
  const fromPath = /\/pages\/(\d{1,20})(?:\/|$)/.exec(url.pathname)?.[1];
  const fromQuery = url.searchParams.get('pageId');
  const id = fromPath ?? (fromQuery && /^\d{1,20}$/.test(fromQuery) ? fromQuery : undefined);
  if (!id) throw new ToolFailure('INVALID_INPUT', 'That URL does not name a Confluence page (expected /wiki/spaces/KEY/pages/ID/...).');
  return id;
}
