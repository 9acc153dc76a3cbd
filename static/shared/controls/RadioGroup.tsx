import { useId, type ReactNode } from 'react';

export interface RadioOption<V extends string> {
  value: V;
  label: string;
  /** Shown under the option; `tone: 'warning'` draws it in the warning colour. */
  description?: ReactNode;
  tone?: 'default' | 'warning';
  /** A short tag after the label, e.g. "Recommended". */
  badge?: ReactNode;
}

export interface RadioGroupProps<V extends string> {
  legend: string;
  value: V;
  options: Array<RadioOption<V>>;
  onChange: (value: V) => void;
  disabled?: boolean;
  /** Hide the legend visually (keep it for screen readers) when a heading already names the group. */
  hideLegend?: boolean;
}

/** Native radios in a fieldset: arrow keys move between options, and the legend names the group. */
export function RadioGroup<V extends string>({ legend, value, options, onChange, disabled = false, hideLegend = false }: RadioGroupProps<V>) {
  const name = useId();
  return (
    <fieldset className="lib-radio-group" disabled={disabled}>
      <legend className={hideLegend ? 'lib-visually-hidden' : 'lib-radio-group__legend'}>{legend}</legend>
      {options.map((option) => {
        const id = `${name}-${option.value}`;
        return (
          <div key={option.value} className="lib-radio">
            <input
              id={id}
              type="radio"
              className="lib-radio__input"
              name={name}
              value={option.value}
              checked={value === option.value}
              aria-describedby={option.description ? `${id}-help` : undefined}
              onChange={() => onChange(option.value)}
            />
            <span className="lib-radio__text">
              <label htmlFor={id} className="lib-radio__label">
                {option.label}
                {option.badge ? <span className="lib-radio__badge">{option.badge}</span> : null}
              </label>
              {option.description ? (
                <span id={`${id}-help`} className={option.tone === 'warning' ? 'lib-field-help lib-field-help--warning' : 'lib-field-help'}>
                  {option.description}
                </span>
              ) : null}
            </span>
          </div>
        );
      })}
    </fieldset>
  );
}
