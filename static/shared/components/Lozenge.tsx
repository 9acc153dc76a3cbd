import type { ReactNode } from 'react';

export type LozengeAppearance = 'default' | 'success' | 'removed' | 'inprogress' | 'new' | 'moved';

export interface LozengeProps {
  appearance?: LozengeAppearance;
  children: ReactNode;
}

/** A short status label (e.g. INDEXED, SYNCING, ARCHIVED). */
export function Lozenge({ appearance = 'default', children }: LozengeProps) {
  return <span className={`lib-lozenge lib-lozenge--${appearance}`}>{children}</span>;
}
