import { isSheets, LEDGER_COLUMNS, type LedgerRow, type LedgerSheet } from './ledgerRows.js';

type Column = (typeof LEDGER_COLUMNS)[number];

/** Widths in characters, sized for Chinese text printed on A4 landscape. */
const WIDTHS: Record<Column, number> = {
  序号: 6,
  原编号: 10,
  类别: 18,
  问题: 36,
  整改措施: 60,
  整改进度: 14,
  进度原文: 16,
  整改时限: 14,
  责任领导: 10,
  责任单位: 14,
  责任人: 12,
  责任人姓名: 12,
  完成度: 8,
  最新进展: 30,
  更新时间: 17,
  佐证数: 8,
  备注: 20,
};
const CENTERED: ReadonlySet<Column> = new Set(['序号', '整改进度', '完成度', '佐证数']);

/**
 * The ledger as a workbook the way a party office hands it upward: frozen bold header, wrapped cells,
 * one sheet per ledger (rows alone make one sheet called 巡察整改台账).
 */
export async function toXlsx(ledgers: readonly LedgerRow[] | readonly LedgerSheet[]): Promise<Buffer> {
  // Loaded on the first export only: exceljs costs every start of the bot tens of MB and ms otherwise.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheets = isSheets(ledgers) ? ledgers : [{ name: '巡察整改台账', rows: ledgers as readonly LedgerRow[] }];
  for (const { name, rows } of sheets) addSheet(workbook.addWorksheet(sheetName(name)), rows);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Excel refuses sheet names over 31 characters or with : \ / ? * [ ]. */
function sheetName(name: string): string {
  return [...name.replace(/[:\\/?*[\]]/g, '·')].slice(0, 31).join('') || '台账';
}

function addSheet(sheet: import('exceljs').Worksheet, rows: readonly LedgerRow[]): void {
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  Object.assign(sheet.pageSetup, {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
  });
  sheet.columns = LEDGER_COLUMNS.map((c) => ({
    header: c,
    key: c,
    width: WIDTHS[c],
    style: { alignment: { wrapText: true, vertical: 'top', horizontal: CENTERED.has(c) ? 'center' : 'left' } },
  }));
  sheet.addRows(rows.map((row) => ({ ...row })));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } };
  // Repeat the header on every printed page.
  sheet.pageSetup.printTitlesRow = '1:1';
}
