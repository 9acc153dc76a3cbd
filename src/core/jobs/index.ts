/**
 * The job system: a registry of named jobs (each with its input, its queue, its retry options and its work) and
 * one runner for all of them. Queue consumers in src/app parse an event and call `runJob`; nothing else.
 */
export * from './types';
export { JOBS, jobDefinition, queueOf, isJobOf } from './registry';
export { runJob, type RunOutcome } from './runner';
export { SYNC_RETRY, MERGE_RETRY, SHIP_RETRY } from './retry';
export { shipJob, type ShipServices } from './ship';
