import { useState, type FormEvent } from 'react';
import type { LibrarySummary } from '../../../src/contract';
import { Banner, Button, EmptyState, Lozenge, TextField } from '../../shared';
import { Section } from '../../shared/controls';
import { formatCount, HealthLozenge, useAction } from '../../shared/settings';
import { admin, type OnLibraryChange } from './api';
import { VISIBILITY } from './labels';

export interface LibraryListProps {
  libraries: LibrarySummary[];
  selectedId: string | undefined;
  canManage: boolean;
  onSelect: (libraryId: string) => void;
  onCreated: OnLibraryChange;
}

/** Every Library at a glance (visibility, Auto-Accept, source health, spaces, pages), and the create form. */
export function LibraryList({ libraries, selectedId, canManage, onSelect, onCreated }: LibraryListProps) {
  return (
    <div className="lib-card">
      <Section
        headingLevel={2}
        title="Libraries"
        description="A Library is a set of Confluence spaces that Librarian indexes and answers from. Choose one to change its settings."
      >
        {libraries.length === 0 ? (
          <EmptyState
            headingLevel={3}
            header="No Libraries yet"
            description={canManage ? 'Create a Library, then connect Confluence and choose the spaces it covers.' : 'A site admin has not created a Library yet.'}
          />
        ) : (
          <div className="lib-table-wrap">
            <table className="lib-table" data-testid="library-table">
              <caption className="lib-visually-hidden">Libraries</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Visibility</th>
                  <th scope="col">Auto-Accept</th>
                  <th scope="col">Source</th>
                  <th scope="col" className="lib-cell-num">
                    Spaces
                  </th>
                  <th scope="col" className="lib-cell-num">
                    Pages indexed
                  </th>
                </tr>
              </thead>
              <tbody>
                {libraries.map(({ library, status }) => {
                  const selected = library.id === selectedId;
                  const visibility = VISIBILITY[library.visibility];
                  const pages = status.spaces.reduce((sum, space) => sum + space.pagesIndexed, 0);
                  return (
                    <tr key={library.id} className={selected ? 'lib-row--selected' : undefined}>
                      <th scope="row">
                        <button type="button" className="lib-link-button" aria-current={selected ? 'true' : undefined} onClick={() => onSelect(library.id)}>
                          {library.name}
                        </button>
                      </th>
                      <td>
                        <Lozenge appearance={visibility.appearance}>{visibility.label}</Lozenge>
                      </td>
                      <td>{library.autoAccept ? 'On' : 'Off'}</td>
                      <td>
                        <HealthLozenge health={status.health} deleting={Boolean(library.deletingSince)} />
                      </td>
                      <td className="lib-cell-num">{formatCount(status.spaces.length)}</td>
                      <td className="lib-cell-num">{formatCount(pages)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {canManage ? <CreateLibrary onCreated={onCreated} /> : null}
      </Section>
    </div>
  );
}

function CreateLibrary({ onCreated }: { onCreated: OnLibraryChange }) {
  const [name, setName] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    void action.run(async () => {
      onCreated(await admin('createLibrary', { name: trimmed }));
      setName('');
    });
  };
  return (
    <form className="lib-stack-sm" style={{ marginTop: 'var(--lib-space-300)' }} onSubmit={submit} aria-label="Create a Library">
      <div className="lib-inline-form">
        <TextField label="New Library name" value={name} maxLength={100} placeholder="e.g. Engineering handbook" onChange={(event) => setName(event.currentTarget.value)} />
        <Button type="submit" appearance="primary" disabled={!name.trim()} isLoading={action.busy}>
          Create Library
        </Button>
      </div>
      <p className="lib-field-help">New Libraries are private: answers only use pages the person asking may read.</p>
      {action.error ? <Banner appearance="error" title="The Library was not created">{action.error}</Banner> : null}
    </form>
  );
}
