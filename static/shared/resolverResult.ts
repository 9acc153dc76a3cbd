/**
 * Resolvers refuse with `{ error: { code, message } }` (src/contract.ts) instead of throwing, so the
 * message is safe to show. This tells such an answer apart from a result without importing server code.
 */
export interface RefusedResult {
  error: { code?: string; message: string };
}

export function isRefused(value: unknown): value is RefusedResult {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error?: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}
