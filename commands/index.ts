import type { Command } from '../src/bot/Command.js';
import { help } from './help.js';
import { ledger } from './ledger.js';
import { progress } from './progress.js';
import { search } from './search.js';

/** Every chat command, in the order 帮助 lists them. A new command is a new file plus one line here. */
export const commands: readonly Command[] = [progress, ledger, search, help];
