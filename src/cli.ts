import { backup, backupUsage } from './cli/backup.js';
import { chat, chatUsage } from './cli/chat.js';
import { chatCreate, chatCreateUsage } from './cli/chatCreate.js';
import { CliFailure } from './cli/CliFailure.js';
import { closest } from './cli/closest.js';
import { CliHelp, CliUsageError } from './cli/CliUsageError.js';
import { digest, digestUsage } from './cli/digest.js';
import { exportCommand, exportUsage } from './cli/exportCommand.js';
import { importCommand, importUsage } from './cli/importCommand.js';
import { outboxCommand, outboxUsage } from './cli/outboxCommand.js';
import { peopleCommand, peopleUsage } from './cli/peopleCommand.js';
import { reminders, remindersUsage } from './cli/reminders.js';
import { restore, restoreUsage } from './cli/restore.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { loadEnvFile } from './envFile.js';
import { ImportRefusedError } from './import/ImportRefusedError.js';
import { CorruptDataError } from './storage/CorruptDataError.js';
import { DataLockedError } from './storage/files/DataLockedError.js';
import { LedgerExistsError } from './storage/files/importLedger.js';
import { LedgerMissingError } from './storage/files/LedgerMissingError.js';
import { ReportFormatError } from './ledger/ReportFormatError.js';

type Subcommand = (argv: string[], config: Config) => Promise<string>;

/** `readsData`: say which data folder was read (on stderr, so stdout stays the output itself). */
const SUBCOMMANDS: Record<string, { run: Subcommand; usage: string; readsData?: boolean }> = {
  chat: { run: chat, usage: chatUsage },
  import: { run: importCommand, usage: importUsage },
  export: { run: exportCommand, usage: exportUsage, readsData: true },
  digest: { run: digest, usage: digestUsage, readsData: true },
  reminders: { run: reminders, usage: remindersUsage },
  'chat-create': { run: chatCreate, usage: chatCreateUsage },
  backup: { run: backup, usage: backupUsage, readsData: true },
  restore: { run: restore, usage: restoreUsage, readsData: true },
  outbox: { run: outboxCommand, usage: outboxUsage, readsData: true },
  people: { run: peopleCommand, usage: peopleUsage, readsData: true },
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
  if (!name || ['help', '--help', '-h'].includes(name)) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (!sub) {
    const near = closest(name, Object.keys(SUBCOMMANDS));
    process.stderr.write(`未知命令：${name}${near ? `，是不是 ${near}？` : ''}\n${usage()}\n`);
    return 2;
  }
  try {
    const envFile = loadEnvFile();
    if (envFile) process.stderr.write(`配置：已读取 ${envFile}\n`);
    const config = loadConfig();
    const output = await sub.run(rest, config);
    if (sub.readsData) process.stderr.write(`数据目录：${config.dataDir}\n`);
    process.stdout.write(`${output}\n`);
    return 0;
  } catch (err) {
    if (err instanceof CliHelp) {
      process.stdout.write(`${err.message}\n`);
      return 0;
    }
    if (!EXPECTED.some((e) => err instanceof e) && !isFileError(err)) throw err;
    process.stderr.write(`${(err as Error).message}\n`);
    return err instanceof CliUsageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
