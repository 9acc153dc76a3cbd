import type { LibrarySummary } from '../../../src/contract';
import { Section } from '../../shared/controls';
import { LastError, LastScan, PagesIndexed, PhaseLozenge, SyncProgress, TimeAgo, plural } from '../../shared/settings';
import type { OnLibraryChange } from './api';
import { SpacePicker } from './SpacePicker';

export interface SpacesSectionProps {
  summary: LibrarySummary;
  editable: boolean;
  now: number;
  onChange: OnLibraryChange;
}

/** The selected spaces with their sync status, and (for admins) the picker of the site's spaces. */
export function SpacesSection({ summary, editable, now, onChange }: SpacesSectionProps) {
  const { library, status } = summary;
  const scan = status.scan;
  return (
    <Section title="Spaces" description="Librarian indexes the current pages of the spaces selected here and follows every change.">
      {status.spaces.length === 0 ? (
        <p className="lib-muted" style={{ margin: 0 }}>
          No spaces are selected yet.
        </p>
      ) : (
        <div className="lib-table-wrap">
          <table className="lib-table" data-testid="space-status-table">
            <caption className="lib-visually-hidden">Sync status of the selected spaces</caption>
            <thead>
              <tr>
                <th scope="col">Space</th>
                <th scope="col">Status</th>
                <th scope="col" className="lib-cell-num">
                  Pages indexed
                </th>
                <th scope="col">Last scan</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {status.spaces.map((space) => (
                <tr key={space.spaceId} data-space-key={space.spaceKey}>
                  <th scope="row">
                    {space.name}
                    <span className="lib-cell__sub lib-mono">{space.spaceKey}</span>
                  </th>
                  <td className="lib-cell-progress">
                    <PhaseLozenge phase={space.phase} />
                    <SyncProgress status={space} />
                  </td>
                  <td className="lib-cell-num">
                    <PagesIndexed status={space} />
                  </td>
                  <td className="lib-nowrap">
                    <LastScan status={space} now={now} />
                  </td>
                  <td>
                    <LastError status={space} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {scan?.lastScanAt ? (
        <p className="lib-field-help" style={{ marginTop: 'var(--lib-space-100)' }}>
          Last change scan <TimeAgo at={scan.lastScanAt} now={now} />: {plural(scan.lastScanChanged ?? 0, 'page', 'pages')} updated,{' '}
          {plural(scan.lastScanRemoved ?? 0, 'page', 'pages')} removed.
          {scan.lastError ? <span className="lib-error-text"> Last scan error: {scan.lastError.message}</span> : null}
        </p>
      ) : null}
      {editable && library.source ? <SpacePicker key={`${library.id}:${library.source.connectedAt}`} summary={summary} onChange={onChange} /> : null}
      {editable && !library.source ? (
        <p className="lib-field-help" style={{ marginTop: 'var(--lib-space-100)' }}>
          Connect Confluence above to choose spaces.
        </p>
      ) : null}
    </Section>
  );
}
