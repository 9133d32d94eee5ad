/**
 * A synthetic ledger far larger than any subdistrict's: the bundled report's 53 items repeated to
 * `items`, and `events` history events spread over the year before `now`, oldest first (the order
 * the store appends in). Written straight to db.json and events.jsonl in the store's own shapes.
 *   npx tsx bench/generateLedger.ts <dir> [items] [events]
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLED_REPORT } from '../src/config.js';
import { STATUSES, type ItemBase, type ItemEvent } from '../src/ledger/item.js';
import { DB_FILE, EVENTS_FILE } from '../src/storage/files/fileNames.js';
import { newLedgerDoc } from '../src/ledger/newLedgerDoc.js';
import { parseReport } from '../src/ledger/parseReport.js';
import { seededRandom } from '../test/helpers/seededRandom.js';

export interface GeneratedLedger {
  items: number;
  events: number;
  dbBytes: number;
  eventsBytes: number;
}

const YEAR_MS = 365 * 86_400_000;
const OFFICERS = Array.from({ length: 60 }, (_, i) => `officer${String(i + 1).padStart(2, '0')}`);
const UNITS = ['街道党工委', '街道办事处', '社区居委会', '城管中队', '财政所', '综治中心'];
const PHRASES = [
  '已召开专题会议研究部署',
  '完成排查并建立台账',
  '整改方案已报街道党工委审定',
  '清淤完成',
  '制度已修订印发',
  '已约谈相关责任人',
  '资金已退回指定账户',
];

export async function generateLedger(
  dataDir: string,
  o: { items: number; events: number; now: number; seed?: number },
): Promise<GeneratedLedger> {
  const random = seededRandom(o.seed ?? 2021);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const report = parseReport(await readFile(BUNDLED_REPORT, 'utf8'));
  const items: ItemBase[] = Array.from({ length: o.items }, (_, i) => ({
    ...report.items[i % report.items.length]!,
    no: i + 1,
  }));
  const doc = newLedgerDoc({ ...report, items }, path.basename(BUNDLED_REPORT), o.now - YEAR_MS);

  const lines: string[] = [];
  const start = o.now - YEAR_MS;
  for (let seq = 1; seq <= o.events; seq++) {
    const common = {
      seq,
      itemNo: 1 + Math.floor(random() * o.items),
      by: pick(OFFICERS),
      at: Math.floor(start + (seq / (o.events + 1)) * YEAR_MS),
    };
    lines.push(JSON.stringify(syntheticEvent(common, random, pick)));
  }
  const db = JSON.stringify(doc);
  const events = `${lines.join('\n')}\n`;
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, DB_FILE), db);
  await writeFile(path.join(dataDir, EVENTS_FILE), events);
  return { items: o.items, events: o.events, dbBytes: Buffer.byteLength(db), eventsBytes: Buffer.byteLength(events) };
}

/** Mostly progress updates, as in real use; some status changes, assignments and evidence photos. */
function syntheticEvent(
  common: Pick<ItemEvent, 'seq' | 'itemNo' | 'by' | 'at'>,
  random: () => number,
  pick: <T>(list: readonly T[]) => T,
): ItemEvent {
  const roll = random();
  const msgId = `74${String(common.seq).padStart(17, '0')}`;
  if (roll < 0.8) {
    const percent = Math.floor(random() * 101);
    return { ...common, msgId, type: 'update', text: `${pick(PHRASES)}，${pick(PHRASES)}，完成${percent}%`, percent };
  }
  if (roll < 0.88) return { ...common, msgId, type: 'status', status: pick(STATUSES) };
  if (roll < 0.95) return { ...common, type: 'assign', officers: [pick(OFFICERS), pick(OFFICERS)], unit: pick(UNITS) };
  const sha256 = Array.from({ length: 64 }, () => Math.floor(random() * 16).toString(16)).join('');
  return {
    ...common,
    msgId,
    type: 'evidence',
    file: `evidence/${common.itemNo}/${sha256.slice(0, 16)}.jpg`,
    sha256,
    bytes: 200_000 + Math.floor(random() * 2_000_000),
    mediaId: `MEDIA${common.seq}`,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, items = '5000', events = '100000'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: npx tsx bench/generateLedger.ts <dir> [items] [events]');
  const r = await generateLedger(path.resolve(dir), { items: Number(items), events: Number(events), now: Date.now() });
  process.stdout.write(
    `${r.items} items (${DB_FILE} ${(r.dbBytes / 2 ** 20).toFixed(1)} MB), ${r.events} events (${EVENTS_FILE} ${(r.eventsBytes / 2 ** 20).toFixed(1)} MB) in ${dir}\n`,
  );
}
