/**
 * Use cases: one module per operation, with a typed input and result, called by the resolvers (and later the CLI
 * and the external endpoint). Who is asking arrives as a `Viewer` (./ports.ts) or an actor id whose rights the
 * caller has already checked; nothing here reads a platform context.
 */
export * from './ports';
export * from './library-view';
export * from './list-libraries';
export * from './library-status';
export * from './create-library';
export * from './update-library';
export * from './delete-library';
export * from './connect-source';
export * from './list-space-choices';
export * from './select-spaces';
export * from './reconnect-source';
export * from './save-smtp-password';
export * from './send-test-notification';
export * from './space-status';
export * from './include-space';
export * from './ui-status';
export * from './macro-libraries';
export * from './ask-question';
