import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { ItemBase } from '../../src/ledger/item.js';
import { parseReport } from '../../src/ledger/parseReport.js';
import { ReportFormatError } from '../../src/ledger/ReportFormatError.js';
import { seededRandom } from '../helpers/seededRandom.js';

const bundled = readFileSync(
  new URL('../../data/reports/hecheng-2021-rectification-progress.txt', import.meta.url),
  'utf8',
);
const fullwidth = readFileSync(new URL('../fixtures/report-fullwidth.txt', import.meta.url), 'utf8');
const report = parseReport(bundled);

function item(no: number): ItemBase {
  const found = report.items.find((candidate) => candidate.no === no);
  assert.ok(found, `item ${no} missing`);
  return found;
}

function parseError(text: string): ReportFormatError {
  try {
    parseReport(text);
  } catch (error) {
    assert.ok(error instanceof ReportFormatError, `threw ${String(error)} instead of ReportFormatError`);
    return error;
  }
  assert.fail('parsed without a ReportFormatError');
}

/** Edits of the bundled report, addressed by the 1-based line numbers a user would see. */
const bundledLines = bundled.split('\n');

function lineNoOf(matches: (line: string) => boolean): number {
  const index = bundledLines.findIndex(matches);
  assert.ok(index >= 0, 'line not found in the bundled report');
  return index + 1;
}

function withoutLines(from: number, to = from): string {
  return bundledLines.filter((_, index) => index + 1 < from || index + 1 > to).join('\n');
}

function withLine(no: number, text: string): string {
  return bundledLines.map((line, index) => (index + 1 === no ? text : line)).join('\n');
}

function mutateLines(lines: string[], random: () => number): string[] {
  const out = [...lines];
  const pick = () => Math.floor(random() * out.length);
  const operations = 1 + Math.floor(random() * 3);
  for (let done = 0; done < operations && out.length > 0; done++) {
    const at = pick();
    const op = Math.floor(random() * 3);
    if (op === 0) out.splice(at, 1);
    else if (op === 1) out.splice(at, 0, out[at]);
    else {
      const other = pick();
      [out[at], out[other]] = [out[other], out[at]];
    }
  }
  return out;
}

function expectReportOrFormatError(text: string): 'parsed' | 'rejected' {
  try {
    parseReport(text);
    return 'parsed';
  } catch (error) {
    assert.ok(error instanceof ReportFormatError, `threw ${String(error)} for:\n${text.slice(0, 300)}`);
    assert.ok(Number.isInteger(error.line) && error.line >= 1, `bad line ${error.line}`);
    return 'rejected';
  }
}

describe('parseReport on the bundled 2021 荷城 report', () => {
  it('finds 53 items numbered 1…53', () => {
    assert.equal(report.items.length, 53);
    assert.deepEqual(
      report.items.map((parsed) => parsed.no),
      Array.from({ length: 53 }, (_, index) => index + 1),
    );
  });

  it('finds the six categories of part 二, without their markers, holding 4, 9, 3, 9, 18, 10 items', () => {
    assert.equal(report.categories.length, 6);
    assert.equal(report.categories[0], '落实2020年省委巡视高明区整改方面存在的主要问题');
    assert.equal(report.categories[5], '基层党组织和干部队伍建设存在短板');
    const counts = report.categories.map(
      (_, index) => report.items.filter((parsed) => parsed.categoryIndex === index).length,
    );
    assert.deepEqual(counts, [4, 9, 3, 9, 18, 10]);
    for (const parsed of report.items) assert.equal(parsed.category, report.categories[parsed.categoryIndex]);
  });

  it('reads 26 items as 已完成整改 and 27 as 阶段性完成并需长期坚持', () => {
    const count = (status: string) => report.items.filter((parsed) => parsed.status === status).length;
    assert.equal(count('已完成整改'), 26);
    assert.equal(count('阶段性完成并需长期坚持'), 27);
  });

  it('stores titles without number and final 。, and measures without the 整改情况 label', () => {
    assert.equal(item(1).title, '关于“阵地建设极不严肃问题整改不到位”的问题');
    assert.ok(report.items.every((parsed) => parsed.title.startsWith('关于') && !parsed.title.endsWith('。')));
    assert.ok(item(1).measures[0].startsWith('一是街道党工委第一时间'));
    assert.ok(report.items.every((parsed) => parsed.measures.length > 0));
    assert.ok(report.items.every((parsed) => parsed.measures.every((measure) => !/^整改(情况|进度)/.test(measure))));
  });

  it('takes item 11’s status from a line labelled 整改情况', () => {
    assert.equal(item(11).status, '已完成整改');
    assert.equal(item(11).measures.length, 1);
    assert.ok(item(11).measures[0].startsWith('一是荷城街道纪工委已约谈'));
  });

  it('reads item 13, whose title lacks the closing 。', () => {
    assert.equal(item(13).title, '关于“部分公有企业存在经营风险的问题整改不到位”的问题');
    assert.equal(item(13).status, '阶段性完成并需长期坚持');
  });

  it('reads item 24, whose title has no quotes', () => {
    assert.ok(item(24).title.startsWith('关于2020年荷城街道重点项目'));
    assert.ok(item(24).title.endsWith('完成进度为0的问题'));
  });

  it('reads item 51, which has no dot after its number', () => {
    assert.equal(item(51).title, '关于“处分材料未及时归入人事档案”的问题');
    assert.equal(item(51).category, '基层党组织和干部队伍建设存在短板');
  });

  it('keeps the stray space inside item 14’s title as published', () => {
    assert.equal(item(14).title, '关于“街道办对基本农田保护不力” 的问题');
  });

  it('keeps each measures paragraph, including (1)/(2) and 二是 continuation lines', () => {
    assert.equal(item(22).measures.length, 2);
    assert.ok(item(22).measures[0].startsWith('(1)'));
    assert.ok(item(22).measures[1].startsWith('(2)'));
    assert.equal(item(47).measures.length, 2);
    assert.ok(item(47).measures[1].startsWith('二是已将发展党员工作纳入年度绩效考核'));
  });

  it('keeps parts 一 and 三 as context, never as items or measures', () => {
    const { preface, general, closing } = report.context;
    assert.equal(preface.length, 1);
    assert.ok(preface[0].startsWith('根据市委统一部署'));
    assert.equal(general[0], '一、提高政治站位,增强抓好巡察整改的责任感和使命感');
    assert.ok(general.includes('(二)全程跟踪督导,确保整改实效'));
    assert.ok(closing[0].startsWith('三、坚持标本兼治'));
    assert.equal(closing.at(-1), '2021年12月1日');
    const context = [...preface, ...general, ...closing];
    assert.ok(context.every((line) => !/^\d+\.?关于/.test(line) && !line.startsWith('整改')));
    assert.ok(
      report.items.every((parsed) => parsed.measures.every((measure) => !measure.includes('三、坚持标本兼治'))),
    );
  });
});

describe('parseReport on the officially typeset variant', () => {
  it('is a genuinely different text: BOM, CRLF, full-width punctuation, digits and indents', () => {
    assert.ok(fullwidth.startsWith('\uFEFF'));
    assert.ok(fullwidth.includes('\r\n'));
    assert.ok(fullwidth.includes('２０．关于'));
    assert.ok(fullwidth.includes('５１关于'));
    assert.ok(fullwidth.includes('整改进度：'));
    assert.ok(fullwidth.includes('（一）'));
    assert.ok(fullwidth.includes('\r\n\u3000\u3000'));
    assert.ok(!fullwidth.includes('整改进度:'));
  });

  it('imports to exactly the same ParsedReport as the plain-text copy', () => {
    assert.deepEqual(parseReport(fullwidth), report);
  });
});

describe('parseReport rejects what is not such a report', () => {
  it('rejects the empty string at line 1', () => {
    const error = parseError('');
    assert.equal(error.line, 1);
    assert.match(error.message, /^第 1 行：应为 事项部分标题 “二、…”，实为 文本结束$/);
  });

  it('rejects a random paragraph', () => {
    const error = parseError('今天天气很好,我们去公园散步。\n然后吃了午饭,下午回家。\n');
    assert.equal(error.line, 3);
    assert.match(error.message, /二、/);
  });

  it('rejects a report without part 二', () => {
    const heading = lineNoOf((line) => line.startsWith('二、'));
    assert.equal(parseError(withoutLines(heading)).line, bundledLines.length);
  });

  it('points at the place where a removed status line was due', () => {
    const status = lineNoOf((line) => line.startsWith('整改进度'));
    const error = parseError(withoutLines(status));
    assert.equal(error.line, status);
    assert.equal(error.message, `第 ${status} 行：应为 “整改进度:…”，实为 “2.关于“整改不到位,边改边犯”的问题。”`);
  });

  it('points at part 三 when the last item lost its status', () => {
    const closing = lineNoOf((line) => line.startsWith('三、'));
    const error = parseError(withoutLines(closing - 1));
    assert.equal(error.line, closing - 1);
    assert.match(error.message, /应为 “整改进度:…”，实为 “三、坚持标本兼治/);
  });

  it('points past the end when the text stops inside an item', () => {
    const closing = lineNoOf((line) => line.startsWith('三、'));
    const truncated = bundledLines.slice(0, closing - 2).join('\n');
    const error = parseError(truncated);
    assert.equal(error.line, closing - 1);
    assert.match(error.message, /实为 文本结束$/);
  });

  it('rejects an unknown status word', () => {
    const status = lineNoOf((line) => line === '整改进度:已完成整改。');
    const error = parseError(withLine(status, '整改进度:基本完成。'));
    assert.equal(error.line, status);
    assert.match(error.message, /已完成整改、阶段性完成并需长期坚持/);
    assert.match(error.message, /实为 “整改进度:基本完成。”$/);
  });

  it('rejects item numbers that skip', () => {
    const seventh = lineNoOf((line) => line.startsWith('7.关于'));
    const error = parseError(withLine(seventh, bundledLines[seventh - 1].replace('7.', '8.')));
    assert.equal(error.line, seventh);
    assert.match(error.message, /应为 第 7 项 “7\.关于…”/);
  });

  it('rejects item numbers that do not start at 1', () => {
    const first = lineNoOf((line) => line.startsWith('1.关于'));
    const error = parseError(withLine(first, bundledLines[first - 1].replace('1.', '0.')));
    assert.equal(error.line, first);
  });

  it('rejects an item before any category', () => {
    const category = lineNoOf((line) => line.startsWith('(一)落实2020年'));
    const error = parseError(withoutLines(category));
    assert.equal(error.line, category);
    assert.match(error.message, /应为 分类标题/);
  });

  it('rejects a category without items', () => {
    const first = lineNoOf((line) => line.startsWith('1.关于'));
    const second = lineNoOf((line) => line.startsWith('(二)落实区委'));
    const error = parseError(withoutLines(first, second - 1));
    assert.equal(error.line, first);
    assert.match(error.message, /应为 第 1 项/);
  });

  it('rejects a part 二 without any item', () => {
    const error = parseError('一、总体情况\n二、问题整改情况\n三、下一步工作\n');
    assert.equal(error.line, 3);
    assert.match(error.message, /应为 分类标题/);
  });

  it('rejects an item without measures', () => {
    const measures = lineNoOf((line) => line.startsWith('整改情况'));
    const error = parseError(withoutLines(measures));
    assert.equal(error.line, measures);
    assert.match(error.message, /应为 “整改情况:…”/);
  });
});

describe('parseReport on arbitrary input', () => {
  it('returns or throws ReportFormatError for 200 random line mutations of the report', () => {
    const random = seededRandom(20211201);
    const outcomes = { parsed: 0, rejected: 0 };
    for (let round = 0; round < 200; round++) {
      outcomes[expectReportOrFormatError(mutateLines(bundledLines, random).join('\n'))]++;
    }
    assert.ok(outcomes.rejected > 0, 'mutations never broke the report');
  });

  it('returns or throws ReportFormatError for 200 strings built from report fragments', () => {
    const fragments = [
      '二、',
      '三、',
      '(一)',
      '(',
      ')',
      '1',
      '2',
      '.',
      '关于',
      '的问题',
      '。',
      '整改情况:',
      '整改进度:',
      '已完成整改',
      '\n',
      '\r\n',
      '\u3000',
      '\uFEFF',
      '：',
      '１',
      'x',
    ];
    const random = seededRandom(53);
    for (let round = 0; round < 200; round++) {
      const length = Math.floor(random() * 60);
      const text = Array.from({ length }, () => fragments[Math.floor(random() * fragments.length)]).join('');
      expectReportOrFormatError(text);
    }
  });

  it('stays linear on large and pathological input', () => {
    const block = (no: number) =>
      `${no}.关于“问题${no}”的问题。\n整改情况:一是已整改。\n二是长期坚持。\n整改进度:已完成整改。\n`;
    const large = `二、问题\n(一)分类\n${Array.from({ length: 20_000 }, (_, index) => block(index + 1)).join('')}`;
    const longMeasures = `二、问题\n(一)分类\n1.关于x\n整改情况:a\n${'继续\n'.repeat(200_000)}`;
    const started = performance.now();
    assert.equal(parseReport(large).items.length, 20_000);
    assert.equal(parseError(longMeasures).line, 200_005);
    for (const text of [
      '1'.repeat(1_000_000),
      '('.repeat(1_000_000),
      `二、\n(一${'一'.repeat(1_000_000)}`,
      '整改情况:'.repeat(200_000),
    ]) {
      parseError(text);
    }
    assert.ok(performance.now() - started < 5_000, 'parsing took too long');
  });
});
