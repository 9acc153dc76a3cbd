import type { ReactNode } from 'react';

export interface EmptyStateProps {
  header: string;
  description?: ReactNode;
  /** A primary action, usually a Button. */
  action?: ReactNode;
  /** Heading level that fits the surrounding page outline. */
  headingLevel?: 2 | 3 | 4;
}

/** A calm placeholder for "nothing here yet" and "coming soon" states. */
export function EmptyState({ header, description, action, headingLevel = 2 }: EmptyStateProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <section className="lib-empty" aria-label={header}>
      <Heading className="lib-empty__title">{header}</Heading>
      {description ? <p className="lib-empty__description">{description}</p> : null}
      {action ?? null}
    </section>
  );
}
