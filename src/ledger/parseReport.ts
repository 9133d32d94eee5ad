/**
 * Reads a published 巡察整改阶段性进展情况 notice (see data/reports). Only part 二 holds items,
 * grouped under (一)…(六) categories; every other line is kept as context:
 *   preface = lines before the first part heading (the introduction),
 *   general = part 一 from its heading on (general measures, not items),
 *   closing = the first part heading after 二 (normally 三、) and everything after it.
 * The 二、 heading itself is structure, not content, so it is stored nowhere.
 *
 * An officially typeset copy (full-width punctuation and digits, CRLF, BOM, indented paragraphs)
 * yields exactly what the plain-text copy yields. Parsing is a single pass over the lines with
 * regexes that cannot backtrack more than linearly, and any text that is not such a report ends
 * in a ReportFormatError naming the line and what was expected there.
 */
import { STATUSES, isStatus, type ItemBase, type ParsedReport } from './item.js';
import { ReportFormatError } from './ReportFormatError.js';

interface Line {
  /** 1-based, counted in the original text so errors point where the user looks. */
  no: number;
  text: string;
}

/** A line, or the end of the text (text undefined), as met where something else was expected. */
interface Seen {
  no: number;
  text?: string;
}

type Entry =
  | { kind: 'category'; title: string }
  | { kind: 'item'; no: number; title: string }
  | { kind: 'measures'; text: string }
  | { kind: 'status'; value: string }
  | { kind: 'text'; text: string };

type Draft = Omit<ItemBase, 'status'>;

type State =
  | { expecting: 'category' }
  | { expecting: 'item' }
  | { expecting: 'measures'; draft: Draft }
  | { expecting: 'status'; draft: Draft }
  | { expecting: 'next' };

interface Parsed {
  categories: string[];
  items: ItemBase[];
}

interface Parts {
  preface: Line[];
  general: Line[];
  body: Line[];
  /** What ended part 二, so a truncated last item is reported there. */
  bodyEnd: Seen;
  closing: Line[];
}

const PART_HEADING = /^([一二三四五六七八九十]+)、/;
const CATEGORY = /^\([一二三四五六七八九十]+\)(.+)$/;
// Numbers run straight into 关于 in some copies (51关于…) and take 、 in others.
const ITEM = /^(\d+)[.、]?(关于.*)$/;
const LABELLED = /^(整改情况|整改进度):(.*)$/;

export function parseReport(text: string): ParsedReport {
  const parts = splitParts(toLines(text));
  const { categories, items } = readItems(parts.body, parts.bodyEnd);
  return {
    categories,
    items,
    context: { preface: texts(parts.preface), general: texts(parts.general), closing: texts(parts.closing) },
  };
}

/**
 * The plain-text report writes ASCII , : ; ( ) . and digits where typeset copies use their
 * full-width forms (U+FF01–FF5E), so folding that block makes both copies store identical text
 * while leaving real Chinese punctuation (、。“”《》) alone. trim() also drops the BOM and U+3000
 * paragraph indents; blank lines carry nothing.
 */
function toLines(text: string): Line[] {
  return foldFullWidth(text)
    .split(/\r\n|\r|\n/)
    .map((raw, index) => ({ no: index + 1, text: raw.trim() }))
    .filter((line) => line.text !== '');
}

function foldFullWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));
}

function splitParts(lines: Line[]): Parts {
  const itemsAt = lines.findIndex((line) => partNumeral(line.text) === '二');
  if (itemsAt < 0) throw failure(endOf(lines), '事项部分标题 “二、…”');
  const generalAt = lines.findIndex((line) => partNumeral(line.text) !== undefined);
  const closingAt = firstIndexAfter(lines, itemsAt, (line) => partNumeral(line.text) !== undefined);
  return {
    preface: lines.slice(0, generalAt),
    general: lines.slice(generalAt, itemsAt),
    body: lines.slice(itemsAt + 1, closingAt),
    bodyEnd: lines[closingAt] ?? endOf(lines),
    closing: lines.slice(closingAt),
  };
}

function partNumeral(text: string): string | undefined {
  return PART_HEADING.exec(text)?.[1];
}

/** Index of the first line after `from` that matches, or lines.length if none does. */
function firstIndexAfter(lines: Line[], from: number, matches: (line: Line) => boolean): number {
  const found = lines.findIndex((line, index) => index > from && matches(line));
  return found < 0 ? lines.length : found;
}

/** The end of the text is reported on the line after the last non-blank one, where more was due. */
function endOf(lines: Line[]): Seen {
  return { no: (lines.at(-1)?.no ?? 0) + 1 };
}

function readItems(body: Line[], bodyEnd: Seen): Parsed {
  const parsed: Parsed = { categories: [], items: [] };
  let state: State = { expecting: 'category' };
  for (const line of body) state = step(state, classify(line.text), line, parsed);
  if (state.expecting !== 'next') throw failure(bodyEnd, expectation(state, parsed));
  return parsed;
}

function step(state: State, entry: Entry, line: Line, parsed: Parsed): State {
  switch (state.expecting) {
    case 'category':
      if (entry.kind === 'category') return openCategory(entry.title, parsed);
      break;
    case 'item':
      if (entry.kind === 'item') return openItem(entry, line, parsed);
      break;
    case 'measures':
      if (entry.kind === 'measures') return startMeasures(state.draft, entry.text);
      break;
    case 'status':
      if (entry.kind === 'text') return addMeasure(state.draft, entry.text);
      if (entry.kind === 'status') return closeItem(state.draft, entry.value, line, parsed);
      break;
    case 'next':
      if (entry.kind === 'item') return openItem(entry, line, parsed);
      if (entry.kind === 'category') return openCategory(entry.title, parsed);
      break;
  }
  throw failure(line, expectation(state, parsed));
}

function classify(text: string): Entry {
  const category = CATEGORY.exec(text);
  if (category) return { kind: 'category', title: category[1].trim() };
  const item = ITEM.exec(text);
  if (item) return { kind: 'item', no: Number(item[1]), title: withoutFullStop(item[2]) };
  const labelled = LABELLED.exec(text);
  if (labelled) return labelledEntry(labelled[1], labelled[2].trim());
  return { kind: 'text', text };
}

/**
 * Reports sometimes label the status line 整改情况 too (2021 荷城 report, item 11). Measures are
 * never just a status word, so a 整改情况 line holding exactly one is taken as the status.
 */
function labelledEntry(label: string, value: string): Entry {
  if (label === '整改进度' || isStatus(withoutFullStop(value))) return { kind: 'status', value };
  return { kind: 'measures', text: value };
}

function withoutFullStop(text: string): string {
  return text.endsWith('。') ? text.slice(0, -1).trimEnd() : text;
}

function openCategory(title: string, parsed: Parsed): State {
  parsed.categories.push(title);
  return { expecting: 'item' };
}

function openItem(entry: { no: number; title: string }, line: Line, parsed: Parsed): State {
  if (entry.no !== nextNo(parsed)) throw failure(line, itemExpected(parsed));
  const categoryIndex = parsed.categories.length - 1;
  const draft: Draft = {
    no: entry.no,
    category: parsed.categories[categoryIndex],
    categoryIndex,
    title: entry.title,
    measures: [],
  };
  return { expecting: 'measures', draft };
}

/** A bare 整改情况: label leaves the measures to the following lines. */
function startMeasures(draft: Draft, text: string): State {
  return text === '' ? { expecting: 'status', draft } : addMeasure(draft, text);
}

/** Pushes in place: copying the list per line would make long measures quadratic. */
function addMeasure(draft: Draft, text: string): State {
  draft.measures.push(text);
  return { expecting: 'status', draft };
}

function closeItem(draft: Draft, value: string, line: Line, parsed: Parsed): State {
  const status = withoutFullStop(value);
  if (!isStatus(status)) throw failure(line, `“整改进度:” 后为状态词（${STATUSES.join('、')}）`);
  parsed.items.push({ ...draft, status });
  return { expecting: 'next' };
}

function expectation(state: State, parsed: Parsed): string {
  switch (state.expecting) {
    case 'category':
      return '分类标题 “(一)…”';
    case 'item':
      return itemExpected(parsed);
    case 'measures':
      return '“整改情况:…”';
    case 'status':
      return '“整改进度:…”';
    case 'next':
      return `${itemExpected(parsed)} 或下一分类标题 “(…)…”`;
  }
}

function nextNo(parsed: Parsed): number {
  return parsed.items.length + 1;
}

function itemExpected(parsed: Parsed): string {
  const no = nextNo(parsed);
  return `第 ${no} 项 “${no}.关于…”`;
}

function failure(seen: Seen, expected: string): ReportFormatError {
  const actual = seen.text === undefined ? '文本结束' : `“${excerpt(seen.text)}”`;
  return new ReportFormatError(`第 ${seen.no} 行：应为 ${expected}，实为 ${actual}`, seen.no);
}

/** Whole paragraphs would drown the message; the start is enough to find the line. */
function excerpt(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

function texts(lines: Line[]): string[] {
  return lines.map((line) => line.text);
}
