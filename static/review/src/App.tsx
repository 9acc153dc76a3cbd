import { view } from '@forge/bridge';
import { useEffect, useState } from 'react';
import { PageShell, Spinner } from '../../shared';
import { PageProposals } from './PageProposals';
import { SpaceQueue } from './SpaceQueue';
import './review.css';

const BYLINE_MODULE = 'librarian-review-byline';
const SPACE_PAGE_MODULE = 'librarian-review';

/**
 * Review: one resource behind two modules. In the page byline (an inline dialog) it lists the page's proposed
 * updates; as the space page it is the space's review queue. Any other module shows the plain shell.
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
  if (moduleKey === BYLINE_MODULE) {
    return (
      <PageShell compact title="Proposed updates" description="Updates proposed for this page: review each change, then approve, edit or decline it.">
        {() => <PageProposals />}
      </PageShell>
    );
  }
  if (moduleKey === SPACE_PAGE_MODULE) {
    return (
      <PageShell title="Librarian review" description="Proposed page updates in this space. Approving one edits the page in place, changing only what the proposal shows.">
        {() => <SpaceQueue />}
      </PageShell>
    );
  }
  return <PageShell title="Librarian" description="This part of Librarian is not Review." />;
}
