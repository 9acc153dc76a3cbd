import { view } from '@forge/bridge';
import { useEffect, useState } from 'react';

let siteUrl: Promise<string | undefined> | undefined;

/** The context's `siteUrl`, asked of the host once per frame; undefined when the host does not say. */
function readSiteUrl(): Promise<string | undefined> {
  siteUrl ??= view.getContext().then(
    (context) => (typeof context.siteUrl === 'string' ? context.siteUrl : undefined),
    () => undefined,
  );
  return siteUrl;
}

/**
 * The Confluence site's URL from `view.getContext()` (undefined until the host answers), so a link can show an
 * address on the site rather than on the frame's own origin.
 *
 * Example: `const siteUrl = useSiteUrl(); const link = siteLink(page.url, siteUrl);`
 */
export function useSiteUrl(): string | undefined {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void readSiteUrl().then((value) => {
      if (live) setUrl(value);
    });
    return () => {
      live = false;
    };
  }, []);
  return url;
}
