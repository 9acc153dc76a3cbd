import { useState, type FormEvent, type ReactNode } from 'react';
import type { LibrarySummary } from '../../../src/contract';
import { Banner, Button, TextField } from '../../shared';
import { ConfirmPanel } from '../../shared/controls';
import { useAction } from '../../shared/settings';
import { admin, type OnLibraryChange } from './api';

export interface LibraryHeaderProps {
  summary: LibrarySummary;
  editable: boolean;
  badge: ReactNode;
  onChange: OnLibraryChange;
  onDeleted: () => void;
}

/** The Library's name with Rename and Delete (Delete asks first, naming the Library). */
export function LibraryHeader({ summary, editable, badge, onChange, onDeleted }: LibraryHeaderProps) {
  const { library } = summary;
  const [mode, setMode] = useState<'view' | 'rename' | 'delete'>('view');
  const [name, setName] = useState(library.name);
  const action = useAction();

  const rename = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    void action.run(async () => {
      onChange(await admin('updateLibrary', { libraryId: library.id, name: trimmed }));
      setMode('view');
    });
  };

  return (
    <header className="lib-stack-sm" style={{ marginBottom: 'var(--lib-space-300)' }}>
      <div className="lib-section__head">
        <div>
          <h2 id="library-detail-title" className="lib-section__title" style={{ fontSize: 20, lineHeight: '24px' }}>
            {library.name}
          </h2>
          <div style={{ marginTop: 'var(--lib-space-050)' }}>{badge}</div>
        </div>
        {/* Kept while the delete confirmation is open, so focus can return to its opener. */}
        {editable && mode !== 'rename' ? (
          <div className="lib-actions">
            <Button
              onClick={() => {
                setName(library.name);
                action.clearError();
                setMode('rename');
              }}
            >
              Rename
            </Button>
            <Button
              appearance="subtle"
              onClick={() => {
                action.clearError();
                setMode('delete');
              }}
            >
              <span className="lib-text-danger">Delete</span>
            </Button>
          </div>
        ) : null}
      </div>
      {mode === 'rename' ? (
        <form className="lib-inline-form" onSubmit={rename} aria-label={`Rename ${library.name}`}>
          <TextField label="Library name" value={name} maxLength={100} autoFocus onChange={(event) => setName(event.currentTarget.value)} />
          <Button type="submit" appearance="primary" disabled={!name.trim() || name.trim() === library.name} isLoading={action.busy}>
            Save name
          </Button>
          <Button appearance="subtle" onClick={() => setMode('view')}>
            Cancel
          </Button>
        </form>
      ) : null}
      {mode === 'delete' ? (
        <ConfirmPanel
          appearance="danger"
          title={`Delete “${library.name}”?`}
          confirmLabel={`Delete ${library.name}`}
          busy={action.busy}
          onCancel={() => setMode('view')}
          onConfirm={() =>
            void action.run(async () => {
              await admin('deleteLibrary', { libraryId: library.id });
              onDeleted();
            })
          }
        >
          <p>
            Librarian stops answering from “{library.name}” at once and removes its index in the background. Pages in Confluence are not changed. This
            cannot be undone.
          </p>
        </ConfirmPanel>
      ) : null}
      {action.error ? <Banner appearance="error" title={mode === 'delete' ? 'The Library was not deleted' : 'The Library was not renamed'}>{action.error}</Banner> : null}
    </header>
  );
}
