/**
 * The one error type the simulator's state and routes throw: a Cloud status code plus a machine code and a
 * message. The HTTP layer renders it in the v1 or v2 error shape depending on the path it arose on.
 */
export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'SimError';
  }
}

export const notFound = (what = 'Not Found'): SimError => new SimError(404, 'NOT_FOUND', what);
export const badRequest = (message: string, code = 'INVALID_REQUEST_PARAMETER'): SimError => new SimError(400, code, message);
