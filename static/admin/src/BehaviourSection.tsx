import { useState } from 'react';
import type { LibrarySummary } from '../../../src/contract';
import { Banner } from '../../shared';
import { Section, Toggle } from '../../shared/controls';
import { useAction } from '../../shared/settings';
import { admin, type OnLibraryChange } from './api';

/** Auto-Accept, answer synthesis and model-drafted prose fixes: all off unless an admin turns them on. */
export function BehaviourSection({ summary, editable, onChange }: { summary: LibrarySummary; editable: boolean; onChange: OnLibraryChange }) {
  const { library } = summary;
  const action = useAction();
  // The switch being saved shows its new position at once; the saved value returns if the save fails.
  const [pending, setPending] = useState<{ autoAccept?: boolean; synthesis?: boolean; draftProse?: boolean }>({});
  const update = (change: { autoAccept: boolean } | { synthesis: boolean } | { draftProse: boolean }) => {
    setPending(change);
    void action.run(async () => onChange(await admin('updateLibrary', { libraryId: library.id, ...change }))).finally(() => setPending({}));
  };
  return (
    <Section title="Answers and updates">
      <div className="lib-stack-md">
        <Toggle
          label="Auto-Accept"
          checked={pending.autoAccept ?? library.autoAccept}
          disabled={!editable || action.busy}
          onChange={(autoAccept) => update({ autoAccept })}
          description="Apply proposed page updates at once instead of waiting for someone to approve them in Review."
        />
        <Toggle
          label="Write answers with Forge LLM"
          checked={pending.synthesis ?? library.synthesis}
          disabled={!editable || action.busy}
          onChange={(synthesis) => update({ synthesis })}
          description="Let Atlassian’s Forge LLM phrase answers from the passages found; when off, answers quote the passages."
        />
        <Toggle
          label="Draft prose fixes with Forge LLM"
          checked={pending.draftProse ?? library.draftProse === true}
          disabled={!editable || action.busy}
          onChange={(draftProse) => update({ draftProse })}
          description="When shipped code makes a sentence wrong, let Forge LLM draft the new sentence. Drafts are marked as a model's and always wait in Review, even with Auto-Accept on."
        />
      </div>
      {action.error ? (
        <div style={{ marginTop: 'var(--lib-space-150)' }}>
          <Banner appearance="error" title="The setting was not saved">
            {action.error}
          </Banner>
        </div>
      ) : null}
    </Section>
  );
}
