import { readFile } from 'node:fs/promises';
import type { ItemBase } from '../ledger/item.js';
import { csvRows } from './csvRows.js';
import { decodeText } from './decodeText.js';
import { detectFormat } from './detectFormat.js';
import { ImportRefusedError } from './ImportRefusedError.js';
import { type Cell, readSheet, text } from './readSheet.js';
import { mapHeader } from './sheetHeader.js';
import { xlsxRows } from './xlsxRows.js';

/** One row of an edited export: the item it says, the number it carries and when the bot last changed it. */
export interface EditedRow {
  /** Row number as Excel shows it. */
  at: number;
  /** 序号 as written: the item's number in the ledger, or undefined for a row added by hand. */
  no?: number;
  /** 更新时间 as exported ('' when the item had no event yet). */
  updatedAt: string;
  base: ItemBase;
}

/**
 * The rows of an edited 导出 (.xlsx or .csv): each read on its own as the importer reads a 台账 row —
 * the export writes every cell of every row, so nothing is carried down — plus the 序号 and 更新时间
 * columns the importer leaves to the bot. `sheet`: the ledger's sheet in a workbook of several.
 */
export async function readEditedRows(file: string, sheet?: string): Promise<EditedRow[]> {
  const bytes = await readFile(file);
  const format = detectFormat(bytes, file);
  let rows: Cell[][];
  if (format === 'xlsx') rows = (await xlsxRowsOf(bytes, sheet)).rows;
  else if (format === 'csv') rows = csvRows(decodeText(bytes));
  else throw new ImportRefusedError('--merge 只读本机器人导出的 .xlsx 或 .csv 台账。');
  const headerAt = rows.slice(0, 30).findIndex((row) => mapHeader(row.map(text)) !== undefined);
  if (headerAt < 0) throw new ImportRefusedError('没有找到表头：这不像本机器人导出的台账。');
  const header = rows[headerAt]!.map(text);
  const noAt = header.indexOf('序号');
  const updatedAt = header.indexOf('更新时间');
  if (noAt < 0 || updatedAt < 0)
    throw new ImportRefusedError('表头缺少“序号”或“更新时间”列：--merge 需要本机器人导出的表格（请勿删除这两列）。');
  const edited: EditedRow[] = [];
  rows.slice(headerAt + 1).forEach((row, i) => {
    let base: ItemBase | undefined;
    try {
      base = readSheet([rows[headerAt]!, row], '').items[0];
    } catch (err) {
      if (!(err instanceof ImportRefusedError)) throw err;
    }
    if (!base) return; // blank, footer or banner row
    const no = Number(text(row[noAt]));
    edited.push({
      at: headerAt + i + 2,
      ...(Number.isInteger(no) && no > 0 && { no }),
      updatedAt: text(row[updatedAt]),
      base,
    });
  });
  return edited;
}

/** The sheet named after the ledger when the workbook has one (an export of every ledger), else the first. */
async function xlsxRowsOf(bytes: Buffer, sheet?: string): Promise<{ rows: Cell[][] }> {
  if (sheet === undefined) return xlsxRows(bytes);
  try {
    return await xlsxRows(bytes, sheet);
  } catch (err) {
    if (err instanceof ImportRefusedError) return xlsxRows(bytes);
    throw err;
  }
}
