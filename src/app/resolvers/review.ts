import Resolver from '@forge/resolver';
import { readStatus } from './status';

/**
 * Resolver functions behind the Review byline dialog and space page (proposed page updates: approve, edit, decline).
 * For now only `getStatus`: the UI renders a "coming soon" state around the signed-in account.
 */
export const reviewResolver = new Resolver().define('getStatus', readStatus).getDefinitions();
