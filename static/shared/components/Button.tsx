import type { ButtonHTMLAttributes, ReactNode } from 'react';

export type ButtonAppearance = 'default' | 'primary' | 'subtle' | 'danger';

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'className'> {
  appearance?: ButtonAppearance;
  /** Shows the button as busy and ignores clicks, without losing keyboard focus. */
  isLoading?: boolean;
  children: ReactNode;
}

/** A native <button>, so Enter and Space work and it sits in the tab order with no extra wiring. */
export function Button({ appearance = 'default', isLoading = false, type = 'button', disabled, onClick, children, ...rest }: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      className={`lib-button lib-button--${appearance}`}
      disabled={disabled}
      aria-busy={isLoading || undefined}
      onClick={isLoading ? undefined : onClick}
    >
      {children}
    </button>
  );
}
