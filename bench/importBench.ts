/**
 * Import of what a large unit brings: a 1,000-item 台账 workbook (merged categories, mixed deadlines,
 * several people per cell) and a 1 MB notice, each read from disk by the same code `cli import` runs.
 * Each run is a fresh read of the file (no cache to warm): the figure is what a user waits for.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readImportFile } from '../src/import/readImportFile.js';

export interface ImportFigure {
  what: string;
  bytes: number;
  items: number;
  runsMs: number[];
}

const DEADLINES = [new Date(Date.UTC(2025, 5, 30)), '2025年12月底前', '长期坚持', '2026/3/31', '2025年年底'];
const STATUSES = ['已完成', '整改中', '阶段性完成并需长期坚持', '已办结', ''];

async function workbook(items: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('台账');
  sheet.addRow(['巡察反馈问题整改台账']);
  sheet.mergeCells('A1:I1');
  sheet.addRow(['序号', '问题类别', '问题描述', '整改措施', '责任领导', '责任单位', '责任人', '整改时限', '完成情况']);
  const perCategory = 50;
  for (let i = 0; i < items; i++) {
    sheet.addRow([
      i + 1,
      `第${Math.floor(i / perCategory) + 1}类问题方面`,
      `第${i + 1}个问题：${'制度执行不到位，'.repeat(4)}`,
      `一是${'建立健全工作机制，'.repeat(6)}\n二是${'加强督促检查，'.repeat(6)}`,
      '王局长',
      `第${(i % 12) + 1}科`,
      '张三、李四',
      DEADLINES[i % DEADLINES.length],
      STATUSES[i % STATUSES.length],
    ]);
    if (i % perCategory === perCategory - 1) sheet.mergeCells(i + 3 - perCategory + 1, 2, i + 3, 2);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

function notice(bytes: number): string {
  const parts: string[] = ['某某局关于巡察反馈问题整改进展情况的通报', '现将整改进展情况通报如下。'];
  let size = 0;
  for (let part = 1; size < bytes; part++) {
    parts.push(`(${part})在第${part}个方面`);
    for (let n = 1; n <= 20 && size < bytes; n++) {
      const item = [
        `${n}.关于“第${part}方面第${n}个问题落实不到位”的问题。`,
        `整改措施:一是${'完善制度，强化监督，'.repeat(12)}二是${'开展专项检查，'.repeat(10)}`,
        `整改进度:${STATUSES[n % 4]}。`,
      ].join('\n');
      parts.push(item);
      size += Buffer.byteLength(item) + 1;
    }
  }
  return parts.join('\n');
}

async function timeReads(file: string, what: string, runs: number): Promise<ImportFigure> {
  const runsMs: number[] = [];
  let items = 0;
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    items = (await readImportFile(file)).items.length;
    runsMs.push(performance.now() - started);
  }
  return { what, bytes: (await stat(file)).size, items, runsMs };
}

export async function importBench(options: {
  items: number;
  noticeBytes: number;
  runs: number;
}): Promise<ImportFigure[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-import-bench-'));
  try {
    const xlsx = path.join(dir, 'ledger.xlsx');
    await writeFile(xlsx, await workbook(options.items));
    const txt = path.join(dir, 'notice.txt');
    await writeFile(txt, notice(options.noticeBytes));
    return [
      await timeReads(xlsx, `${options.items}-item xlsx`, options.runs),
      await timeReads(txt, 'notice', options.runs),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
