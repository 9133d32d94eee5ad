import { foldFullWidth } from '../text/foldFullWidth.js';
import { inlineStatus, mapStatus } from './mapStatus.js';

/** Heading levels of Chinese official documents, outermost first: 一、 (一) 1. (1). */
export const KINDS = ['part', 'paren', 'number', 'sub'] as const;
export type Kind = (typeof KINDS)[number];

export interface Heading {
  kind: Kind;
  rank: number;
  /** The marker as it reads in a label: 二, (一), 1, (1). */
  marker: string;
  /** Text after the marker. */
  rest: string;
}

export interface NoticeLine {
  /** 1-based, counted in the original text so messages point where the user looks. */
  no: number;
  text: string;
  heading?: Heading;
  /** For a heading: its first sentence, the problem or category name. */
  title?: string;
  /** What the line says as measures: unlabelled text and 整改情况:/整改措施:… values, in order. */
  measures: string[];
  /** True when a 整改情况:/整改措施:… label opens part of the line. */
  measuresLabel: boolean;
  /** The value of a 整改进度:/完成情况:… label (or of a measures label holding only a status word). */
  status?: string;
  /** The line's closing sentence when it states a status in passing (该问题已完成整改). */
  inline?: string;
}

const HEADINGS: { kind: Kind; pattern: RegExp }[] = [
  { kind: 'part', pattern: /^([一二三四五六七八九十]{1,3})、\s*(.*)$/ },
  { kind: 'paren', pattern: /^\(([一二三四五六七八九十]{1,3})\)\s*(.*)$/ },
  // Numbers run straight into 关于 in some copies (51关于…); 1.5亿元 is not a heading.
  { kind: 'number', pattern: /^(\d{1,4})(?:[.、](?!\d)|(?=关于))\s*(.*)$/ },
  { kind: 'sub', pattern: /^(\(\d{1,3}\)|[①-⑳])\s*(.*)$/ },
];

const MEASURES_LABELS = '整改情况|整改措施|整改落实情况|落实情况|整改进展|进展情况|整改举措';
const STATUS_LABELS = '整改进度|完成情况|整改状态|整改结果|目前进度|当前进度|办理情况';
/** Labels open a line or a sentence; 的整改情况: inside a sentence is prose. */
const LABEL = new RegExp(`(?:^|(?<=[。；;\\s]))(${MEASURES_LABELS}|${STATUS_LABELS})\\s*:`, 'g');
const IS_STATUS_LABEL = new RegExp(`^(?:${STATUS_LABELS})$`);
/** A measures label holding only this much text and a known status word is a status (2021 荷城 report, item 11). */
const SHORT_STATUS = 16;

/**
 * Splits a notice into its non-blank lines and says what each one is. Full-width forms are folded first,
 * so typeset and plain copies read alike; Markdown heading and bold marks are dropped.
 */
export function noticeLines(text: string): NoticeLine[] {
  const lines: NoticeLine[] = [];
  foldFullWidth(text)
    .split(/\r\n|\r|\n/)
    .forEach((raw, index) => {
      const clean = raw
        .trim()
        .replace(/^#{1,6}\s+/, '')
        .replace(/\*\*/g, '')
        .trim();
      if (clean !== '') lines.push(classify(index + 1, clean));
    });
  return lines;
}

function classify(no: number, text: string): NoticeLine {
  const heading = headingOf(text);
  const line: NoticeLine = { no, text, measures: [], measuresLabel: false };
  let body = text;
  if (heading) {
    const { title, after } = splitTitle(heading.rest);
    line.heading = heading;
    line.title = title;
    body = after;
  }
  for (const segment of segments(body)) {
    const value = segment.value;
    if (segment.label && IS_STATUS_LABEL.test(segment.label)) {
      // 整改进度:已完成整改。下一步将…: the status is the first sentence, the rest is more measures.
      const [status = '', ...more] = value.split(/(?<=[。；;])/);
      line.status = status;
      if (more.join('').trim() !== '') line.measures.push(more.join('').trim());
    } else if (segment.label && value.length <= SHORT_STATUS && value !== '' && mapStatus(value).known)
      line.status = value;
    else {
      if (segment.label) line.measuresLabel = true;
      if (value !== '') line.measures.push(value);
    }
  }
  if (line.status === undefined) {
    const inline = inlineStatus(lastSentence(line.measures.at(-1) ?? line.title ?? ''));
    if (inline) line.inline = inline;
  }
  return line;
}

/**
 * Text split where a label opens: 一是……。整改进度:已完成 → [一是……。] [整改进度 →
 * 已完成].
 */
function segments(body: string): { label?: string; value: string }[] {
  const found: { label?: string; value: string }[] = [];
  let label: string | undefined;
  let from = 0;
  for (const match of body.matchAll(LABEL)) {
    const value = body.slice(from, match.index).trim();
    if (label !== undefined || value !== '') found.push({ ...(label !== undefined && { label }), value });
    label = match[1];
    from = match.index + match[0].length;
  }
  const value = body.slice(from).trim();
  if (label !== undefined || value !== '') found.push({ ...(label !== undefined && { label }), value });
  return found;
}

function headingOf(text: string): Heading | undefined {
  for (const [rank, { kind, pattern }] of HEADINGS.entries()) {
    const match = pattern.exec(text);
    if (match) return { kind, rank, marker: match[1]!, rest: match[2]!.trim() };
  }
  return undefined;
}

export function lastSentence(text: string): string {
  const sentences = text.split(/[。；;!！]/).filter((s) => s.trim() !== '');
  return (sentences.at(-1) ?? '').trim().replace(/^[，,\s]+/, '');
}

/** The heading's first sentence is the problem; whatever follows in the same paragraph is measures. */
export function splitTitle(rest: string): { title: string; after: string } {
  let quoted = false;
  for (let i = 0; i < rest.length; i++) {
    const char = rest[i];
    if (char === '“') quoted = true;
    else if (char === '”') quoted = false;
    else if (char === '。' && !quoted) return { title: rest.slice(0, i).trim(), after: rest.slice(i + 1).trim() };
  }
  return { title: rest.trim(), after: '' };
}
