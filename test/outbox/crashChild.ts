/**
 * The bot as its own process for the crash test: the production wiring (startBot, environment
 * config) with the clock fixed by TEST_NOW_MS, so what is due does not depend on the machine's clock.
 * With TEST_NOTICE_USER set it also queues one private message to that member.
 */
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startBot } from '../../src/startBot.js';

const now = Number(process.env.TEST_NOW_MS);
const bot = await startBot(loadConfig(), { clock: () => now, log: createLogger('silent') });
const user = process.env.TEST_NOTICE_USER;
if (user) {
  await bot.outbox.enqueue([
    {
      kind: 'notice',
      period: 'crash-test',
      target: { kind: 'user', userId: user },
      message: { msgtype: 'text', parts: ['第3项已提交销号，请审核'] },
    },
  ]);
}
