/**
 * A page as a person sees it in Confluence's web UI, reduced to text: the title and the body cut at its headings,
 * each heading with the anchor Confluence gives it, so a link to `/wiki/spaces/KEY/pages/ID/Title#Section` can
 * land on that section in the sandbox. Only current pages the viewer may read (permissions.ts) have a view.
 */
import { latest, type Site } from './model';
import { canReadPage } from './permissions';
import { decodeEntities, storageBlocks } from './storage-text';

export interface PageViewSection {
  /** Absent for the text before the first heading. */
  heading?: { level: number; text: string; anchor: string };
  paragraphs: string[];
}

export interface PageView {
  id: string;
  title: string;
  spaceKey: string;
  spaceName: string;
  version: number;
  sections: PageViewSection[];
}


/**
 * The anchor the current editor gives a heading: its text with each run of whitespace turned into `-`, case kept
 * (the form the app links to; see headingAnchor in src/core/content/chunks.ts). An element id holds it unencoded.
 */
const anchorOf = (text: string): string => text.trim().replace(/\s+/g, '-');

/** Elements that configure a macro or duplicate its rendering: never shown as text. */
const NOT_SHOWN = /<(ac:parameter|ac:adf-fallback|ac:adf-attribute|ac:placeholder|ac:task-id|ac:task-uuid|ac:task-status)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1\s*>)/gi;
const LINK = /<ac:link\b[^>]*>([\s\S]*?)<\/ac:link\s*>/gi;
const attribute = (markup: string, name: string): string | undefined => new RegExp(`${name}="([^"]*)"`, 'i').exec(markup)?.[1];

/**
 * What a reader sees in place of a link: its own text, or else the linked page's title, the file's name or the
 * mentioned person's name, as Confluence renders them.
 */
function showLinks(storage: string, userName: (accountId: string) => string | undefined): string {
  return storage.replace(LINK, (_, inner: string) => {
    if (/<ac:(plain-text-)?link-body\b/i.test(inner)) return inner;
    const accountId = /<ri:user\b/i.test(inner) ? attribute(inner, 'ri:account-id') : undefined;
    if (accountId) return `@${userName(accountId) ?? accountId}`;
    return attribute(inner, 'ri:content-title') ?? attribute(inner, 'ri:filename') ?? attribute(inner, 'ri:value') ?? '';
  });
}

/** The body's text, cut into sections at its headings, in document order. */
export function storageSections(storage: string, userName: (accountId: string) => string | undefined = () => undefined): PageViewSection[] {
  storage = showLinks(storage.replace(NOT_SHOWN, ''), userName);
  const headings = /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi;
  const sections: PageViewSection[] = [];
  let from = 0;
  let heading: PageViewSection['heading'];
  const close = (until: number): void => {
    const paragraphs = storageBlocks(storage.slice(from, until));
    if (heading || paragraphs.length) sections.push({ ...(heading ? { heading } : {}), paragraphs });
  };
  for (let m = headings.exec(storage); m; m = headings.exec(storage)) {
    close(m.index);
    const text = decodeEntities(m[2].replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
    heading = text ? { level: Number(m[1]), text, anchor: anchorOf(text) } : undefined;
    from = m.index + m[0].length;
  }
  close(storage.length);
  return sections;
}

/** The view of a page for `accountId`, or undefined when the page is missing, not current, or not theirs to read. */
export function pageViewFor(site: Site, accountId: string, pageId: string): PageView | undefined {
  const page = site.page(pageId);
  if (!page || page.status !== 'current' || !canReadPage(site, { kind: 'user', accountId }, page)) return undefined;
  const space = site.space(page.spaceId);
  const version = latest(page);
  return { id: page.id, title: version.title, spaceKey: space?.key ?? '', spaceName: space?.name ?? '', version: version.number, sections: storageSections(version.body, (id) => site.user(id)?.displayName) };
}
