import type { LibrarySummary } from '../../../src/contract';
import { Banner } from '../../shared';
import { HealthLozenge } from '../../shared/settings';
import type { OnLibraryChange } from './api';
import { AccessSection } from './AccessSection';
import { BehaviourSection } from './BehaviourSection';
import { CiSection } from './CiSection';
import { LibraryHeader } from './LibraryHeader';
import { NotificationsSection } from './NotificationsSection';
import { SourceSection } from './SourceSection';
import { SpacesSection } from './SpacesSection';

export interface LibraryDetailProps {
  summary: LibrarySummary;
  canManage: boolean;
  viewerId: string | null;
  now: number;
  onChange: OnLibraryChange;
  onDeleted: () => void;
}

/** One Library's settings, in the order an admin sets it up: Source, spaces, who may ask, behaviour, notices, code changes. */
export function LibraryDetail({ summary, canManage, viewerId, now, onChange, onDeleted }: LibraryDetailProps) {
  const deleting = Boolean(summary.library.deletingSince);
  const editable = canManage && !deleting;
  return (
    <article className="lib-card" aria-labelledby="library-detail-title" data-testid="library-detail">
      <LibraryHeader summary={summary} editable={editable} onChange={onChange} onDeleted={onDeleted} badge={<HealthLozenge health={summary.status.health} deleting={deleting} />} />
      {deleting ? (
        <Banner appearance="warning" title="This Library is being deleted">
          It no longer answers questions; its index is being removed in the background.
        </Banner>
      ) : null}
      <SourceSection summary={summary} editable={editable} viewerId={viewerId} now={now} onChange={onChange} />
      <SpacesSection summary={summary} editable={editable} now={now} onChange={onChange} />
      <AccessSection summary={summary} editable={editable} onChange={onChange} />
      <BehaviourSection summary={summary} editable={editable} onChange={onChange} />
      {/* The channel (SMTP host, recipients) is shown to site admins only; others get no notification settings. */}
      {summary.library.notification ? <NotificationsSection summary={summary} notification={summary.library.notification} editable={editable} onChange={onChange} /> : null}
      {/* The CI secret and the ship URL: site admins only (the resolver checks it again on every call). */}
      {canManage ? <CiSection summary={summary} editable={editable} now={now} /> : null}
    </article>
  );
}
