/**
 * The sync: the jobs that bring a Library's spaces into its index and keep them fresh (see types.ts for the
 * job list), the runner that executes them with the platform's retry rules, and the service admins act through.
 */
export * from './types';
export * from './ports';
export * from './context';
export * from './errors';
export * from './eligibility';
export * from './state';
export * from './index-health';

export * from './service';
export { FINAL_SWEEP_DELAY_SECONDS } from './jobs/delete-library';
export * from './confluence-source';
export * from './library-index';
export * from './people';
export * from './page-document';
