/**
 * The importer against text that is not quite a report: random text, report-like lines in random
 * order, and the bundled report damaged line by line. Each either imports as a consistent ledger
 * or is refused with a ReportFormatError naming a line of the text; nothing else escapes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { BUNDLED_REPORT } from '../../src/config.js';
import { isStatus } from '../../src/ledger/item.js';
import { parseReport } from '../../src/ledger/parseReport.js';
import { ReportFormatError } from '../../src/ledger/ReportFormatError.js';
import { fuzz } from './fuzzRuns.js';

const REPORT = readFileSync(BUNDLED_REPORT, 'utf8');
const REPORT_LINES = REPORT.split('\n');

/** Imports consistently or fails as a ReportFormatError within the text; returns which, for the tally. */
function importsOrRefuses(text: string): 'imported' | 'refused' {
  let report: ReturnType<typeof parseReport>;
  try {
    report = parseReport(text);
  } catch (err) {
    assert.ok(err instanceof ReportFormatError, `not a ReportFormatError: ${(err as Error)?.stack ?? String(err)}`);
    assert.ok(err.message.length > 0);
    const lines = text.split(/\r\n|\r|\n/).length;
    assert.ok(Number.isInteger(err.line) && err.line >= 1 && err.line <= lines + 1, `line ${err.line} of ${lines}`);
    return 'refused';
  }
  assert.ok(report.items.length > 0, 'a ledger has items');
  report.items.forEach((item, i) => {
    assert.equal(item.no, i + 1, 'items numbered 1, 2, 3 …');
    assert.ok(isStatus(item.status), `status ${item.status}`);
    assert.equal(item.category, report.categories[item.categoryIndex]);
    assert.ok(item.title.length > 0);
  });
  return 'imported';
}

function tally(): { count(outcome: string): void; toString(): string } {
  const seen = new Map<string, number>();
  return {
    count: (outcome) => void seen.set(outcome, (seen.get(outcome) ?? 0) + 1),
    toString: () => [...seen].map(([k, n]) => `${k} ${n}`).join(', '),
  };
}

test('random text is refused with a ReportFormatError', async (tc) => {
  const outcomes = tally();
  await fuzz(tc, fc.string({ unit: 'grapheme', maxLength: 2000 }), (text) => outcomes.count(importsOrRefuses(text)));
  tc.diagnostic(outcomes.toString());
});

const reportLine = fc.oneof(
  fc.constantFrom(
    '一、总体情况',
    '二、整改落实情况',
    '三、下一步工作',
    '(一)党的建设方面存在的问题',
    '（二）落实审计整改方面',
    '整改情况：',
    '整改进度：已完成整改',
    '整改进度：整改中',
    '整改情况:已完成整改。',
    '整改进度：完成了',
  ),
  fc.nat({ max: 60 }).map((n) => `${n}.关于“问题${n}”的问题`),
  fc.nat({ max: 60 }).map((n) => `${n}关于“问题${n}”的问题`),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('', '\u3000\u3000一是建立台账。二是完善制度。', '\uFEFF', '\r'),
);

/** A small well-formed report of n items, into which random report-like lines are slipped. */
function skeleton(n: number): string[] {
  const items = Array.from({ length: n }, (_, i) => [
    `${i + 1}.关于“问题${i + 1}”的问题`,
    '整改情况：一是建立台账。',
    '整改进度：已完成整改',
  ]);
  return ['一、总体情况', '二、整改落实情况', '(一)党的建设方面存在的问题', ...items.flat(), '三、下一步工作'];
}

test('report-like lines in any order import consistently or are refused', async (tc) => {
  const outcomes = tally();
  const noisy = fc.record({
    n: fc.integer({ min: 1, max: 8 }),
    noise: fc.array(fc.tuple(fc.nat(), reportLine), { maxLength: 4 }),
  });
  const cases = fc.oneof(
    fc.array(reportLine, { maxLength: 60 }),
    noisy.map(({ n, noise }) =>
      noise.reduce(
        (lines, [at, line]) => [
          ...lines.slice(0, at % (lines.length + 1)),
          line,
          ...lines.slice(at % (lines.length + 1)),
        ],
        skeleton(n),
      ),
    ),
  );
  await fuzz(tc, cases, (lines) => outcomes.count(importsOrRefuses(lines.join('\n'))));
  tc.diagnostic(outcomes.toString());
});

const damage = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat(), keep: fc.nat({ max: 40 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: 'grapheme', maxLength: 40 }) }),
  fc.record({ op: fc.constant('fullwidth' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);
type Damage = typeof damage extends fc.Arbitrary<infer D> ? D : never;

function apply(lines: string[], d: Damage): string[] {
  const i = d.at % Math.max(1, lines.length);
  const out = [...lines];
  switch (d.op) {
    case 'delete':
      out.splice(i, 1);
      break;
    case 'duplicate':
      out.splice(i, 0, out[i] ?? '');
      break;
    case 'swap': {
      const j = d.with % Math.max(1, lines.length);
      [out[i], out[j]] = [out[j] ?? '', out[i] ?? ''];
      break;
    }
    case 'cut':
      out[i] = [...(out[i] ?? '')].slice(0, d.keep).join('');
      break;
    case 'insert':
      out.splice(i, 0, d.text);
      break;
    case 'fullwidth':
      out[i] = (out[i] ?? '').replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
      break;
    case 'truncate':
      out.length = i;
      break;
  }
  return out;
}

test('the bundled report damaged in up to five places imports consistently or is refused', async (tc) => {
  const outcomes = tally();
  await fuzz(tc, fc.array(damage, { minLength: 1, maxLength: 5 }), (damages) => {
    outcomes.count(importsOrRefuses(damages.reduce(apply, REPORT_LINES).join('\n')));
  });
  tc.diagnostic(outcomes.toString());
});
