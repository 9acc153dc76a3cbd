import { view } from '@forge/bridge';
import { useEffect, useState } from 'react';
import { PageShell, Spinner } from '../../shared';

const BYLINE_MODULE = 'librarian-review-byline';

/**
 * Review: one resource behind two modules. In the page byline (an inline dialog) it shows the proposals for this
 * page; as the space page it shows the space's review queue.
 */
export function App() {
  const [moduleKey, setModuleKey] = useState<string | null>(null);
  useEffect(() => {
    view.getContext().then(
      (context) => setModuleKey(context.moduleKey),
      () => setModuleKey(''),
    );
  }, []);
  if (moduleKey === null) return <Spinner label="Loading Librarian…" />;
  return moduleKey === BYLINE_MODULE ? (
    <PageShell
      compact
      title="Proposed updates"
      description="Librarian's proposed updates to this page: review each change as a diff, then approve, edit or decline."
    />
  ) : (
    <PageShell
      title="Librarian review"
      description="Proposed page updates waiting for review in this space. Approving one edits the page in place."
    />
  );
}
