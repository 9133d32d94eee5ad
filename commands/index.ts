import type { Command } from '../src/bot/Command.js';
import { archive, restore } from './archive.js';
import { assign } from './assign.js';
import { close } from './close.js';
import { complete } from './complete.js';
import { deadline } from './deadline.js';
import { digest } from './digest.js';
import { exportLedger } from './exportLedger.js';
import { help } from './help.js';
import { history } from './history.js';
import { ledger } from './ledger.js';
import { mine } from './mine.js';
import { progress } from './progress.js';
import { reject } from './reject.js';
import { retract } from './retract.js';
import { search } from './search.js';

/** Every chat command, in the order 帮助 lists them. A new command is a new file plus one line here. */
export const commands: readonly Command[] = [
  progress,
  ledger,
  search,
  mine,
  history,
  complete,
  retract,
  assign,
  deadline,
  close,
  reject,
  exportLedger,
  archive,
  restore,
  digest,
  help,
];
