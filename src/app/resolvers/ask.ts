import type { AskApi } from '../../contract';
import { askFunctions } from './ask-api';
import { defineResolvers } from './define';

/**
 * Resolver behind the Ask macro and its settings dialog: the macro's Library (from its saved config, read on the
 * server) and answers with citations, only from pages the asker may read (ask-api.ts).
 */
export const askResolver = defineResolvers<AskApi>('ask', askFunctions);
