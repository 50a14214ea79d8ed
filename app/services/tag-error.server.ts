/** A refused tag or promoter-action change, with the message to show and the HTTP status. */
export class ConsoleActionError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409,
  ) {
    super(message);
  }
}
