import { router } from '@forge/bridge';
import type { MouseEvent, ReactNode } from 'react';
import { safeHref } from './text';

export interface CitationLinkProps {
  url: string;
  className?: string;
  /** The accessible name when the visible text alone (a number) would not say where it goes. */
  label?: string;
  children: ReactNode;
}

/**
 * A real link to a cited page section: it has an href (so it is announced, focusable and copyable), but the click
 * goes through the bridge's `router.open`, because links inside Forge's sandboxed iframe do not navigate. It opens
 * in a new tab so the answer stays on screen. An unsafe URL renders as plain text.
 */
export function CitationLink({ url, className, label, children }: CitationLinkProps) {
  const href = safeHref(url);
  if (!href) return <span className={className}>{children}</span>;
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    router.open(href).catch(() => undefined);
  };
  return (
    <a
      className={className}
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={label}
      onClick={open}
      onAuxClick={(event) => {
        if (event.button === 1) open(event);
      }}
    >
      {children}
    </a>
  );
}
