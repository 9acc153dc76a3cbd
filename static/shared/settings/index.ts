/**
 * Pieces both settings pages share: the typed resolver client, sync status cells, the reauthorization banner,
 * time and number formats, and polling/action hooks.
 */
export { resolverClient, errorMessage, RefusedError, type ApiCall, type Success } from './api';
export { relativeTime, absoluteTime, formatCount, plural } from './format';
export { useNow, usePolling, useAction } from './hooks';
export { PhaseLozenge, HealthLozenge, TimeAgo, SyncProgress, PagesIndexed, LastScan, LastError, isSyncActive } from './SyncStatus';
export { ReauthBanner, needsReauthorization, type ReauthBannerProps } from './ReauthBanner';
