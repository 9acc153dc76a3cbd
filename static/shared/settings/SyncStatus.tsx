import type { LibraryStatus, SpaceStatus } from '../../../src/contract';
import { Lozenge, ProgressBar, type LozengeAppearance } from '../components';
import { absoluteTime, formatCount, relativeTime, syncCount } from './format';

type Phase = SpaceStatus['phase'];
type Health = LibraryStatus['health'];

const PHASES: Record<Phase, { label: string; appearance: LozengeAppearance }> = {
  crawling: { label: 'Syncing', appearance: 'inprogress' },
  ready: { label: 'Indexed', appearance: 'success' },
  removing: { label: 'Removing', appearance: 'moved' },
  paused: { label: 'Paused', appearance: 'moved' },
  waiting: { label: 'Waiting', appearance: 'default' },
};

/** Phases that change on their own: the pages poll while any space is in one. */
export function isSyncActive(phase: Phase): boolean {
  return phase === 'crawling' || phase === 'removing' || phase === 'waiting';
}

export function PhaseLozenge({ phase }: { phase: Phase }) {
  const { label, appearance } = PHASES[phase] ?? { label: phase, appearance: 'default' };
  return <Lozenge appearance={appearance}>{label}</Lozenge>;
}

/** The Source's health in one word: connected and syncing, stopped for reauthorization, or not connected. */
export function HealthLozenge({ health, deleting = false }: { health: Health; deleting?: boolean }) {
  if (deleting) return <Lozenge appearance="removed">Deleting</Lozenge>;
  if (health.state === 'ok') return <Lozenge appearance="success">Healthy</Lozenge>;
  if (health.state === 'needs_reauthorization') return <Lozenge appearance="removed">Needs reauthorization</Lozenge>;
  return <Lozenge>Not connected</Lozenge>;
}

/** A time as "5 minutes ago", with the exact time on hover and for assistive technology. */
export function TimeAgo({ at, now }: { at: number; now: number }) {
  const exact = absoluteTime(at);
  return (
    <time dateTime={new Date(at).toISOString()} title={exact}>
      {relativeTime(at, now)}
    </time>
  );
}

/**
 * The crawl's progress while a space syncs: the bar, and the pages indexed so far in words ("1,250 of about 4,000
 * pages indexed so far" when the crawl knows the total, "1,250 pages indexed so far" when it does not).
 */
export function SyncProgress({ status }: { status: SpaceStatus }) {
  if (status.phase !== 'crawling' && status.phase !== 'removing') return null;
  const verb = status.phase === 'crawling' ? 'Syncing' : 'Removing';
  return (
    <div className="lib-progress-row">
      <ProgressBar value={status.phase === 'crawling' ? status.progress : undefined} label={`${verb} ${status.name}`} />
      {status.phase === 'crawling' ? (
        <span className="lib-progress-row__value" data-testid="sync-count">
          {syncCount(status)}
        </span>
      ) : null}
    </div>
  );
}

export function PagesIndexed({ status }: { status: SpaceStatus }) {
  return (
    <>
      <span data-testid="pages-indexed">{formatCount(status.pagesIndexed)}</span>
      {status.pagesFailed > 0 ? <span className="lib-cell__sub lib-text-danger">{formatCount(status.pagesFailed)} failed</span> : null}
    </>
  );
}

export function LastScan({ status, now }: { status: SpaceStatus; now: number }) {
  return status.lastScanAt ? <TimeAgo at={status.lastScanAt} now={now} /> : <span className="lib-muted">Not yet</span>;
}

/** The last sync error, as text (it may quote a page title from Confluence). */
export function LastError({ status, now }: { status: SpaceStatus; now: number }) {
  if (!status.lastError) return <span className="lib-muted">None</span>;
  return (
    <span className="lib-error-text">
      {status.lastError.message}
      <span className="lib-cell__sub">
        <TimeAgo at={status.lastError.at} now={now} />
        {status.lastError.pageId ? ` · page ${status.lastError.pageId}` : ''}
      </span>
    </span>
  );
}
