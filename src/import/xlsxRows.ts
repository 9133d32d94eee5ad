import type { Cell } from './readSheet.js';
import { ImportRefusedError } from './ImportRefusedError.js';

/**
 * The chosen sheet's rows as plain cells. exceljs already hands every cell of a merged range its
 * master's value, which is exactly "category merged over its items". Formulas give their result.
 */
export async function xlsxRows(
  bytes: Buffer,
  sheetName?: string,
): Promise<{ rows: Cell[][]; sheet: string; others: string[] }> {
  // Loaded on import only, like the export: exceljs is large.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = sheetName === undefined ? workbook.worksheets[0] : workbook.getWorksheet(sheetName);
  if (!sheet) {
    const names = workbook.worksheets.map((s) => s.name).join('、');
    throw new ImportRefusedError(
      sheetName === undefined ? '工作簿里没有工作表。' : `没有名为“${sheetName}”的工作表；有：${names}。`,
    );
  }
  const rows: Cell[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: Cell[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(plain(row.getCell(c).value));
    rows.push(cells);
  }
  return { rows, sheet: sheet.name, others: workbook.worksheets.map((s) => s.name).filter((n) => n !== sheet.name) };
}

function plain(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (v.richText) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return plain(v.result);
    if (typeof v.text === 'string') return v.text;
  }
  return null;
}
