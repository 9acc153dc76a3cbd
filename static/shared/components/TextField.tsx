import { useId, type InputHTMLAttributes } from 'react';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'className' | 'id'> {
  label: string;
  /** Help text under the field. */
  description?: string;
  /** When set, the field is marked invalid and the message is read with it. */
  error?: string;
}

/** A labelled text input whose help and error text are tied to it with aria-describedby. */
export function TextField({ label, description, error, ...rest }: TextFieldProps) {
  const id = useId();
  const helpId = description ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="lib-textfield">
      <label className="lib-textfield__label" htmlFor={id}>
        {label}
      </label>
      <input
        {...rest}
        id={id}
        className="lib-textfield__input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {description ? (
        <span id={helpId} className="lib-textfield__help">
          {description}
        </span>
      ) : null}
      {error ? (
        <span id={errorId} className="lib-textfield__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
