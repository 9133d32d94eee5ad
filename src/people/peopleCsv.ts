import { csvRows } from '../import/csvRows.js';
import { decodeText } from '../import/decodeText.js';
import type { Person } from './Roster.js';

export const PEOPLE_FILE = 'people.csv';
const HEADER = ['姓名', 'userid', '部门'] as const;
/** WeCom userids: letters, digits and _ - . @, up to 64. */
export const USER_ID = /^[A-Za-z0-9_.@-]{1,64}$/;

export interface ReadPeople {
  people: Person[];
  /** Rows left out, with their row number as Excel shows it. */
  problems: string[];
}

/**
 * people.csv as Excel saves it: UTF-8 (BOM or not) or GBK, a header row 姓名,userid,部门 anywhere in the first 5
 * rows.
 */
export function readPeopleCsv(bytes: Uint8Array): ReadPeople {
  const rows = csvRows(decodeText(bytes)).map((row) => row.map((cell) => cell.trim()));
  const headerAt = rows.slice(0, 5).findIndex((row) => columnsOf(row) !== undefined);
  if (headerAt < 0) return { people: [], problems: ['没有表头：第一行应为 姓名,userid,部门'] };
  const cols = columnsOf(rows[headerAt]!)!;
  const people: Person[] = [];
  const problems: string[] = [];
  rows.slice(headerAt + 1).forEach((row, i) => {
    const [name = '', userId = '', department = ''] = [row[cols.name], row[cols.userId], row[cols.department]];
    if (!name && !userId) return;
    const at = headerAt + i + 2;
    if (!name) problems.push(`第 ${at} 行：没有姓名`);
    else if (!USER_ID.test(userId)) problems.push(`第 ${at} 行：「${userId}」不像企业微信 userid`);
    else people.push({ name, userId, department });
  });
  return { people, problems };
}

function columnsOf(row: readonly string[]): { name: number; userId: number; department: number } | undefined {
  const find = (...names: string[]) => row.findIndex((cell) => names.includes(cell.toLowerCase()));
  const name = find('姓名', '名字');
  const userId = find('userid', '账号', '帐号');
  if (name < 0 || userId < 0) return undefined;
  return { name, userId, department: find('部门', '所在部门') };
}

/** UTF-8 with a BOM and CRLF, so Excel on Chinese Windows opens it without asking. */
export function formatPeopleCsv(people: readonly Person[]): string {
  const lines = [HEADER, ...people.map((p) => [p.name, p.userId, p.department])].map((cells) =>
    cells.map(csvCell).join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
