/**
 * The Forge entry point: exactly the handlers manifest.yml names (`handler: index.<name>`), each a re-export of
 * its module in src/app. `npm run check:forge` fails if a manifest handler is missing here.
 */

// Custom UI resolvers, one per UI.
export { adminResolver } from './app/resolvers/admin';
export { spaceSettingsResolver } from './app/resolvers/space-settings';
export { askResolver } from './app/resolvers/ask';
export { reviewResolver } from './app/resolvers/review';
export { agentTokensResolver } from './app/resolvers/agent-tokens';

// Scheduled triggers and product events.
export { runScan } from './app/triggers/scan';
export { runReconcile } from './app/triggers/reconcile';
export { onPageEvent } from './app/triggers/page-events';

// Queue consumers.
export { syncConsumer } from './app/consumers/sync';
export { mergeConsumer } from './app/consumers/merge';
export { shipConsumer } from './app/consumers/ship';

// Web triggers.
export { shipTrigger } from './app/triggers/ship';

// Actions: MCP tools (rovo:mcp) and the Rovo agent's actions.
export { actionSearchLibrary } from './app/actions/search-library';
export { actionReadPage } from './app/actions/read-page';
export { actionAskLibrary } from './app/actions/ask-library';
export { actionListLibraries } from './app/actions/list-libraries';
export { actionProposeUpdate } from './app/actions/propose-update';

// The external agent endpoint (MCP + the CLI's JSON API) on a web trigger.
export { agentsWebTrigger } from './app/webtrigger/agents';
