import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from '../components';

export interface ConfirmPanelProps {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  appearance?: 'danger' | 'primary';
  /** Keeps the confirm button disabled, e.g. until an "I understand" box is ticked. */
  confirmDisabled?: boolean;
  busy?: boolean;
}

/**
 * A confirmation dialog shown in place, under the control that opened it. App frames are sized to their content,
 * so a centred modal could open far off screen; an in-flow alertdialog stays where the admin is looking. It takes
 * focus when it opens, Escape cancels, and focus goes back to the opener when it closes.
 */
export function ConfirmPanel({ title, children, confirmLabel, onConfirm, onCancel, appearance = 'primary', confirmDisabled = false, busy = false }: ConfirmPanelProps) {
  const id = useId();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panel.current?.focus();
    panel.current?.scrollIntoView({ block: 'nearest' });
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <section
      ref={panel}
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      aria-describedby={children ? `${id}-body` : undefined}
      tabIndex={-1}
      className={`lib-confirm lib-confirm--${appearance}`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <h3 id={`${id}-title`} className="lib-confirm__title">
        {title}
      </h3>
      {children ? (
        <div id={`${id}-body`} className="lib-confirm__body">
          {children}
        </div>
      ) : null}
      <div className="lib-actions">
        <Button appearance={appearance} onClick={onConfirm} disabled={confirmDisabled} isLoading={busy}>
          {confirmLabel}
        </Button>
        <Button appearance="subtle" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </section>
  );
}
