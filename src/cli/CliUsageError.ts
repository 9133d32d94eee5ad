/** Wrong arguments: the CLI prints the usage line instead of a stack trace. */
export class CliUsageError extends Error {}
