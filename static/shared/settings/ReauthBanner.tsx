import type { ReactNode } from 'react';
import type { LibraryStatus } from '../../../src/contract';
import { Banner } from '../components';
import { absoluteTime } from './format';
import { TimeAgo } from './SyncStatus';

type NeedsReauthorization = Extract<LibraryStatus['health'], { state: 'needs_reauthorization' }>;

export interface ReauthBannerProps {
  libraryName: string;
  health: NeedsReauthorization;
  now: number;
  /** The Reconnect button, for those who may press it. */
  action?: ReactNode;
  /** What to do instead, for those who may not. */
  hint?: ReactNode;
}

/**
 * Says that a Library's syncing stopped because Confluence refused its authorization: since when, why, and what
 * brings it back. Shown on both settings pages.
 */
export function ReauthBanner({ libraryName, health, now, action, hint }: ReauthBannerProps) {
  return (
    <Banner appearance="error" title={`Syncing stopped for “${libraryName}”`} actions={action}>
      <div data-testid="reauth-banner">
        <p>
          Confluence stopped accepting this Library’s authorization <TimeAgo at={health.since} now={now} /> ({absoluteTime(health.since)}). No
          pages are synced until it is reconnected; answers still use what was indexed before.
        </p>
        <p>
          <strong>Reason:</strong> {health.reason}
        </p>
        {health.notifiedAt ? (
          <p className="lib-small">
            Admins were notified <TimeAgo at={health.notifiedAt} now={now} />.
          </p>
        ) : null}
        {hint ? <p className="lib-small">{hint}</p> : null}
      </div>
    </Banner>
  );
}

export function needsReauthorization(health: LibraryStatus['health']): health is NeedsReauthorization {
  return health.state === 'needs_reauthorization';
}
