import { useCallback, useEffect, useState } from 'react';
import type { LibrarySummary } from '../../../src/contract';
import { Banner, Button, Spinner } from '../../shared';
import { errorMessage, isSyncActive, needsReauthorization, useNow, usePolling } from '../../shared/settings';
import { admin, POLL_MS } from './api';
import { LibraryDetail } from './LibraryDetail';
import { LibraryList } from './LibraryList';
import { ReconnectBanner } from './ReconnectBanner';
import { IndexProblemBanner, hasIndexProblem } from './IndexProblemBanner';

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready' };

/** Whether the Library's status changes on its own; a Source stopped for reauthorization does not move. */
function isBusy(summary: LibrarySummary): boolean {
  if (summary.library.deletingSince) return true;
  if (summary.status.index?.rebuildingSince !== undefined) return true;
  return summary.status.health.state === 'ok' && summary.status.spaces.some((space) => isSyncActive(space.phase));
}

/**
 * The global settings page: every Library, the one being edited, and a banner for each Library whose
 * authorization lapsed. Re-reads a Library's status every few seconds while one of its spaces is syncing.
 */
export function AdminPage({ viewerId }: { viewerId: string | null }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [libraries, setLibraries] = useState<LibrarySummary[]>([]);
  const [canManage, setCanManage] = useState(false);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [pollError, setPollError] = useState<string | undefined>();
  const now = useNow();

  const reload = useCallback(async () => {
    try {
      const answer = await admin('listLibraries');
      if (!Array.isArray(answer?.libraries)) throw new Error('The settings service sent an answer this page does not understand. Reload the page.');
      setLibraries(answer.libraries);
      setCanManage(answer.canManage);
      setSelectedId((current) => (current && answer.libraries.some((s) => s.library.id === current) ? current : answer.libraries[0]?.library.id));
      setLoad({ status: 'ready' });
    } catch (err) {
      setLoad({ status: 'error', message: errorMessage(err) });
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const replace = useCallback((summary: LibrarySummary) => {
    setLibraries((list) => (list.some((s) => s.library.id === summary.library.id) ? list.map((s) => (s.library.id === summary.library.id ? summary : s)) : [...list, summary]));
  }, []);

  const busyIds = libraries.filter(isBusy).map((s) => s.library.id);
  usePolling(busyIds.length > 0, POLL_MS, async () => {
    try {
      // A Library being deleted drops out of the list; the others only need their status.
      if (libraries.some((s) => s.library.deletingSince)) await reload();
      for (const libraryId of busyIds) {
        const fresh = libraries.find((s) => s.library.id === libraryId);
        if (fresh?.library.deletingSince) continue;
        replace(await admin('getLibraryStatus', { libraryId }));
      }
      setPollError(undefined);
    } catch (err) {
      setPollError(errorMessage(err));
    }
  });

  if (load.status === 'loading') return <Spinner label="Loading Libraries…" />;
  if (load.status === 'error') {
    return (
      <Banner appearance="error" title="Libraries could not be loaded" actions={<Button onClick={() => void reload()}>Try again</Button>}>
        {load.message}
      </Banner>
    );
  }

  const selected = libraries.find((s) => s.library.id === selectedId);
  const lapsed = libraries.filter((s) => needsReauthorization(s.status.health) && !s.library.deletingSince);

  return (
    <div className="lib-stack">
      {lapsed.map((summary) => (
        <ReconnectBanner key={summary.library.id} summary={summary} canManage={canManage} now={now} onChange={replace} />
      ))}
      {libraries
        .filter((s) => hasIndexProblem(s) && !s.library.deletingSince)
        .map((summary) => (
          <IndexProblemBanner key={`index-${summary.library.id}`} summary={summary} canManage={canManage} now={now} onChange={replace} />
        ))}
      {!canManage ? (
        <Banner appearance="info" title="Read-only">
          Only site admins can change Libraries. You can see every Library, its settings and which spaces it covers.
        </Banner>
      ) : null}
      {pollError ? (
        <Banner appearance="warning" title="Sync status could not be refreshed">
          {pollError} Librarian keeps trying.
        </Banner>
      ) : null}
      <LibraryList
        libraries={libraries}
        selectedId={selectedId}
        canManage={canManage}
        onSelect={setSelectedId}
        onCreated={(summary) => {
          replace(summary);
          setSelectedId(summary.library.id);
        }}
      />
      {selected ? (
        <LibraryDetail
          key={selected.library.id}
          summary={selected}
          canManage={canManage}
          viewerId={viewerId}
          now={now}
          onChange={replace}
          onDeleted={() => void reload()}
        />
      ) : null}
    </div>
  );
}
