/** A refusal the reviewer or agent can act on; `code` maps onto the resolvers' and actions' error codes. */
export class ReviewError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid' | 'conflict' | 'forbidden' | 'busy',
    message: string,
  ) {
    super(message);
    this.name = 'ReviewError';
  }
}
