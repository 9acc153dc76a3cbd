/** Reauthorization notices: the notifier, its ports and errors, and the notice texts. */
export * from './errors';
export * from './ports';
export * from './message';
export * from './status-page';
export * from './reauthorization-notifier';
