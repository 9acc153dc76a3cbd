/**
 * The Deadline port on Forge: what the running invocation has left, as the runtime reports it
 * (`getAppContext().invocationRemainingTimeInMillis()`, @forge/api); undefined outside an invocation.
 */
import { getAppContext } from '@forge/api';
import type { Deadline } from '../../core/platform/limits';

export const forgeDeadline: Deadline = {
  remainingMs() {
    try {
      return getAppContext().invocationRemainingTimeInMillis();
    } catch {
      return undefined;
    }
  },
};
