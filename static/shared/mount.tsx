import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { enableTheme } from './theme';
import './tokens.css';

/** Renders a Librarian UI into #root after asking the host for its theme. */
export function mount(app: ReactNode): void {
  void enableTheme();
  const container = document.getElementById('root');
  if (!container) throw new Error('Librarian UI: #root is missing from index.html');
  createRoot(container).render(<StrictMode>{app}</StrictMode>);
}
