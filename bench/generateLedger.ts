/**
 * A synthetic ledger far larger than any subdistrict's: the bundled report's 53 items repeated to
 * `items`, and `events` history events spread over the year before `now`, oldest first (the order
 * the store appends in). Written straight to db.json and events.jsonl in the store's own shapes.
 *   npx tsx bench/generateLedger.ts <dir> [items] [events] [ledgers]
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLED_REPORT } from '../src/config.js';
import { STATUSES, type ItemBase, type ItemEvent } from '../src/ledger/item.js';
import { DB_FILE, EVENTS_FILE, LEDGERS_DIR } from '../src/storage/files/fileNames.js';
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

/** Codes of generated ledgers beyond one: letters, as codes never hold digits. */
const CODES = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * `ledgers` > 1 writes that many side by side (the first in dataDir, the rest under ledgers/l2 …),
 * each with `items` items, named 台账A, 台账B … and coded A, B …; `events` are shared out evenly.
 */
export async function generateLedger(
  dataDir: string,
  o: { items: number; events: number; now: number; seed?: number; ledgers?: number },
): Promise<GeneratedLedger> {
  const random = seededRandom(o.seed ?? 2021);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const report = parseReport(await readFile(BUNDLED_REPORT, 'utf8'));
  const items: ItemBase[] = Array.from({ length: o.items }, (_, i) => ({
    ...report.items[i % report.items.length]!,
    no: i + 1,
  }));
  const count = o.ledgers ?? 1;
  const total: GeneratedLedger = { items: 0, events: 0, dbBytes: 0, eventsBytes: 0 };
  const start = o.now - YEAR_MS;
  for (let k = 0; k < count; k++) {
    const events = Math.floor(o.events / count) + (k < o.events % count ? 1 : 0);
    const code = CODES[k]!;
    const doc = {
      ...newLedgerDoc({ ...report, items }, path.basename(BUNDLED_REPORT), start + k),
      ...(count > 1 && { name: `台账${code}`, code }),
      ...(k > 0 && { id: `l${k + 1}` }),
    };
    const lines: string[] = [];
    for (let seq = 1; seq <= events; seq++) {
      const common = {
        seq,
        itemNo: 1 + Math.floor(random() * o.items),
        by: pick(OFFICERS),
        at: Math.floor(start + (seq / (events + 1)) * YEAR_MS),
      };
      lines.push(JSON.stringify(syntheticEvent(common, random, pick, k)));
    }
    const db = JSON.stringify(doc);
    const history = `${lines.join('\n')}\n`;
    const dir = k === 0 ? dataDir : path.join(dataDir, LEDGERS_DIR, `l${k + 1}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, DB_FILE), db);
    await writeFile(path.join(dir, EVENTS_FILE), history);
    total.items += o.items;
    total.events += events;
    total.dbBytes += Buffer.byteLength(db);
    total.eventsBytes += Buffer.byteLength(history);
  }
  return total;
}

/** Mostly progress updates, as in real use; some status changes, assignments and evidence photos. */
function syntheticEvent(
  common: Pick<ItemEvent, 'seq' | 'itemNo' | 'by' | 'at'>,
  random: () => number,
  pick: <T>(list: readonly T[]) => T,
  ledger: number,
): ItemEvent {
  const roll = random();
  // Message ids are unique across ledgers, as WeCom's are.
  const msgId = `74${String(ledger).padStart(2, '0')}${String(common.seq).padStart(15, '0')}`;
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
  const [dir, items = '5000', events = '100000', ledgers = '1'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: npx tsx bench/generateLedger.ts <dir> [items] [events] [ledgers]');
  const r = await generateLedger(path.resolve(dir), {
    items: Number(items),
    events: Number(events),
    now: Date.now(),
    ledgers: Number(ledgers),
  });
  process.stdout.write(
    `${r.items} items (${DB_FILE} ${(r.dbBytes / 2 ** 20).toFixed(1)} MB), ${r.events} events (${EVENTS_FILE} ${(r.eventsBytes / 2 ** 20).toFixed(1)} MB) in ${dir}\n`,
  );
}
