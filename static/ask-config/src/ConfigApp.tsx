import { view } from '@forge/bridge';
import { useId, useState, type FormEvent } from 'react';
import { Banner, Button, EmptyState } from '../../shared';
import type { AskMacroConfig } from '../../shared/askMacroConfig';
import { useConfigContext, type ConfigState, type MacroContext } from './useConfigContext';

/**
 * The Ask macro's settings, shown by Confluence in a modal while the page is edited: the editor picks the Library
 * the macro answers from and may narrow it to some of its spaces. Saving goes through `view.submit({ config })`;
 * Cancel (`view.close()`) keeps what was saved before.
 */
export function ConfigApp() {
  const { state, retry } = useConfigContext();
  return (
    <main className="askcfg">
      <h1 className="askcfg__title">Ask Librarian settings</h1>
      {state.status === 'loading' ? (
        <p className="askcfg__loading" role="status">
          <span className="lib-spinner__circle" aria-hidden="true" />
          Loading Libraries…
        </p>
      ) : null}
      {state.status === 'error' ? (
        <Banner
          appearance="error"
          title="The Libraries could not be loaded"
          actions={
            <span className="askcfg__actions">
              <Button onClick={retry}>Try again</Button>
              <Button appearance="subtle" onClick={() => void view.close()}>
                Close
              </Button>
            </span>
          }
        >
          {state.message}
        </Banner>
      ) : null}
      {state.status === 'ready' ? <ConfigForm state={state} /> : null}
    </main>
  );
}

function initialLibraryId(context: MacroContext, saved: AskMacroConfig | undefined): string {
  const ids = new Set(context.libraries.map((l) => l.id));
  if (saved && ids.has(saved.libraryId)) return saved.libraryId;
  if (context.library && ids.has(context.library.id)) return context.library.id;
  return context.libraries.length === 1 ? (context.libraries[0] as { id: string }).id : '';
}

function ConfigForm({ state }: { state: Extract<ConfigState, { status: 'ready' }> }) {
  const id = useId();
  const { context, saved } = state;
  const [libraryId, setLibraryId] = useState(() => initialLibraryId(context, saved));
  const library = context.libraries.find((l) => l.id === libraryId);
  const savedKeys = saved?.libraryId === libraryId ? (saved.spaceKeys ?? []) : [];
  const [narrow, setNarrow] = useState(savedKeys.length > 0);
  const [spaceKeys, setSpaceKeys] = useState<string[]>(savedKeys);
  const [problem, setProblem] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [submitError, setSubmitError] = useState<string | undefined>();
  const savedMissing = saved !== undefined && !context.libraries.some((l) => l.id === saved.libraryId);

  if (context.libraries.length === 0) {
    return (
      <EmptyState
        headingLevel={2}
        header="No Library yet"
        description="A Confluence admin creates Libraries in Confluence settings › Apps › Librarian. Come back here to choose one."
        action={<Button onClick={() => void view.close()}>Close</Button>}
      />
    );
  }

  const chooseLibrary = (next: string) => {
    setLibraryId(next);
    setSpaceKeys([]);
    setNarrow(false);
    setProblem(undefined);
  };
  const toggleSpace = (key: string, on: boolean) => {
    setSpaceKeys((keys) => (on ? [...keys.filter((k) => k !== key), key] : keys.filter((k) => k !== key)));
    setProblem(undefined);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!library) {
      setProblem('Choose the Library this macro answers from.');
      return;
    }
    // Keep the Library's order, so the saved list reads the same way the checkboxes do.
    const chosen = library.spaceKeys.filter((k) => spaceKeys.includes(k));
    if (narrow && chosen.length === 0) {
      setProblem('Pick at least one space, or search every space.');
      return;
    }
    const config: AskMacroConfig = narrow ? { libraryId: library.id, spaceKeys: chosen } : { libraryId: library.id };
    setSaving(true);
    setSubmitError(undefined);
    try {
      await view.submit({ config });
    } catch (err) {
      setSubmitError(err instanceof Error && err.message ? err.message : 'The settings could not be saved.');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="askcfg__form" onSubmit={(e) => void onSubmit(e)} noValidate>
      {savedMissing ? (
        <Banner appearance="warning" title="This macro's Library is gone">
          The Library it used was deleted or you can no longer see it. Choose another one.
        </Banner>
      ) : null}
      <div className="askcfg__field">
        <label className="askcfg__label" htmlFor={`${id}-library`}>
          Library
        </label>
        <select
          id={`${id}-library`}
          className="askcfg__select"
          value={libraryId}
          aria-invalid={problem !== undefined && !library ? true : undefined}
          aria-describedby={`${id}-library-help`}
          onChange={(e) => chooseLibrary(e.target.value)}
        >
          {library ? null : <option value="">Choose a Library…</option>}
          {context.libraries.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
        <span id={`${id}-library-help`} className="askcfg__help">
          Questions asked in this macro are answered from this Library only.
        </span>
      </div>

      {library ? (
        <fieldset className="askcfg__fieldset">
          <legend className="askcfg__label">Spaces</legend>
          {library.spaceKeys.length === 0 ? (
            <p className="askcfg__help">This Library has no spaces yet; its admin adds them in Librarian's settings.</p>
          ) : (
            <>
              <label className="askcfg__choice">
                <input type="radio" name={`${id}-scope`} checked={!narrow} onChange={() => setNarrow(false)} />
                <span>
                  Every space in {library.name} <span className="askcfg__muted">({library.spaceKeys.join(', ')})</span>
                </span>
              </label>
              <label className="askcfg__choice">
                <input type="radio" name={`${id}-scope`} checked={narrow} onChange={() => setNarrow(true)} />
                <span>Only some of its spaces</span>
              </label>
              {narrow ? (
                <div className="askcfg__spaces" role="group" aria-label={`Spaces of ${library.name}`}>
                  {library.spaceKeys.map((key) => (
                    <label key={key} className="askcfg__choice askcfg__choice--space">
                      <input type="checkbox" checked={spaceKeys.includes(key)} onChange={(e) => toggleSpace(key, e.target.checked)} />
                      <span className="askcfg__space">{key}</span>
                    </label>
                  ))}
                </div>
              ) : null}
            </>
          )}
        </fieldset>
      ) : null}

      {problem ? (
        <p className="askcfg__error" role="alert">
          {problem}
        </p>
      ) : null}
      {submitError ? (
        <Banner appearance="error" title="The settings were not saved">
          {submitError}
        </Banner>
      ) : null}

      <div className="askcfg__footer">
        <Button appearance="subtle" onClick={() => void view.close()}>
          Cancel
        </Button>
        <Button type="submit" appearance="primary" isLoading={saving}>
          Save
        </Button>
      </div>
    </form>
  );
}
