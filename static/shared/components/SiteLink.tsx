import { router } from '@forge/bridge';
import type { MouseEvent, ReactNode } from 'react';
import { siteLink } from '../siteLink';
import { useSiteUrl } from '../useSiteUrl';

export interface SiteLinkProps {
  /** A Confluence path (`/wiki/spaces/ENG/pages/1`) or an http(s) URL; anything unsafe renders as plain text. */
  url: string | undefined;
  /**
   * `new-tab` keeps this UI on screen (`router.open`); `same-tab` goes there as a Confluence link would
   * (`router.navigate`). Ctrl/Cmd/Shift-click and a middle click open a new tab either way.
   */
  opens: 'new-tab' | 'same-tab';
  className?: string;
  /** The accessible name when the visible text alone (a number) would not say where it goes. */
  label?: string;
  children: ReactNode;
}

/**
 * A real link (announced, focusable, copyable, with an href on the Confluence site) whose activation goes through
 * the host: links inside Forge's sandboxed iframe do not navigate the page themselves, so the click calls
 * @forge/bridge's `router.open` or `router.navigate`
 * (https://developer.atlassian.com/platform/forge/custom-ui-bridge/router/). A URL `safeHref` refuses
 * (javascript:, data:, another host behind `//`, garbage) renders its text in a span, never as a link.
 *
 * Example:
 *   <SiteLink url={page.url} opens="same-tab">{page.title}</SiteLink>
 *   <SiteLink url={link.url} opens="new-tab">Pull request</SiteLink>
 */
export function SiteLink({ url, opens, className, label, children }: SiteLinkProps) {
  const siteUrl = useSiteUrl();
  const target = siteLink(url, siteUrl);
  if (!target) return <span className={className}>{children}</span>;
  const go = (event: MouseEvent<HTMLAnchorElement>, newTab: boolean) => {
    event.preventDefault();
    try {
      // Refused when the person declines leaving for an external site: nothing more to do.
      (newTab ? router.open(target.to) : router.navigate(target.to)).catch(() => undefined);
    } catch {
      // No host bridge (the page opened outside Confluence): the href still shows where it points.
    }
  };
  return (
    <a
      className={className}
      href={target.href}
      target={opens === 'new-tab' ? '_blank' : '_top'}
      rel="noopener noreferrer"
      aria-label={label}
      onClick={(event) => go(event, opens === 'new-tab' || event.ctrlKey || event.metaKey || event.shiftKey)}
      onAuxClick={(event) => {
        if (event.button === 1) go(event, true);
      }}
    >
      {children}
    </a>
  );
}
