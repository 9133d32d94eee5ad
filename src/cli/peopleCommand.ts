import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import type { LedgerSet } from '../ledger/LedgerSet.js';
import { createLogger } from '../log.js';
import { formatPeopleCsv, PEOPLE_FILE, readPeopleCsv, type ReadPeople } from '../people/peopleCsv.js';
import { Roster } from '../people/Roster.js';
import { fetchContacts, mergeRoster } from '../people/syncContacts.js';
import { openLedger } from '../storage/openLedger.js';
import { writeFileAtomic } from '../storage/files/writeFileAtomic.js';
import { WeComApiError, WeComNetworkError } from '../wecom/errors.js';
import { WeComClient } from '../wecom/WeComClient.js';
import { CliFailure } from './CliFailure.js';
import { CliUsageError } from './CliUsageError.js';
import { parseCommandArgs } from './parseCommandArgs.js';

export const peopleUsage =
  'people [sync]   名册：列出姓名、userid、部门和未绑定的责任人；sync 从企业微信通讯录更新 people.csv';

/** What an operator does about each documented refusal of the contact reads. */
const SYNC_HINTS: Record<number, string> = {
  40001: '应用 Secret 无效：检查 WECOM_SECRET 与 WECOM_CORP_ID',
  48002: '此应用无权调用通讯录接口：在管理后台确认这是自建应用，或改为编辑 people.csv',
  60011: '应用无权读取这些成员：在管理后台把应用的可见范围设为需要同步的部门（范围外的成员读不到）',
  60020: '服务器出口 IP 不在应用的企业可信 IP 中：到管理后台添加',
  60123: '部门不存在或已删除：再运行一次同步',
};

export async function peopleCommand(argv: string[], config: Config): Promise<string> {
  const { positionals } = parseCommandArgs(argv, { usage: peopleUsage, options: {}, positionals: true });
  const [verb, ...extra] = positionals;
  if (extra.length || (verb !== undefined && verb !== 'sync')) throw new CliUsageError(peopleUsage);
  return verb === 'sync' ? sync(config) : list(config);
}

async function readFileRoster(dataDir: string): Promise<ReadPeople> {
  try {
    return readPeopleCsv(await readFile(path.join(dataDir, PEOPLE_FILE)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { people: [], problems: [] };
    throw err;
  }
}

async function list(config: Config): Promise<string> {
  const { people, problems } = await readFileRoster(config.dataDir);
  const roster = new Roster(people);
  const { storage, ledgers } = await openLedger(config.dataDir, { clock: Date.now, readOnly: true });
  try {
    const lines = [
      people.length
        ? `名册（${path.join(config.dataDir, PEOPLE_FILE)}）共 ${people.length} 人：`
        : `名册为空：在 ${path.join(config.dataDir, PEOPLE_FILE)} 写入 姓名,userid,部门，或运行 people sync。`,
      ...people.map((p) => `  ${p.name}\t${p.userId}\t${p.department}`),
      ...problems.map((p) => `  未读入：${p}`),
    ];
    const unbound = unboundNames(ledgers, roster);
    lines.push(unbound.length ? `未绑定（${unbound.length}）：` : '台账里的责任人都已绑定。');
    for (const u of unbound) lines.push(`  ${u.name}：${u.why}，见 ${u.items.join('、')}`);
    return lines.join('\n');
  } finally {
    await storage.close();
  }
}

/** Names in imported 责任人 columns the roster cannot bind, and assigned userids it does not know. */
function unboundNames(ledgers: LedgerSet, roster: Roster): { name: string; why: string; items: string[] }[] {
  const found = new Map<string, { name: string; why: string; items: string[] }>();
  const note = (name: string, why: string, item: string) => {
    const entry = found.get(name) ?? { name, why, items: [] };
    if (!entry.items.includes(item)) entry.items.push(item);
    found.set(name, entry);
  };
  for (const { ledger, item } of ledgers.items()) {
    const ref = ledgers.itemName(ledger, item.no);
    for (const name of item.people ?? []) {
      const namesakes = roster.byName(name).length;
      if (namesakes !== 1) note(name, namesakes ? `名册中有 ${namesakes} 人同名` : '名册中没有', ref);
    }
    for (const id of item.officers) if (!roster.byUserId(id)) note(id, '指派的 userid 不在名册中', ref);
  }
  return [...found.values()];
}

/**
 * Safe while the bot runs: the bot only reads people.csv, and the new file replaces the old by rename,
 * so it reads one whole version or the other.
 */
async function sync(config: Config): Promise<string> {
  if (config.demo)
    throw new CliFailure('演示模式没有企业微信通讯录可同步：请直接编辑 people.csv（姓名,userid,部门）。');
  const api = new WeComClient({
    apiBase: config.wecom.apiBase,
    corpId: config.wecom.corpId,
    secret: config.wecom.secret,
    log: createLogger(config.logLevel, process.stderr),
  });
  let synced: Awaited<ReturnType<typeof fetchContacts>>;
  try {
    synced = await fetchContacts(api);
  } catch (err) {
    if (err instanceof WeComApiError) {
      const hint = SYNC_HINTS[err.errcode] ?? `企业微信答复 ${err.errcode}（${err.errmsg}）`;
      throw new CliFailure(`同步失败（${err.api}）：${hint}。people.csv 未改动，仍可手工编辑。`);
    }
    if (err instanceof WeComNetworkError) throw new CliFailure(`同步失败：连不上企业微信（${err.message}）。`);
    throw err;
  }
  if (!synced.length) throw new CliFailure('通讯录里一个成员也没读到：应用的可见范围可能为空。people.csv 未改动。');
  const file = path.join(config.dataDir, PEOPLE_FILE);
  const before = await readFileRoster(config.dataDir);
  const merged = mergeRoster(before.people, synced);
  await writeFileAtomic(file, formatPeopleCsv(merged.people));
  return [
    `已从企业微信通讯录同步 ${synced.length} 人 → ${file}`,
    `新增 ${merged.added} 人，更新 ${merged.updated} 人，保留手工添加的 ${merged.kept} 人。`,
  ].join('\n');
}
