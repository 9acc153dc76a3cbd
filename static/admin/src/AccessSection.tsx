import { useState } from 'react';
import type { LibrarySummary, Visibility } from '../../../src/contract';
import { Banner } from '../../shared';
import { Checkbox, ConfirmPanel, RadioGroup, Section, type RadioOption } from '../../shared/controls';
import { useAction } from '../../shared/settings';
import { admin, type OnLibraryChange } from './api';
import { ORGANIZATION_WARNING } from './labels';

const OPTIONS: Array<RadioOption<Visibility>> = [
  { value: 'private', label: 'Private', badge: 'Default', description: 'Answers only use pages the person asking may read in Confluence.' },
  { value: 'organization', label: 'Organization-wide', tone: 'warning', description: `Warning: ${ORGANIZATION_WARNING.charAt(0).toLowerCase()}${ORGANIZATION_WARNING.slice(1)}` },
  { value: 'public', label: 'Public', tone: 'warning', description: 'Anyone, even people who are not signed in, can query every indexed page. Asks for confirmation.' },
];

/** Who may ask the Library: private (default), organization-wide (with a warning), public (after confirmation). */
export function AccessSection({ summary, editable, onChange }: { summary: LibrarySummary; editable: boolean; onChange: OnLibraryChange }) {
  const { library } = summary;
  const [confirmingPublic, setConfirmingPublic] = useState(false);
  const [understood, setUnderstood] = useState(false);
  // The choice being saved, shown at once; the saved value returns if the save fails.
  const [pending, setPending] = useState<Visibility | undefined>();
  const action = useAction();

  const save = (visibility: Visibility, confirmPublic?: boolean) => {
    setPending(visibility);
    void action
      .run(async () => {
        onChange(await admin('updateLibrary', { libraryId: library.id, visibility, ...(confirmPublic ? { confirmPublic } : {}) }));
        setConfirmingPublic(false);
      })
      .finally(() => setPending(undefined));
  };

  return (
    <Section title="Who can ask" description="Visibility decides whose questions this Library answers, and from which pages.">
      <RadioGroup
        legend="Visibility"
        hideLegend
        value={pending ?? library.visibility}
        options={OPTIONS}
        disabled={!editable || action.busy}
        onChange={(visibility) => {
          if (visibility === library.visibility) return;
          if (visibility === 'public') {
            setUnderstood(false);
            setConfirmingPublic(true);
          } else {
            save(visibility);
          }
        }}
      />
      {confirmingPublic ? (
        <ConfirmPanel
          title={`Make “${library.name}” public?`}
          confirmLabel="Make public"
          appearance="danger"
          confirmDisabled={!understood}
          busy={action.busy}
          onCancel={() => setConfirmingPublic(false)}
          onConfirm={() => save('public', true)}
        >
          <p>Anyone, including people who are not signed in to this site, will be able to ask questions and read answers quoted from every page this Library indexes.</p>
          <Checkbox
            label={`I understand that every indexed page of “${library.name}” becomes readable by anyone.`}
            checked={understood}
            onChange={setUnderstood}
          />
        </ConfirmPanel>
      ) : null}
      {library.visibility === 'organization' && !confirmingPublic ? (
        <div style={{ marginTop: 'var(--lib-space-200)' }}>
          <Banner appearance="warning" title="Organization-wide">
            {ORGANIZATION_WARNING} Use it only for spaces everyone may read.
          </Banner>
        </div>
      ) : null}
      {library.visibility === 'public' ? (
        <div style={{ marginTop: 'var(--lib-space-200)' }}>
          <Banner appearance="warning" title="Public">
            Anyone can query every indexed page of this Library.
            {library.publicConfirmation ? ` Confirmed ${new Date(library.publicConfirmation.at).toLocaleDateString()}.` : ''}
          </Banner>
        </div>
      ) : null}
      {action.error ? (
        <div style={{ marginTop: 'var(--lib-space-150)' }}>
          <Banner appearance="error" title="Visibility was not changed">
            {action.error}
          </Banner>
        </div>
      ) : null}
    </Section>
  );
}
