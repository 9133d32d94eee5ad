import { parse } from 'csv-parse/sync';
import type { DecodedText } from './decodeText.js';

/** RFC 4180 records; ragged rows are fine (a title row above the header has one field). */
export function csvRows(decoded: DecodedText): string[][] {
  return parse(decoded.text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
}
