import type { SecretStore } from '../../../src/core/ports';

/**
 * An in-memory SecretStore for tests and the bench (Forge keeps secrets in `kvs.setSecret`; this keeps them in a Map).
 *
 * @example
 * const secrets = new MemorySecrets(); await secrets.setSecret('ci:lib1', { secret: 's' });
 */
export class MemorySecrets implements SecretStore {
  readonly values = new Map<string, unknown>();
  async getSecret<T>(key: string): Promise<T | undefined> {
    return this.values.get(key) as T | undefined;
  }
  async setSecret<T>(key: string, value: T): Promise<void> {
    this.values.set(key, value);
  }
  async deleteSecret(key: string): Promise<void> {
    this.values.delete(key);
  }
}
