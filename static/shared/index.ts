/** Shared Librarian UI code: components, the typed resolver wrapper, theming and the page frame. */
export * from './components';
export { invokeResolver, ResolverError } from './invokeResolver';
export { useResolver, type ResolverState } from './useResolver';
export { enableTheme } from './theme';
export { PageShell, type PageShellProps } from './PageShell';
export { mount } from './mount';
export { safeHref, siteLink, type SiteLinkTarget } from './siteLink';
export { useSiteUrl } from './useSiteUrl';
export type { StatusResponse } from './status';
