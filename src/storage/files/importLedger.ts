import { access, mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { ImportedLedger } from '../../import/ImportedLedger.js';
import { readImportFile } from '../../import/readImportFile.js';
import { AtomicJsonFile } from './AtomicJsonFile.js';
import { copyInto, copyWholeLines, createBackupSet, pruneBackups } from './backups.js';
import { deriveLedgerName } from '../../ledger/deriveLedgerName.js';
import { codeProblem, freeCode } from '../../ledger/LedgerSet.js';
import { nextLedgerId, readLedgerShelf, type ShelvedLedger } from './readLedgerShelf.js';
import { PRIVATE_DIR } from './privateModes.js';
import { carryHistory, type HistoryPlan } from '../../ledger/carryHistory.js';
import { acquireDataLock } from './dataLock.js';
import { EventLog } from './EventLog.js';
import type { LedgerFile } from '../../ledger/LedgerDoc.js';
import { DB_FILE, EVENTS_FILE, LEDGERS_DIR } from './fileNames.js';
import { newLedgerDoc } from '../../ledger/newLedgerDoc.js';
import { takeBackup } from './takeBackup.js';
import { writeFileAtomic } from './writeFileAtomic.js';

export interface ImportResult {
  items: number;
  categories: number;
  backups: string[];
  /** The ledger written: what people call it and type before its numbers; `added` when it sits beside others. */
  ledger: { name: string; code: string; added: boolean };
  /** Set when a ledger with history was replaced. */
  history?: { carriedEvents: number; carriedItems: number; droppedEvents: number; droppedItems: number[] };
}

export interface ImportOptions {
  /** false: add beside the ledgers there are; true: replace the first; a name or code: replace that one. */
  replace: boolean | string;
  /** Short name people read (审计2022); derived from the document's title when absent. */
  name?: string;
  /** What people type before a number (审 in 「进度 审20」); assigned when absent. */
  code?: string;
  now: number;
  /** Replace even when some old history finds no item in the new ledger (it stays in the backup). */
  discardHistory?: boolean;
  /** Already read (the CLI shows it first); read from the file otherwise. */
  report?: ImportedLedger;
  sheet?: string;
  /** Names the backup set; UTC unless told. */
  timeZone?: string;
}

export class LedgerExistsError extends Error {}

const REPLACE_HINT =
  '加 --replace 替换：原编号或问题原文相同的事项带上原有的进展、指派和佐证记录，' +
  '其余事项的记录要再加 --discard-history 才会舍弃；旧文件都会备份';

/**
 * Builds a ledger from a file. Reading comes first, so a file that is not a ledger writes nothing;
 * replacing keeps timestamped copies of the old ledger and its history, and moves that history onto
 * the matching new items.
 */
export async function importLedger(dataDir: string, reportFile: string, options: ImportOptions): Promise<ImportResult> {
  const report =
    options.report ?? (await readImportFile(reportFile, { ...(options.sheet && { sheet: options.sheet }) }));
  const release = acquireDataLock(dataDir);
  try {
    const firstDb = path.join(dataDir, DB_FILE);
    const hasLedger = await exists(firstDb);
    // History whose ledger was lost is the only record left of it: never delete it unbacked.
    const orphan = !hasLedger && (await hasEvents(path.join(dataDir, EVENTS_FILE)));
    if (!options.replace && orphan)
      throw new LedgerExistsError(`${path.join(dataDir, EVENTS_FILE)} 中有旧台账的历史记录。${REPLACE_HINT}。`);
    const shelf = hasLedger ? await readLedgerShelf(dataDir) : [];
    const target = options.replace ? findTarget(shelf, options.replace) : undefined;
    const dir = target?.dir ?? (hasLedger ? path.join(dataDir, LEDGERS_DIR, nextLedgerId(shelf)) : dataDir);
    const others = shelf.filter((l) => l !== target);
    const name = chooseName(options.name, target?.name, report, reportFile, others);
    const code = chooseCode(options.code, target?.code, name, others);
    const doc: LedgerFile = {
      ...newLedgerDoc(report, path.basename(reportFile), options.now),
      ...(dir !== dataDir && { id: path.basename(dir) }),
      name,
      code,
    };
    const written = await writeLedger(dataDir, dir, doc, report, options, target !== undefined || !hasLedger);
    await pruneBackups(dataDir);
    return {
      items: report.items.length,
      categories: report.categories.length,
      ...written,
      ledger: { name, code, added: shelf.length > 0 && !target },
    };
  } finally {
    release();
  }
}

/**
 * Writes one ledger's files in `dir`. Replacing keeps a backup set of what it replaces and moves the
 * old history onto the matching new items; a new ledger beside others has neither.
 */
async function writeLedger(
  dataDir: string,
  dir: string,
  doc: LedgerFile,
  report: ImportedLedger,
  options: ImportOptions,
  replacing: boolean,
): Promise<Pick<ImportResult, 'backups' | 'history'>> {
  const db = path.join(dir, DB_FILE);
  const events = path.join(dir, EVENTS_FILE);
  const hasLedger = await exists(db);
  const hasHistory = await hasEvents(events);
  if (!replacing && (hasLedger || hasHistory)) throw new LedgerExistsError(`${dir} 已有台账。${REPLACE_HINT}。`);
  const plan = hasHistory ? await planHistory(db, events, report, hasLedger) : undefined;
  if (plan?.lost.length && !options.discardHistory) throw lostHistory(plan);
  const backups = hasLedger || hasHistory ? await backUp(dataDir, dir, options) : [];
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  // History first: a crash in between leaves the old ledger without history (backed up), never old history on new
  // items.
  if (plan?.carried.length) await writeFileAtomic(events, plan.carried.map((e) => `${JSON.stringify(e)}\n`).join(''));
  else await rm(events, { force: true });
  // db.json last: a folder under ledgers/ without it is one an import never finished, and is skipped.
  await new Low<LedgerFile>(new AtomicJsonFile(db), doc).write();
  return {
    backups,
    ...(plan && {
      history: {
        carriedEvents: plan.carried.length,
        carriedItems: plan.carriedItems,
        droppedEvents: plan.lost.reduce((sum, l) => sum + l.events, 0),
        droppedItems: plan.lost.map((l) => l.no),
      },
    }),
  };
}

/** The first ledger's files go into the set itself, a further one's into ledgers/<id>/ inside it, as at start. */
async function backUp(dataDir: string, dir: string, options: ImportOptions): Promise<string[]> {
  const timeZone = options.timeZone ?? 'UTC';
  if (dir === dataDir) return (await takeBackup(dataDir, options.now, timeZone)).files;
  const set = await createBackupSet(dataDir, options.now, timeZone);
  const sub = path.join(set, LEDGERS_DIR, path.basename(dir));
  await mkdir(sub, { recursive: true, mode: PRIVATE_DIR });
  const files = [];
  if (await exists(path.join(dir, DB_FILE))) files.push(await copyInto(sub, path.join(dir, DB_FILE)));
  if (await exists(path.join(dir, EVENTS_FILE))) files.push(await copyWholeLines(sub, path.join(dir, EVENTS_FILE)));
  return files;
}

/** The ledger `--replace` names: the first one when no name is given. */
function findTarget(shelf: readonly ShelvedLedger[], replace: true | string): ShelvedLedger | undefined {
  if (replace === true) return shelf[0];
  const word = replace.normalize('NFKC').trim();
  const found = shelf.find((l) => l.code === word || l.name === word || l.id === word);
  if (found) return found;
  const known = shelf.map((l) => `${l.code} ${l.name}`).join('、') || '（还没有台账）';
  throw new LedgerExistsError(`没有叫「${replace}」的台账。现有台账（代码 名称）：${known}`);
}

/** The name asked for, refused when taken; else the replaced ledger's own; else one derived, made unique. */
function chooseName(
  asked: string | undefined,
  kept: string | undefined,
  report: ImportedLedger,
  reportFile: string,
  others: readonly ShelvedLedger[],
): string {
  const taken = new Set(others.map((l) => l.name));
  const name = asked?.normalize('NFKC').trim();
  if (name && taken.has(name))
    throw new LedgerExistsError(`已有叫「${name}」的台账，请用 --name 另起一个名字（或用 --replace ${name} 替换它）`);
  if (name) return name;
  if (kept && !taken.has(kept)) return kept;
  const derived = deriveLedgerName(report.context.preface[0], path.basename(reportFile));
  for (let n = 1; ; n++)
    if (!taken.has(n === 1 ? derived : `${derived}（${n}）`)) return n === 1 ? derived : `${derived}（${n}）`;
}

/** The code asked for, checked; else the replaced ledger's own; else one assigned as the bot assigns them. */
function chooseCode(
  asked: string | undefined,
  kept: string | undefined,
  name: string,
  others: readonly ShelvedLedger[],
): string {
  const taken = new Set(others.map((l) => l.code));
  if (asked !== undefined) {
    const code = asked.normalize('NFKC').trim();
    const problem = codeProblem(code);
    if (problem) throw new LedgerExistsError(problem);
    const owner = others.find((l) => l.code === code);
    if (owner) throw new LedgerExistsError(`代码「${code}」已被台账「${owner.name}」使用，请换一个`);
    return code;
  }
  if (kept && !taken.has(kept)) return kept;
  const code = freeCode(name, taken);
  if (!code) throw new LedgerExistsError('没有可用的代码了，请用 --code 指定一个');
  return code;
}

async function hasEvents(file: string): Promise<boolean> {
  return ((await stat(file).catch(() => undefined))?.size ?? 0) > 0;
}

async function planHistory(
  db: string,
  events: string,
  report: ImportedLedger,
  hasLedger: boolean,
): Promise<HistoryPlan> {
  const old = hasLedger ? (JSON.parse(await readFile(db, 'utf8')) as LedgerFile).items : [];
  const { log, events: history } = await EventLog.open(events, true);
  await log.close();
  return carryHistory(old, history, report.items);
}

function lostHistory(plan: HistoryPlan): LedgerExistsError {
  const nos = plan.lost.map((l) => l.no);
  const shown = nos.length > 10 ? `${nos.slice(0, 10).join('、')} 等` : nos.join('、');
  return new LedgerExistsError(
    `新文件里找不到旧台账第 ${shown} 项（原编号和问题原文都对不上），它们的进展、指派和佐证记录带不过去。` +
      '核对无误后加 --discard-history 舍弃这些记录（旧文件会备份，佐证照片留在 evidence/ 下），其余事项的记录照常带过去。',
  );
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
