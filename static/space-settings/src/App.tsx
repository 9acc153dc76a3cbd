import { PageShell } from '../../shared';
import { SpacePage } from './SpacePage';

/** Space settings (confluence:spaceSettings): opt this space in or out of a Library and see its index status. */
export function App() {
  return (
    <PageShell
      title="Librarian for this space"
      description="Choose whether this space is part of a Library and see how much of it is indexed."
    >
      {() => <SpacePage />}
    </PageShell>
  );
}
