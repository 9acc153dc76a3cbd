import Resolver from '@forge/resolver';
import { reviewFunctions } from './review-api';

/** Resolver behind the Review byline dialog and space page: list proposals, approve (with edits), decline. */
const resolver = new Resolver();
for (const [name, fn] of Object.entries(reviewFunctions)) resolver.define(name, fn as Parameters<Resolver['define']>[1]);
export const reviewResolver = resolver.getDefinitions();
