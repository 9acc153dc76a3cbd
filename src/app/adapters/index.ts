/** Forge implementations of the ports in src/core/ports.ts, built on the real SDKs. */
export { ForgeKeyValueStore } from './kvs';
export { DEFAULT_STORAGE_BACKOFF, NO_STORAGE_BACKOFF, type StorageBackoff } from './storage-backoff';
export { ForgeJobQueue } from './queue';
export { ForgeConfluenceTransport } from './confluence';
export { forgeClock } from './clock';
export { forgeDeadline } from './deadline';
