import { useState } from 'react';
import { Toggle } from '../../shared/controls';
import { HealthLozenge, LastError, LastScan, PagesIndexed, PhaseLozenge, SyncProgress, useAction } from '../../shared/settings';
import { spaceApi, type SpaceLibrary, type SpaceView } from './api';

export interface LibraryRowProps {
  library: SpaceLibrary;
  spaceName: string;
  canManage: boolean;
  indexable: boolean;
  now: number;
  onChange: (view: SpaceView) => void;
}

/** One Library: the include switch and, when included, this space's sync status in it. */
export function LibraryRow({ library, spaceName, canManage, indexable, now, onChange }: LibraryRowProps) {
  const action = useAction();
  // The switch shows its new position while the change is saved; the saved value returns if it fails.
  const [pending, setPending] = useState<boolean | undefined>();
  const status = library.status;
  // Taking a space out stays possible; putting it in needs an indexable space and a connected Library.
  const connected = library.health.state !== 'not_connected';
  const disabled = !canManage || action.busy || (!library.included && (!indexable || !connected));
  return (
    <tr data-library={library.name}>
      <th scope="row">
        {library.name}
        <span className="lib-cell__sub">
          <HealthLozenge health={library.health} />
        </span>
      </th>
      <td>
        <Toggle
          label={`Include ${spaceName} in ${library.name}`}
          hideLabel
          checked={pending ?? library.included}
          disabled={disabled}
          busy={action.busy}
          onChange={(included) => {
            setPending(included);
            void action.run(async () => onChange(await spaceApi('setSpaceIncluded', { libraryId: library.libraryId, included }))).finally(() => setPending(undefined));
          }}
        />
        {!connected && !library.included ? <span className="lib-cell__sub">A site admin must connect Confluence first.</span> : null}
        {action.error ? (
          <span className="lib-error-text" role="alert">
            {action.error}
          </span>
        ) : null}
      </td>
      {status ? (
        <>
          <td className="lib-cell-progress">
            <PhaseLozenge phase={status.phase} />
            <SyncProgress status={status} />
          </td>
          <td className="lib-cell-num">
            <PagesIndexed status={status} />
          </td>
          <td className="lib-nowrap">
            <LastScan status={status} now={now} />
          </td>
          <td>
            <LastError status={status} now={now} />
          </td>
        </>
      ) : (
        <td colSpan={4} className="lib-muted">
          {library.included ? 'Waiting for the first sync.' : 'Not in this Library.'}
        </td>
      )}
    </tr>
  );
}
