import { useId, type ReactNode } from 'react';

export interface CheckboxProps {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  description?: ReactNode;
  /** Screen-reader name when the visible label is not enough (e.g. a row checkbox). */
  ariaLabel?: string;
  hideLabel?: boolean;
}

/** A native, labelled checkbox. */
export function Checkbox({ label, checked, onChange, disabled = false, description, ariaLabel, hideLabel = false }: CheckboxProps) {
  const id = useId();
  const helpId = description ? `${id}-help` : undefined;
  return (
    <div className="lib-check">
      <input
        id={id}
        type="checkbox"
        className="lib-check__input"
        checked={checked}
        disabled={disabled}
        aria-label={ariaLabel}
        aria-describedby={helpId}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <span className="lib-check__text">
        <label htmlFor={id} className={hideLabel ? 'lib-visually-hidden' : undefined}>
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
