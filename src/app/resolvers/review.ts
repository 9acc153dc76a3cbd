import type { ReviewApi } from '../../contract';
import { defineResolvers } from './define';
import { reviewFunctions } from './review-api';

/** Resolver behind the Review byline dialog and space page: list proposals, approve (with edits), decline. */
export const reviewResolver = defineResolvers<ReviewApi>('review', reviewFunctions);
