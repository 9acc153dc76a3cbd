import { PageShell } from '../../shared';
import { AdminPage } from './AdminPage';

/** Global settings (confluence:globalSettings): Libraries, the Confluence Source, spaces and sync health. */
export function App() {
  return (
    <PageShell
      title="Librarian"
      description="Create Libraries, connect Confluence as a Source, choose which spaces are indexed, and watch sync health."
    >
      {(status) => <AdminPage viewerId={status.accountId} />}
    </PageShell>
  );
}
