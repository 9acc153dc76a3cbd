import type { LibrarySummary } from '../../../src/contract';
import { Button } from '../../shared';
import { ReauthBanner, needsReauthorization, useAction } from '../../shared/settings';
import { admin, type OnLibraryChange } from './api';

/** The "syncing stopped" banner of one Library, with Reconnect for site admins. */
export function ReconnectBanner({ summary, canManage, now, onChange }: { summary: LibrarySummary; canManage: boolean; now: number; onChange: OnLibraryChange }) {
  const action = useAction();
  const { health } = summary.status;
  if (!needsReauthorization(health)) return null;
  const identity = summary.library.source?.identity.kind;
  return (
    <ReauthBanner
      libraryName={summary.library.name}
      health={health}
      now={now}
      hint={
        canManage
          ? identity === 'user'
            ? 'Reconnect after the connecting admin has granted access again; syncing resumes where it stopped.'
            : 'Fix the cause (for example the app’s space permissions), then reconnect; syncing resumes where it stopped.'
          : 'Ask a site admin to reconnect it on this page.'
      }
      action={
        canManage ? (
          <div className="lib-stack-sm">
            <Button
              appearance="primary"
              isLoading={action.busy}
              aria-label={`Reconnect ${summary.library.name}`}
              onClick={() =>
                void action.run(async () => {
                  onChange(await admin('reconnect', { libraryId: summary.library.id }));
                })
              }
            >
              Reconnect
            </Button>
            {action.error ? <p className="lib-error-text" role="alert">{action.error}</p> : null}
          </div>
        ) : undefined
      }
    />
  );
}
