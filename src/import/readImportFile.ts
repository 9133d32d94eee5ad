import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { csvRows } from './csvRows.js';
import { decodeText } from './decodeText.js';
import { detectFormat } from './detectFormat.js';
import { docxContent } from './docxContent.js';
import { ImportRefusedError } from './ImportRefusedError.js';
import type { ImportedLedger } from './ImportedLedger.js';
import { readNotice } from './readNotice.js';
import { readSheet } from './readSheet.js';
import { mapHeader } from './sheetHeader.js';
import { text } from './readSheet.js';
import { xlsxRows } from './xlsxRows.js';

export interface ReadOptions {
  /** The .xlsx worksheet to read; the first one by default. */
  sheet?: string;
}

/** Any file a unit keeps its ledger in, read into items; nothing is stored. */
export async function readImportFile(file: string, options: ReadOptions = {}): Promise<ImportedLedger> {
  const bytes = await readFile(file);
  const format = detectFormat(bytes, file);
  if (options.sheet !== undefined && format !== 'xlsx')
    throw new ImportRefusedError(`--sheet 只用于 .xlsx 表格，${path.basename(file)} 不是。`);
  switch (format) {
    case 'notice': {
      const decoded = decodeText(bytes);
      return readNotice(decoded.text, `文本通报（${decoded.encoding}）`);
    }
    case 'csv': {
      const decoded = decodeText(bytes);
      return readSheet(csvRows(decoded), `CSV 表格（${decoded.encoding}）`);
    }
    case 'xlsx': {
      const { rows, sheet, others } = await xlsxRows(bytes, options.sheet);
      try {
        return readSheet(rows, `Excel 表格，工作表“${sheet}”`);
      } catch (err) {
        if (!(err instanceof ImportRefusedError) || options.sheet !== undefined || others.length === 0) throw err;
        throw new ImportRefusedError(
          `工作表“${sheet}”：${err.message}台账在别的工作表上？用 --sheet 指定：${others.join('、')}。`,
        );
      }
    }
    case 'docx': {
      const { tables, text: paragraphs } = await docxContent(bytes);
      // A 整改方案 keeps its items in a table; a notice saved as Word is paragraphs.
      const ledgerTable = tables.find((rows) => rows.slice(0, 30).some((row) => mapHeader(row.map(text))));
      return ledgerTable ? readSheet(ledgerTable, 'Word 文档中的表格') : readNotice(paragraphs, 'Word 文档的正文');
    }
  }
}
