import type { ReactNode } from 'react';

export type BannerAppearance = 'info' | 'success' | 'warning' | 'error';

export interface BannerProps {
  appearance?: BannerAppearance;
  title?: string;
  children?: ReactNode;
  /** Optional actions (buttons) shown under the message. */
  actions?: ReactNode;
}

/** A message block. Errors and warnings are announced at once (role=alert); the rest politely (role=status). */
export function Banner({ appearance = 'info', title, children, actions }: BannerProps) {
  const urgent = appearance === 'error' || appearance === 'warning';
  return (
    <div className={`lib-banner lib-banner--${appearance}`} role={urgent ? 'alert' : 'status'}>
      <div className="lib-banner__body">
        {title ? <p className="lib-banner__title">{title}</p> : null}
        {children ? <div>{children}</div> : null}
        {actions ? <div style={{ marginTop: 'var(--lib-space-100)' }}>{actions}</div> : null}
      </div>
    </div>
  );
}
