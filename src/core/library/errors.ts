/** A request about Libraries that cannot be carried out as asked; the message is safe to show to the user. */
export class LibraryError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid' | 'forbidden' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'LibraryError';
  }
}
