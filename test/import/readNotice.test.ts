import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ImportRefusedError } from '../../src/import/ImportRefusedError.js';
import { readNotice } from '../../src/import/readNotice.js';
import type { ItemBase } from '../../src/ledger/item.js';
import { parseReport } from '../../src/ledger/parseReport.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');
const bundled = readFileSync(
  new URL('../../data/reports/hecheng-2021-rectification-progress.txt', import.meta.url),
  'utf8',
);
const read = (text: string) => readNotice(text, '测试');
const column = <K extends keyof ItemBase>(items: ItemBase[], key: K) => items.map((item) => item[key]);
const perCategory = (r: { categories: string[]; items: ItemBase[] }) =>
  r.categories.map((_, index) => r.items.filter((item) => item.categoryIndex === index).length);
function statusCounts(items: ItemBase[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item.status] = (counts[item.status] ?? 0) + 1;
  return counts;
}

describe('readNotice on the bundled 荷城 report', () => {
  it('gives exactly what parseReport gives, with no warnings', () => {
    const r = read(bundled);
    assert.deepEqual({ categories: r.categories, items: r.items, context: r.context }, parseReport(bundled));
    assert.deepEqual(r.warnings, []);
  });

  it('reads a copy the strict parser refuses (整改进度:已完成, an unknown word for it) by its layout', () => {
    const edited = bundled.replace('整改进度:已完成整改。', '整改进度:已完成。');
    assert.throws(() => parseReport(edited));
    const r = read(edited);
    assert.equal(r.items.length, 53);
    assert.deepEqual(perCategory(r), [4, 9, 3, 9, 18, 10]);
    assert.deepEqual(statusCounts(r.items), { 已完成整改: 26, 阶段性完成并需长期坚持: 27 });
    assert.equal(r.items[1]!.statusText, '已完成');
    assert.equal(r.items[1]!.label, '(一)2');
    assert.ok(r.context.closing[0]!.startsWith('三、坚持标本兼治'));
  });
});

describe('readNotice on other layouts', () => {
  it('一、 parts as categories, items 1、 restarting in each, labelled measures and status', () => {
    const r = read(fixture('parts-numbered.txt'));
    assert.deepEqual(perCategory(r), [3, 3, 1]);
    assert.equal(r.categories[1], '在落实全面从严治党责任方面');
    assert.deepEqual(column(r.items, 'label'), ['一、1', '一、2', '一、3', '二、1', '二、2', '二、3', '三、1']);
    assert.deepEqual(column(r.items, 'status'), [
      '已完成整改',
      '整改中',
      '已完成整改',
      '已完成整改',
      '已完成整改',
      '阶段性完成并需长期坚持',
      '已完成整改',
    ]);
    assert.deepEqual(column(r.items, 'statusText'), [
      '已完成',
      '整改中,达到序时进度',
      '已整改到位',
      undefined,
      '已办结',
      '长期坚持',
      '已完成',
    ]);
    assert.equal(r.items[0]!.title, '理论学习中心组学习流于形式,学用结合不够紧密');
    assert.equal(r.items[6]!.measures.length, 1, 'the closing paragraph and signature are not measures');
    assert.deepEqual(r.context.closing.at(-1), '2024年12月5日');
    assert.deepEqual(r.warnings, [], 'the stated totals (5 done, 2 in progress) match');
  });

  it('(一) items under 一、…问题的整改情况 parts, measures and status inline, one status not stated', () => {
    const r = read(fixture('parts-paren-inline.txt'));
    assert.equal(r.items.length, 7);
    assert.deepEqual(perCategory(r), [3, 3, 1]);
    assert.equal(r.items[0]!.label, '一(一)');
    assert.equal(r.items[0]!.title, '学习贯彻党的创新理论不够深入');
    assert.ok(r.items[0]!.measures[0]!.startsWith('一是制定年度理论学习计划'));
    assert.deepEqual(column(r.items, 'status'), [
      '已完成整改',
      '已完成整改',
      '整改中',
      '已完成整改',
      '阶段性完成并需长期坚持',
      '整改中',
      '整改中',
    ]);
    assert.equal(r.items[4]!.statusText, '该问题取得阶段性成效,需长期坚持');
    assert.equal(r.items[5]!.statusText, undefined);
    assert.deepEqual(r.warnings, ['1 项未写明进度，按整改中：第 6 项']);
  });

  it('three levels (一)→1.→(1): the leaves are the items, the outer level the categories', () => {
    const r = read(fixture('three-levels.txt'));
    assert.deepEqual(r.categories, ['在“党的政治建设”方面', '在“全面从严治党”方面']);
    assert.deepEqual(column(r.items, 'label'), [
      '(一)1.(1)',
      '(一)1.(2)',
      '(一)2.(1)',
      '(二)1.(1)',
      '(二)1.(2)',
      '(二)1.(3)',
    ]);
    assert.deepEqual(column(r.items, 'statusText'), [
      '已办结',
      '取得阶段性成果并持续整改',
      '已销号',
      '基本完成',
      '正在整改',
      '未完成',
    ]);
    assert.deepEqual(statusCounts(r.items), { 已完成整改: 2, 阶段性完成并需长期坚持: 2, 整改中: 2 });
    assert.equal(r.items[0]!.measures[0], '一是建立重大决策部署落实督办机制;二是每季度专题研究一次。');
  });

  it('problems as top-level parts in Markdown; a part that is no problem is skipped with its line', () => {
    const r = read(fixture('problems-as-parts.md'));
    assert.equal(r.items.length, 4);
    assert.deepEqual(r.categories, ['未分类']);
    assert.equal(r.items[1]!.title, '关于“医疗废物处置监管不严”的问题');
    assert.deepEqual(column(r.items, 'status'), ['已完成整改', '阶段性完成并需长期坚持', '整改中', '整改中']);
    assert.equal(r.items[2]!.statusText, '部分整改');
    assert.deepEqual(
      r.skipped.map((s) => [s.at, s.text]),
      [[27, '五、下一步工作打算']],
    );
  });

  it('an audit report: summary prose with (一) paragraphs before the items, status at the end of the measures', () => {
    const r = read(fixture('audit-report.txt'));
    assert.deepEqual(r.categories, ['县级财政管理审计方面', '重点民生资金审计方面']);
    assert.deepEqual(column(r.items, 'label'), ['(一)1', '(一)2', '(一)3', '(二)1', '(二)2', '(二)3', '(二)4']);
    assert.deepEqual(statusCounts(r.items), { 已完成整改: 5, 整改中: 2 });
    assert.equal(r.items[5]!.statusText, '整改滞后');
    assert.ok(r.context.general.some((line) => line.startsWith('(一)提高政治站位')));
    assert.deepEqual(r.warnings, []);
  });

  it('(1) items restarting under each part, status on 完成情况 lines', () => {
    const r = read(fixture('parts-sub-numbered.txt'));
    assert.deepEqual(column(r.items, 'label'), ['一(1)', '一(2)', '二(1)', '二(2)', '二(3)']);
    assert.deepEqual(column(r.items, 'status'), [
      '已完成整改',
      '整改中',
      '已完成整改',
      '阶段性完成并需长期坚持',
      '已完成整改',
    ]);
    assert.equal(r.items[1]!.statusText, '推进中');
  });

  it('warns when the totals a notice states differ from what was read', () => {
    const r = read(fixture('audit-report.txt').replace('已完成整改5个、正在整改2个', '已完成整改6个、正在整改1个'));
    assert.equal(r.warnings.length, 2);
    assert.match(r.warnings[0]!, /已完成整改 6 个，读到的是 5 个/);
  });

  it('refuses a text without a single item', () => {
    assert.throws(() => read('会议纪要\n一、会议议程\n大家讨论了很多事情。\n'), ImportRefusedError);
    assert.throws(() => read(''), /没有找到任何整改事项/);
  });

  it('stays linear on a megabyte of notice', () => {
    const block = (n: number) =>
      `${n}、第${n}个问题落实不到位。\n整改措施:一是${'加强管理,'.repeat(20)}。\n整改进度:已完成。\n`;
    const text = `一、在某方面\n${Array.from({ length: 4000 }, (_, i) => block(i + 1)).join('')}`;
    assert.ok(text.length > 500_000);
    assert.equal(read(text).items.length, 4000);
  });
});
