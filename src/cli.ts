import { chat, chatUsage } from './cli/chat.js';
import { chatCreate, chatCreateUsage } from './cli/chatCreate.js';
import { CliFailure } from './cli/CliFailure.js';
import { CliUsageError } from './cli/CliUsageError.js';
import { digest, digestUsage } from './cli/digest.js';
import { exportCommand, exportUsage } from './cli/exportCommand.js';
import { importCommand, importUsage } from './cli/importCommand.js';
import { reminders, remindersUsage } from './cli/reminders.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { loadEnvFile } from './envFile.js';
import { ImportRefusedError } from './import/ImportRefusedError.js';
import { CorruptDataError } from './storage/CorruptDataError.js';
import { DataLockedError } from './storage/files/DataLockedError.js';
import { LedgerExistsError } from './storage/files/importLedger.js';
import { LedgerMissingError } from './storage/files/LedgerMissingError.js';
import { ReportFormatError } from './ledger/ReportFormatError.js';

type Subcommand = (argv: string[], config: Config) => Promise<string>;

const SUBCOMMANDS: Record<string, { run: Subcommand; usage: string }> = {
  chat: { run: chat, usage: chatUsage },
  import: { run: importCommand, usage: importUsage },
  export: { run: exportCommand, usage: exportUsage },
  digest: { run: digest, usage: digestUsage },
  reminders: { run: reminders, usage: remindersUsage },
  'chat-create': { run: chatCreate, usage: chatCreateUsage },
};

/** Failures a user can act on: print the message, not the stack. */
const EXPECTED = [
  CliFailure,
  CliUsageError,
  ConfigError,
  CorruptDataError,
  DataLockedError,
  ImportRefusedError,
  LedgerExistsError,
  LedgerMissingError,
  ReportFormatError,
];

/** A path the user typed that cannot be read or written (ENOENT, EACCES, EISDIR…): Node's own message names it. */
function isFileError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).path === 'string';
}

function usage(): string {
  return ['用法：npm run cli -- <命令> [参数]', ...Object.values(SUBCOMMANDS).map((s) => `  ${s.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const sub = name ? SUBCOMMANDS[name] : undefined;
  if (!sub) {
    process.stdout.write(`${usage()}\n`);
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  try {
    const envFile = loadEnvFile();
    if (envFile) process.stderr.write(`配置：已读取 ${envFile}\n`);
    process.stdout.write(`${await sub.run(rest, loadConfig())}\n`);
    return 0;
  } catch (err) {
    if (!EXPECTED.some((e) => err instanceof e) && !isFileError(err)) throw err;
    process.stderr.write(
      err instanceof CliUsageError ? `用法：npm run cli -- ${err.message}\n` : `${(err as Error).message}\n`,
    );
    return err instanceof CliUsageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
