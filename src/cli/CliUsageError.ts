/** Wrong arguments: the CLI names the problem and prints the usage line instead of a stack trace (exit 2). */
export class CliUsageError extends Error {
  constructor(
    readonly usage: string,
    readonly problem?: string,
  ) {
    super(problem ? `${problem}\n用法：npm run cli -- ${usage}` : `用法：npm run cli -- ${usage}`);
  }
}

/** `--help` or `-h`: the usage is the answer (exit 0). */
export class CliHelp extends Error {}
