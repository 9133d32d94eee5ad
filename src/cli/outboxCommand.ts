import type { Config } from '../config.js';
import type { OutboxRecord } from '../outbox/OutboxRecord.js';
import { openLedger } from '../storage/openLedger.js';
import type { Storage } from '../storage/Storage.js';
import { formatTime } from '../text/formatTime.js';
import { CliFailure } from './CliFailure.js';
import { CliUsageError } from './CliUsageError.js';
import { openWritable } from './openWritable.js';
import { parseCommandArgs } from './parseCommandArgs.js';

export const outboxUsage =
  'outbox list | retry <id>|--failed | prune   查看待发/失败的推送；把失败的重新排队；清理（后两者需先停止机器人）';

const STATES: Array<[OutboxRecord['state'], string]> = [
  ['pending', '待发'],
  ['failed', '失败'],
  ['sent', '已发'],
];

/** For operators: what the outbox holds, failed pushes back in the queue, and a prune on demand. */
export async function outboxCommand(argv: string[], config: Config, now = Date.now()): Promise<string> {
  const { values, positionals } = parseCommandArgs(argv, {
    usage: outboxUsage,
    options: { failed: { type: 'boolean', default: false } },
    positionals: true,
  });
  const [action, id, ...extra] = positionals;
  if (extra.length) throw new CliUsageError(outboxUsage, `多余的参数：${extra[0]}`);
  const which = values.failed ? '--failed' : id;
  if (action === 'list' && !which) return list(config, now);
  if (action === 'retry' && which && !(values.failed && id)) return withWritable(config, now, (s) => retry(s, which));
  if (action === 'prune' && !which)
    return withWritable(config, now, async (s) => `已清理 ${await s.outbox.prune(now)} 条不再需要的记录。`);
  throw new CliUsageError(outboxUsage, action ? undefined : '缺少子命令：list、retry 或 prune');
}

async function list(config: Config, now: number): Promise<string> {
  const { storage } = await openLedger(config.dataDir, {
    clock: () => now,
    readOnly: true,
    database: config.database,
  });
  try {
    const records = await storage.outbox.all();
    const count = (state: string) => records.filter((r) => r.state === state).length;
    const lines = [STATES.map(([state, name]) => `${name} ${count(state)}`).join('，')];
    for (const r of records.filter((r) => r.state !== 'sent')) {
      const state = STATES.find(([s]) => s === r.state)![1];
      const when = r.nextAttemptAt ? `，下次 ${formatTime(r.nextAttemptAt, config.timeZone)}` : '';
      lines.push(`${state}  ${r.id}  已试 ${r.attempts} 次${when}${r.lastError ? `：${r.lastError}` : ''}`);
    }
    return lines.join('\n');
  } finally {
    await storage.close();
  }
}

async function retry(storage: Storage, which: string): Promise<string> {
  const failed = (await storage.outbox.all()).filter((r) => r.state === 'failed');
  const chosen = which === '--failed' ? failed : failed.filter((r) => r.id === which);
  if (which !== '--failed' && !chosen.length)
    throw new CliFailure(`没有 id 为 ${which} 的失败记录（先运行 outbox list）。`);
  // A response_url is spent once refused: nothing could deliver it again.
  const spent = chosen.filter((r) => r.target.kind === 'response');
  const again = chosen.filter((r) => r.target.kind !== 'response');
  for (const r of again)
    await storage.outbox.update(r.id, {
      state: 'pending',
      attempts: 0,
      nextAttemptAt: undefined,
      lastError: undefined,
    });
  const lines = [`已重新排队 ${again.length} 条，机器人启动后发送。`];
  if (spent.length) lines.push(`${spent.length} 条智能机器人回复的地址已失效，无法重发。`);
  return lines.join('\n');
}

async function withWritable(config: Config, now: number, run: (s: Storage) => Promise<string>): Promise<string> {
  const { storage } = await openWritable(
    config,
    () => now,
    '发件箱由它管理。请先停止机器人再运行 outbox retry 或 outbox prune。',
  );
  try {
    return await run(storage);
  } finally {
    await storage.close();
  }
}
