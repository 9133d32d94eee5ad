/** The text given to parseReport is not a rectification-progress report; `line` is 1-based. */
export class ReportFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'ReportFormatError';
  }
}
