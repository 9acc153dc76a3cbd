import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LibrarySummary, SpaceChoice } from '../../../src/contract';
import { Banner, Button, Lozenge, Spinner, TextField } from '../../shared';
import { Checkbox } from '../../shared/controls';
import { errorMessage, plural, useAction } from '../../shared/settings';
import { admin, type OnLibraryChange } from './api';
import { SPACE_TYPES } from './labels';

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; spaces: SpaceChoice[] };

/**
 * The site's spaces as the Source sees them: type, status, and whether each can be indexed. Personal and system
 * spaces stay visible but cannot be ticked, with the reason beside them. Saving starts or stops syncs.
 */
export function SpacePicker({ summary, onChange }: { summary: LibrarySummary; onChange: OnLibraryChange }) {
  const libraryId = summary.library.id;
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [saved, setSaved] = useState(false);
  const action = useAction();

  const fetchChoices = useCallback(async () => {
    setLoad({ status: 'loading' });
    try {
      const { spaces } = await admin('listSpaceChoices', { libraryId });
      setLoad({ status: 'ready', spaces });
      setChosen(new Set(spaces.filter((s) => s.selected).map((s) => s.id)));
    } catch (err) {
      setLoad({ status: 'error', message: errorMessage(err) });
    }
  }, [libraryId]);

  useEffect(() => {
    void fetchChoices();
  }, [fetchChoices]);

  const spaces = load.status === 'ready' ? load.spaces : [];
  const savedIds = useMemo(() => new Set(spaces.filter((s) => s.selected).map((s) => s.id)), [spaces]);
  const dirty = chosen.size !== savedIds.size || [...chosen].some((id) => !savedIds.has(id));
  const needle = filter.trim().toLowerCase();
  const shown = needle ? spaces.filter((s) => s.name.toLowerCase().includes(needle) || s.key.toLowerCase().includes(needle)) : spaces;

  const toggle = (id: string, on: boolean) => {
    setSaved(false);
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  };

  const save = () =>
    void action.run(async () => {
      const ids = spaces.filter((s) => chosen.has(s.id)).map((s) => s.id);
      onChange(await admin('selectSpaces', { libraryId, spaceIds: ids }));
      setLoad({ status: 'ready', spaces: spaces.map((s) => ({ ...s, selected: chosen.has(s.id) })) });
      setSaved(true);
    });

  return (
    <div className="lib-stack-md" style={{ marginTop: 'var(--lib-space-300)' }} data-testid="space-picker">
      <h4 className="lib-section__title" style={{ fontSize: 14 }}>
        Choose spaces
      </h4>
      {load.status === 'loading' ? <Spinner label="Loading the site’s spaces…" /> : null}
      {load.status === 'error' ? (
        <Banner appearance="error" title="The site’s spaces could not be listed" actions={<Button onClick={() => void fetchChoices()}>Try again</Button>}>
          {load.message}
        </Banner>
      ) : null}
      {load.status === 'ready' ? (
        <>
          {spaces.length > 8 ? (
            <div style={{ maxWidth: 320 }}>
              <TextField label="Filter spaces" type="search" value={filter} onChange={(event) => setFilter(event.currentTarget.value)} />
            </div>
          ) : null}
          <div className="lib-table-wrap">
            <table className="lib-table">
              <caption className="lib-visually-hidden">Spaces of this site</caption>
              <thead>
                <tr>
                  <th scope="col" className="lib-cell-check">
                    <span className="lib-visually-hidden">Selected</span>
                  </th>
                  <th scope="col">Space</th>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col">Notes</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((space) => {
                  const checked = chosen.has(space.id);
                  // A space that became unindexable after it was chosen can still be unticked.
                  const disabled = Boolean(space.notIndexable) && !checked;
                  return (
                    <tr key={space.id} className={disabled ? 'lib-row--disabled' : checked ? 'lib-row--selected' : undefined} data-space-key={space.key}>
                      <td className="lib-cell-check">
                        <Checkbox label={`Index ${space.name} (${space.key})`} hideLabel checked={checked} disabled={disabled || action.busy} onChange={(on) => toggle(space.id, on)} />
                      </td>
                      <th scope="row">
                        {space.name}
                        <span className="lib-cell__sub lib-mono">{space.key}</span>
                      </th>
                      <td>{SPACE_TYPES[space.type] ?? space.type}</td>
                      <td>{space.status === 'archived' ? <Lozenge appearance="moved">Archived</Lozenge> : <span className="lib-muted">Current</span>}</td>
                      <td className="lib-small">{space.notIndexable ? <span data-testid="not-indexable">{space.notIndexable}</span> : null}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {shown.length === 0 ? <p className="lib-muted">{spaces.length ? 'No space matches the filter.' : 'The Source cannot see any space.'}</p> : null}
          <div className="lib-actions">
            <Button appearance="primary" disabled={!dirty} isLoading={action.busy} onClick={save}>
              Save selection
            </Button>
            {dirty ? (
              <Button appearance="subtle" onClick={() => setChosen(new Set(savedIds))}>
                Undo changes
              </Button>
            ) : null}
            <span className="lib-muted lib-small" role="status">
              {saved && !dirty ? 'Selection saved. New spaces start syncing now.' : `${plural(chosen.size, 'space', 'spaces')} selected`}
            </span>
          </div>
          {action.error ? (
            <Banner appearance="error" title="The selection was not saved">
              {action.error}
            </Banner>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
