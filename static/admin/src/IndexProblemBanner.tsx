import { useState } from 'react';
import type { LibrarySummary } from '../../../src/contract';
import { Banner, Button } from '../../shared';
import { ConfirmPanel } from '../../shared/controls';
import { relativeTime, useAction } from '../../shared/settings';
import { admin, type OnLibraryChange } from './api';

/** Whether the Library's index needs attention: its merges stopped on an error, or a rebuild is under way. */
export function hasIndexProblem(summary: LibrarySummary): boolean {
  return Boolean(summary.status.index?.lastError || summary.status.index?.rebuildingSince !== undefined);
}

/**
 * "Index problem: <message>" for a Library whose merges, or whose askers' questions, met something the app cannot
 * get past itself (a stored value that does not decode), with "Rebuild index" for site admins (after a confirmation); while the
 * rebuild runs, says so. The message is shown as text.
 *
 * @example
 * <IndexProblemBanner summary={summary} canManage now={Date.now()} onChange={replace} />
 */
export function IndexProblemBanner({ summary, canManage, now, onChange }: { summary: LibrarySummary; canManage: boolean; now: number; onChange: OnLibraryChange }) {
  const action = useAction();
  const [confirming, setConfirming] = useState(false);
  const index = summary.status.index;
  const name = summary.library.name;
  if (!index) return null;
  const actions =
    canManage ? (
      confirming ? (
        <ConfirmPanel
          appearance="danger"
          title={`Rebuild the index of “${name}”?`}
          confirmLabel="Rebuild index"
          busy={action.busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() =>
            void action.run(async () => {
              onChange(await admin('rebuildIndex', { libraryId: summary.library.id }));
              setConfirming(false);
            })
          }
        >
          <p>Librarian clears this Library’s index and crawls its spaces again. Until the crawl is done, answers miss the pages not indexed yet. Pages in Confluence are not changed.</p>
          {action.error ? <p className="lib-error-text" role="alert">{action.error}</p> : null}
        </ConfirmPanel>
      ) : (
        <Button appearance="primary" aria-label={`Rebuild the index of ${name}`} onClick={() => setConfirming(true)}>
          Rebuild index
        </Button>
      )
    ) : undefined;
  if (index.rebuildingSince !== undefined) {
    return (
      <Banner appearance={index.stalled ? 'warning' : 'info'} title={`Rebuilding the index of “${name}”`} actions={index.stalled ? actions : undefined}>
        Started {relativeTime(index.rebuildingSince, now)}. The index is cleared, then every selected space is crawled again; answers come back as pages are indexed.
        {index.stalled ? ' It has not moved for over an hour: rebuilding again starts it over.' : ''}
      </Banner>
    );
  }
  if (!index.lastError) return null;
  return (
    <Banner appearance="error" title={`Index problem in “${name}”`} actions={actions}>
      <p>Index problem: {index.lastError.message}</p>
      <p>
        New and edited pages are not searchable until it is fixed (since {relativeTime(index.lastError.at, now)}).{' '}
        {canManage ? 'Rebuilding the index is the way out.' : 'Ask a site admin to rebuild the index on this page.'}
      </p>
    </Banner>
  );
}
