import { useId, type ReactNode } from 'react';

export interface SectionProps {
  title: string;
  description?: ReactNode;
  /** Buttons aligned with the heading. */
  actions?: ReactNode;
  headingLevel?: 2 | 3;
  children?: ReactNode;
  testId?: string;
}

/** A titled settings group, exposed as a region named by its heading. */
export function Section({ title, description, actions, headingLevel = 3, children, testId }: SectionProps) {
  const id = useId();
  const Heading = `h${headingLevel}` as const;
  return (
    <section className={`lib-section lib-section--h${headingLevel}`} aria-labelledby={id} data-testid={testId}>
      <div className="lib-section__head">
        <div>
          <Heading id={id} className="lib-section__title">
            {title}
          </Heading>
          {description ? <p className="lib-section__description">{description}</p> : null}
        </div>
        {actions ? <div className="lib-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
