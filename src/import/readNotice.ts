import type { ItemBase } from '../ledger/item.js';
import { parseReport } from '../ledger/parseReport.js';
import { ReportFormatError } from '../ledger/ReportFormatError.js';
import { type Block, chooseItemKind } from './chooseItemKind.js';
import { ACCEPTED_FORMATS } from './detectFormat.js';
import { ImportRefusedError } from './ImportRefusedError.js';
import type { ImportedLedger, Skipped } from './ImportedLedger.js';
import { mapStatus } from './mapStatus.js';
import { KINDS, type NoticeLine, noticeLines } from './noticeLines.js';
import { statedTotalsWarnings } from './statedTotals.js';

const UNCATEGORISED = '未分类';
const LISTED = 10;

interface Found {
  block: Block;
  /** Enclosing headings, outermost first, one per level above the items. */
  ancestors: (NoticeLine | undefined)[];
}

/**
 * Reads a published notice (巡察整改情况通报, 审计整改情况报告). The bundled 荷城 layout goes through
 * its exact parser, so it imports as it always has; any other layout is read by what its parts are: the heading level
 * whose paragraphs each hold one problem with its measures and status holds the items, the levels above it are
 * categories, and everything else is kept as context.
 */
export function readNotice(text: string, readAs: string): ImportedLedger {
  try {
    const report = parseReport(text);
    const context = [...report.context.preface, ...report.context.general, ...report.context.closing];
    return { ...report, readAs, warnings: statedTotalsWarnings(context, report.items), skipped: [] };
  } catch (err) {
    if (!(err instanceof ReportFormatError)) throw err;
  }
  const lines = noticeLines(text);
  const choice = chooseItemKind(lines);
  const items = choice ? choice.blocks.filter(isItem) : [];
  if (!choice || items.length === 0)
    throw new ImportRefusedError(
      '没有找到任何整改事项：未见以“一、”“(一)”“1.”“(1)”编号并写明问题的段落，也未见“整改情况:”“整改进度:”等标注。' +
        `可导入的格式：${ACCEPTED_FORMATS}。`,
    );
  const rank = KINDS.indexOf(choice.kind);
  const found = withAncestors(lines, items, rank);
  const categoryRank = chooseCategoryRank(found, rank);
  return build(lines, found, choice.blocks, rank, categoryRank, readAs);
}

function isItem(block: Block): boolean {
  return block.statuses > 0 || block.measuresLabels > 0 || block.problem;
}

function withAncestors(lines: readonly NoticeLine[], items: readonly Block[], rank: number): Found[] {
  const found: Found[] = [];
  const open: (NoticeLine | undefined)[] = [];
  let next = 0;
  lines.forEach((line, index) => {
    const heading = line.heading;
    if (heading && heading.rank < rank) {
      open[heading.rank] = line;
      open.fill(undefined, heading.rank + 1);
    }
    if (items[next]?.start === index) found.push({ block: items[next++]!, ancestors: open.slice(0, rank) });
  });
  return found;
}

/**
 * The outermost level that tells items apart (a single 二、问题整改情况 above everything does not);
 * failing that the innermost level present. Undefined when items stand alone.
 */
function chooseCategoryRank(found: readonly Found[], rank: number): number | undefined {
  let innermost: number | undefined;
  for (let r = 0; r < rank; r++) {
    const distinct = new Set(found.map((f) => f.ancestors[r]).filter((a) => a !== undefined));
    if (distinct.size > 1) return r;
    if (distinct.size === 1) innermost = r;
  }
  return innermost;
}

function build(
  lines: readonly NoticeLine[],
  found: readonly Found[],
  blocks: readonly Block[],
  rank: number,
  categoryRank: number | undefined,
  readAs: string,
): ImportedLedger {
  const categories: string[] = [];
  const warnings: string[] = [];
  const unstated: number[] = [];
  const bare: number[] = [];
  const used = new Set<NoticeLine>();
  const items = found.map(({ block, ancestors }, index): ItemBase => {
    const no = index + 1;
    const head = ancestors[categoryRank ?? rank];
    const category = head ? categoryName(head) : UNCATEGORISED;
    let categoryIndex = categories.indexOf(category);
    if (categoryIndex < 0) categoryIndex = categories.push(category) - 1;
    for (const a of ancestors) if (a) used.add(a);
    const own = ownLines(lines, block);
    const measures = own.flatMap((line, i) => (i > 0 && line.heading ? [line.text] : line.measures));
    if (measures.length === 0) bare.push(no);
    const status = statusOf(own, warnings);
    if (!status.stated) unstated.push(no);
    const label = labelOf([...ancestors.slice(categoryRank ?? rank), own[0]!]);
    return {
      no,
      category,
      categoryIndex,
      title: own[0]!.title || own[0]!.text,
      measures,
      status: status.status,
      ...(label !== String(no) && { label }),
      ...(status.statusText && { statusText: status.statusText }),
    };
  });
  if (unstated.length) warnings.push(`${unstated.length} 项未写明进度，按整改中：第 ${list(unstated)} 项`);
  if (bare.length) warnings.push(`${bare.length} 项没有整改措施：第 ${list(bare)} 项`);
  const spans = found.map(({ block }) => ({ start: block.start, end: block.start + ownLines(lines, block).length }));
  const context = contextOf(lines, spans, used);
  warnings.push(...statedTotalsWarnings([...context.preface, ...context.general, ...context.closing], items));
  const skipped: Skipped[] = blocks
    .filter((b) => !isItem(b))
    .map((b) => ({
      at: lines[b.start]!.no,
      text: lines[b.start]!.text,
      reason: '没有问题、整改情况或进度，不像整改事项，作为说明保留',
    }));
  return { readAs, categories, items, context, warnings, skipped };
}

/**
 * An item ends with its status: what follows it up to the next heading (下一步…, the signature, the
 * date) is the notice talking again, as is a paragraph opening with 下一步 wherever it stands.
 */
function ownLines(lines: readonly NoticeLine[], block: Block): NoticeLine[] {
  const own = lines.slice(block.start, block.end);
  const next = own.findIndex((line, i) => i > 0 && !line.heading && /^下一步/.test(line.text));
  const upTo = next < 0 ? own : own.slice(0, next);
  const lastStatus = upTo.map((line) => line.status !== undefined || line.inline !== undefined).lastIndexOf(true);
  return lastStatus < 0 ? upTo : upTo.slice(0, lastStatus + 1);
}

function statusOf(
  own: readonly NoticeLine[],
  warnings: string[],
): { status: ItemBase['status']; statusText?: string; stated: boolean } {
  const backwards = [...own].reverse();
  const labelled = backwards.find((line) => line.status !== undefined);
  const said = labelled?.status ?? backwards.find((line) => line.inline)?.inline;
  if (said === undefined) return { status: '整改中', stated: false };
  const mapped = mapStatus(said);
  if (!mapped.known) warnings.push(`第 ${labelled!.no} 行：进度“${said}”未识别，按整改中`);
  return { status: mapped.status, ...(mapped.statusText && { statusText: mapped.statusText }), stated: true };
}

function categoryName(line: NoticeLine): string {
  return (line.title || line.text).replace(/[。:]$/, '');
}

/** 二(3), (一)1.(2), 一、1: the markers from the category down, as the document numbers the item. */
function labelOf(path: readonly (NoticeLine | undefined)[]): string {
  const marks = path.filter((line) => line !== undefined).map((line) => line.heading!);
  return marks
    .map((h, i) => {
      const last = i === marks.length - 1;
      if (h.kind === 'part') return !last && marks[i + 1]!.kind === 'number' ? `${h.marker}、` : h.marker;
      if (h.kind === 'paren') return `(${h.marker})`;
      return h.kind === 'number' && !last ? `${h.marker}.` : h.marker;
    })
    .join('');
}

/**
 * Lines outside every item: before the first one preface (up to the first heading) and general, after the last closing.
 */
function contextOf(
  lines: readonly NoticeLine[],
  spans: readonly { start: number; end: number }[],
  used: ReadonlySet<NoticeLine>,
): ImportedLedger['context'] {
  const inItem = new Set(spans.flatMap((span) => range(span.start, span.end)));
  const first = spans[0]!.start;
  const last = spans.at(-1)!.end;
  const firstHeading = lines.findIndex((line) => line.heading);
  const context: ImportedLedger['context'] = { preface: [], general: [], closing: [] };
  lines.forEach((line, index) => {
    if (inItem.has(index) || used.has(line)) return;
    if (index < first && (firstHeading < 0 || index < firstHeading)) context.preface.push(line.text);
    else if (index >= last) context.closing.push(line.text);
    else context.general.push(line.text);
  });
  return context;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function list(nos: readonly number[]): string {
  return nos.length > LISTED ? `${nos.slice(0, LISTED).join('、')} 等` : nos.join('、');
}
