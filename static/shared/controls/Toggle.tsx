import { useId, type ReactNode } from 'react';

export interface ToggleProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** One line under the label saying what the switch does. */
  description?: ReactNode;
  disabled?: boolean;
  /** Keep the label for screen readers only (e.g. inside a table row that already names the thing). */
  hideLabel?: boolean;
  busy?: boolean;
}

/**
 * An on/off switch: a native checkbox exposed as role=switch, so Space toggles it, the label is read with it and
 * the state is announced as on/off.
 */
export function Toggle({ label, checked, onChange, description, disabled = false, hideLabel = false, busy = false }: ToggleProps) {
  const id = useId();
  const helpId = description ? `${id}-help` : undefined;
  return (
    <div className="lib-toggle-field">
      <span className="lib-toggle">
        <input
          id={id}
          type="checkbox"
          role="switch"
          className="lib-toggle__input"
          checked={checked}
          disabled={disabled}
          aria-busy={busy || undefined}
          aria-describedby={helpId}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
        <span className="lib-toggle__track" aria-hidden="true" />
      </span>
      <span className="lib-toggle-field__text">
        <label htmlFor={id} className={hideLabel ? 'lib-visually-hidden' : 'lib-toggle-field__label'}>
          {label}
        </label>
        {description ? (
          <span id={helpId} className="lib-field-help">
            {description}
          </span>
        ) : null}
      </span>
    </div>
  );
}
