import { useCallback, useEffect, useState } from 'react';
import { Banner, Button, EmptyState, Spinner } from '../../shared';
import { Section } from '../../shared/controls';
import { errorMessage, isSyncActive, needsReauthorization, ReauthBanner, useNow, usePolling } from '../../shared/settings';
import { POLL_MS, spaceApi, type SpaceView } from './api';
import { LibraryRow } from './LibraryRow';

/** Guards the page against an answer of another shape (e.g. an older backend during a deploy). */
function checked(view: SpaceView): SpaceView {
  if (!view?.space || !Array.isArray(view.libraries)) throw new Error('The settings service sent an answer this page does not understand. Reload the page.');
  return view;
}

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; view: SpaceView };

/**
 * The space in context: whether it can be indexed, and for each Library whether it is included and how far its
 * sync has come. Re-reads every few seconds while a sync or removal runs.
 */
export function SpacePage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [pollError, setPollError] = useState<string | undefined>();
  const now = useNow();

  const reload = useCallback(async () => {
    try {
      setLoad({ status: 'ready', view: checked(await spaceApi('getSpaceStatus')) });
    } catch (err) {
      setLoad({ status: 'error', message: errorMessage(err) });
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const view = load.status === 'ready' ? load.view : undefined;
  // A Library stopped for reauthorization does not move until it is reconnected.
  const active = Boolean(view?.libraries.some((l) => l.health.state === 'ok' && l.status && isSyncActive(l.status.phase)));
  usePolling(active, POLL_MS, async () => {
    try {
      setLoad({ status: 'ready', view: checked(await spaceApi('getSpaceStatus')) });
      setPollError(undefined);
    } catch (err) {
      setPollError(errorMessage(err));
    }
  });

  if (load.status === 'loading') return <Spinner label="Loading this space’s Libraries…" />;
  if (load.status === 'error') {
    return (
      <Banner appearance="error" title="This space’s status could not be loaded" actions={<Button onClick={() => void reload()}>Try again</Button>}>
        {load.message}
      </Banner>
    );
  }

  const { space, canManage, libraries } = load.view;
  const included = libraries.filter((l) => l.included);
  return (
    <div className="lib-stack">
      {included.map((library) =>
        needsReauthorization(library.health) ? (
          <ReauthBanner
            key={library.libraryId}
            libraryName={library.name}
            health={library.health}
            now={now}
            hint="A site admin reconnects it in Confluence settings › Apps › Librarian; syncing then resumes where it stopped."
          />
        ) : null,
      )}
      {space.notIndexable ? (
        <Banner appearance="warning" title="This space cannot be indexed">
          {space.notIndexable}
        </Banner>
      ) : null}
      {!canManage ? (
        <Banner appearance="info" title="You can see this space’s status, but not change it">
          Only admins of this space, and site admins, can include it in a Library or take it out. Ask one of this
          space’s admins to make the change.
        </Banner>
      ) : null}
      {pollError ? (
        <Banner appearance="warning" title="Sync status could not be refreshed">
          {pollError} Librarian keeps trying.
        </Banner>
      ) : null}
      <div className="lib-card">
        <Section
          headingLevel={2}
          title={`${space.name} (${space.key})`}
          description={
            space.notIndexable
              ? 'Librarian does not index this space, so it cannot be part of a Library.'
              : 'Include this space in a Library to let Librarian answer from its current pages. Excluding it removes its pages from that Library’s index.'
          }
        >
          {libraries.length === 0 ? (
            <EmptyState
              headingLevel={3}
              header="No Libraries yet"
              description="A site admin creates Libraries in Confluence settings › Apps › Librarian."
            />
          ) : (
            <div className="lib-table-wrap">
              <table className="lib-table" data-testid="space-libraries">
                <caption className="lib-visually-hidden">Libraries and this space</caption>
                <thead>
                  <tr>
                    <th scope="col">Library</th>
                    <th scope="col">Included</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="lib-cell-num">
                      Pages indexed
                    </th>
                    <th scope="col">Last scan</th>
                    <th scope="col">Last error</th>
                  </tr>
                </thead>
                <tbody>
                  {libraries.map((library) => (
                    <LibraryRow
                      key={library.libraryId}
                      library={library}
                      spaceName={space.name}
                      canManage={canManage}
                      indexable={!space.notIndexable}
                      now={now}
                      onChange={(next) => setLoad({ status: 'ready', view: next })}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
      </div>
    </div>
  );
}
