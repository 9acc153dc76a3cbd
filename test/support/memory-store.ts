/**
 * The in-memory KeyValueStore lives in the sandbox (sandbox/forge/kvs/memory-store.ts), beside the local Forge
 * host's KVS, so bench and eval no longer import from test/. This re-export keeps tests written against the old
 * path compiling; new code imports the sandbox module.
 */
export * from '../../sandbox/forge/kvs/memory-store';
