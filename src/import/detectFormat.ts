import path from 'node:path';
import { ImportRefusedError } from './ImportRefusedError.js';

export type ImportFormat = 'notice' | 'csv' | 'xlsx' | 'docx';

export const ACCEPTED_FORMATS = '.txt/.md 通报（UTF-8 或 GBK）、.xlsx 表格、.csv 表格、.docx 文档';

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'PDF 文件（请另存为 .docx 或 .txt）' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'PNG 图片' },
  { bytes: [0xff, 0xd8, 0xff], what: 'JPEG 图片' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'GIF 图片' },
  { bytes: [0xff, 0xfe], what: 'UTF-16 文本（请另存为 UTF-8 或 ANSI）' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 文本（请另存为 UTF-8 或 ANSI）' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: '旧版 Office 文件 .doc/.xls（请另存为 .docx 或 .xlsx）' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'RAR 压缩包' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: '7z 压缩包' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'RTF 文档（请另存为 .docx）' },
];

const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** Decided by the bytes, not the name: a report renamed to .txt, or a sheet mailed without extension, still works. */
export function detectFormat(bytes: Buffer, file: string): ImportFormat {
  const refuse = (what: string) =>
    new ImportRefusedError(`无法导入 ${path.basename(file)}：${what}。可导入的格式：${ACCEPTED_FORMATS}。`);
  if (bytes.toString('utf8').trim() === '' && !startsWith(bytes, ZIP)) throw refuse('文件是空的');
  if (startsWith(bytes, ZIP)) {
    // Part names sit uncompressed in the zip's headers.
    if (bytes.includes('word/document.xml')) return 'docx';
    if (bytes.includes('xl/workbook.xml')) return 'xlsx';
    throw refuse('这是 ZIP 压缩包，不是 .docx 或 .xlsx');
  }
  const known = SIGNATURES.find((s) => startsWith(bytes, s.bytes));
  if (known) throw refuse(`这是 ${known.what}`);
  if (bytes.subarray(0, 8192).includes(0)) throw refuse('这是二进制文件，不是文本');
  return path.extname(file).toLowerCase() === '.csv' ? 'csv' : 'notice';
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}
