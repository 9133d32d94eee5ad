import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from './closest.js';
import { CliHelp, CliUsageError } from './CliUsageError.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec<O extends Options> {
  usage: string;
  options: O;
  /** Whether the command takes bare words (a file, the chat text). */
  positionals?: boolean;
}

/**
 * The one argument parser of every subcommand: `--help`/`-h` print its usage; an unknown flag, a flag
 * without its value or a stray word is named, with the nearest flag when it looks like a typo.
 */
export function parseCommandArgs<O extends Options>(argv: string[], spec: CommandSpec<O>) {
  const { tokens } = parseArgs({
    args: argv,
    options: spec.options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const refuse = (problem: string) => new CliUsageError(spec.usage, problem);
  for (const token of tokens) {
    if (token.kind === 'positional' && !spec.positionals) throw refuse(`多余的参数：${token.value}`);
    if (token.kind !== 'option') continue;
    if (token.name === 'help' || token.name === 'h') throw new CliHelp(`用法：npm run cli -- ${spec.usage}`);
    const option = spec.options[token.name];
    if (!option) {
      const near = closest(token.name, Object.keys(spec.options));
      throw refuse(`未知参数：${token.rawName}${near ? `，是不是 --${near}？` : ''}`);
    }
    if (option.type === 'string' && (token.value === undefined || token.value.startsWith('--')))
      throw refuse(`${token.rawName} 后面缺少值`);
    if (option.type === 'boolean' && token.value !== undefined) throw refuse(`${token.rawName} 不带值`);
  }
  return parseArgs({ args: argv, options: spec.options, allowPositionals: spec.positionals ?? false, strict: true });
}
