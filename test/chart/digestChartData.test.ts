import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digestChartData } from '../../src/chart/digestChartData.js';
import { shortCategory } from '../../src/chart/shortCategory.js';
import { itemFromBase } from '../../src/ledger/foldItem.js';
import { ledgerSummary } from '../../src/ledger/ledgerSummary.js';
import { bundledChartData, bundledReport } from './bundledChartData.js';

describe('digestChartData', () => {
  it('counts the bundled ledger per category and status', () => {
    const data = bundledChartData();
    assert.equal(data.total, 53);
    assert.equal(data.done, 26);
    assert.equal(data.completionRate, 26 / 53);
    assert.deepEqual(
      data.categories.map((c) => Object.values(c.counts).reduce((a, b) => a + b, 0)),
      [4, 9, 3, 9, 18, 10],
    );
    const sum = (status: keyof (typeof data.categories)[number]['counts']) =>
      data.categories.reduce((n, c) => n + c.counts[status], 0);
    assert.deepEqual([sum('已完成整改'), sum('阶段性完成并需长期坚持'), sum('整改中'), sum('待销号')], [26, 27, 0, 0]);
    assert.deepEqual(data.categories[2]!.counts, { 已完成整改: 1, 阶段性完成并需长期坚持: 2, 整改中: 0, 待销号: 0 });
    assert.deepEqual(data.history, []);
  });

  it('follows the items as they are now, not as imported', () => {
    const items = bundledReport.items.map(itemFromBase);
    items[0]!.status = '整改中';
    items[1]!.status = '待销号';
    const data = digestChartData(ledgerSummary(items, bundledReport.categories), [
      { week: '第47周', open: 30 },
      { week: '第48周', open: 29 },
    ]);
    assert.equal(data.categories[0]!.counts.整改中 + data.categories[0]!.counts.待销号, 2);
    assert.deepEqual(
      data.history.map((w) => w.open),
      [30, 29],
    );
  });

  it('names categories short enough for one chart line, numbered as the report numbers them', () => {
    assert.deepEqual(
      bundledChartData().categories.map((c) => c.name),
      [
        '一、落实2020年省委巡视高明区整改',
        '二、落实区委巡察整改',
        '三、落实审计整改',
        '四、贯彻落实上级重大决策部署不力',
        '五、解决群众身边腐败问题和不正之风…',
        '六、基层党组织和干部队伍建设存在短板',
      ],
    );
    assert.equal(shortCategory('存在的主要问题', 11), '12、存在的主要问题', 'never cut to nothing');
  });
});
