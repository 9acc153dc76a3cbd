import Resolver from '@forge/resolver';
import { askFunctions } from './ask-api';

/**
 * Resolver behind the Ask macro and its settings dialog: the macro's Library (from its saved config, read on the
 * server) and answers with citations, only from pages the asker may read (ask-api.ts).
 */
const resolver = new Resolver();
for (const [name, fn] of Object.entries(askFunctions)) resolver.define(name, fn as Parameters<Resolver['define']>[1]);
export const askResolver = resolver.getDefinitions();
