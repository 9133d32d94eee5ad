import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { BUNDLED_REPORT } from '../../src/config.js';
import { ImportRefusedError } from '../../src/import/ImportRefusedError.js';
import { readImportFile } from '../../src/import/readImportFile.js';
import { importLedger } from '../../src/storage/files/importLedger.js';
import { openTestLedger } from '../helpers/openTestLedger.js';
import { ledgerRows } from '../../src/ledger/ledgerRows.js';
import { parseReport } from '../../src/ledger/parseReport.js';
import { toCsv } from '../../src/ledger/toCsv.js';
import { toXlsx } from '../../src/ledger/toXlsx.js';
import { ledgerCsvGbk, ledgerDocx, ledgerXlsx } from '../fixtures/import/buildFixtures.js';
import { START_MS } from '../helpers/testBot.js';

let dir: string;
const file = async (name: string, bytes: Buffer | string) => {
  const at = path.join(dir, name);
  await writeFile(at, bytes);
  return at;
};
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-read-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('text encodings', () => {
  it('a GBK copy of the bundled report (Word’s “ANSI” text) reads as the UTF-8 one', async () => {
    const text = await readFile(BUNDLED_REPORT, 'utf8');
    const r = await readImportFile(await file('gbk.txt', iconv.encode(text, 'gbk')));
    assert.equal(r.readAs, '文本通报（GB18030）');
    assert.deepEqual(r.items, parseReport(text).items);
  });

  it('a UTF-8 copy with BOM and CRLF reads the same', async () => {
    const text = await readFile(BUNDLED_REPORT, 'utf8');
    const r = await readImportFile(await file('bom.md', `\uFEFF${text.replaceAll('\n', '\r\n')}`));
    assert.equal(r.items.length, 53);
  });
});

describe('spreadsheets and Word tables', () => {
  it('xlsx: header under a merged title and a 填报单位 row, merged categories, mixed deadlines, several people', async () => {
    const workbook = await file('ledger.xlsx', await ledgerXlsx());
    await assert.rejects(readImportFile(workbook), /工作表“说明”.*--sheet 指定：整改台账/);
    const r = await readImportFile(workbook, { sheet: '整改台账' });
    assert.deepEqual(r.categories, ['党的建设方面', '业务工作方面']);
    assert.deepEqual(
      r.items.map((i) => i.categoryIndex),
      [0, 0, 0, 1, 1],
    );
    assert.deepEqual(
      r.items.map((i) => i.deadline),
      [
        { text: '2025-06-30', date: '2025-06-30' },
        { text: '2025年12月底前', date: '2025-12-31' },
        { text: '长期坚持', longTerm: true },
        { text: '2025/9/30', date: '2025-09-30' },
        { text: '2026年上半年', date: '2026-06-30' },
      ],
    );
    assert.deepEqual(r.items[0]!.people, ['张三', '李四']);
    assert.deepEqual(r.items[2]!.people, ['钱七', '孙八']);
    assert.deepEqual(r.items[0]!.measures, ['一是制定年度学习计划', '二是每月集中学习一次']);
    assert.deepEqual(
      r.items.map((i) => [i.status, i.statusText]),
      [
        ['已完成整改', '已完成'],
        ['整改中', undefined],
        ['阶段性完成并需长期坚持', undefined],
        ['已完成整改', '已办结'],
        ['整改中', undefined],
      ],
    );
    assert.equal(r.items[0]!.leader, '王局长');
    assert.equal(r.items[0]!.unit, '办公室');
    assert.equal(r.items[2]!.remarks, '每季度一次');
    assert.deepEqual(r.warnings, ['未识别的列（未导入）：配合单位', '1 项未填进度，按整改中']);
    assert.deepEqual(
      r.skipped.map((s) => [s.at, s.reason]),
      [[10, '表尾（填报人、审核人、合计等）']],
    );
  });

  it('GBK CSV with CRLF, a title row, a quoted comma, a blank and a 合计 row', async () => {
    const r = await readImportFile(await file('ledger.csv', ledgerCsvGbk()));
    assert.equal(r.readAs, 'CSV 表格（GB18030）');
    assert.deepEqual(r.categories, ['预算管理', '资产管理']);
    assert.deepEqual(
      r.items.map((i) => [i.title, i.status, i.deadline?.date, i.people]),
      [
        ['部分项目预算执行率偏低', '已完成整改', '2025-06-30', ['张三', '李四']],
        ['非税收入未及时缴库', '已完成整改', '2025-03-31', ['王五']],
        ['国有资产底数不清', '整改中', '2025-12-31', ['赵六']],
      ],
    );
    assert.deepEqual(r.items[1]!.measures, ['已缴库185万元, 建立月报制度']);
    assert.deepEqual(
      r.skipped.map((s) => s.at),
      [7],
    );
  });

  it('docx: the items table of a 整改方案, a category merged down two rows', async () => {
    const r = await readImportFile(await file('plan.docx', await ledgerDocx()));
    assert.equal(r.readAs, 'Word 文档中的表格');
    assert.deepEqual(r.categories, ['政治建设', '作风建设']);
    assert.deepEqual(
      r.items.map((i) => [i.categoryIndex, i.title, i.people]),
      [
        [0, '理论武装不够深入', ['刘一']],
        [0, '意识形态阵地管理有漏洞', ['陈二', '张三']],
        [1, '服务群众意识不强', ['李四']],
      ],
    );
    assert.deepEqual(r.items[0]!.measures, ['一是完善学习制度', '二是开展专题研讨']);
    assert.deepEqual(r.items[1]!.deadline, { text: '立行立改' });
    assert.match(r.warnings.join('\n'), /“立行立改”读不出日期/);
  });
});

describe('refusals say what the file is and what works', () => {
  const cases: [string, Buffer | string, RegExp][] = [
    ['scan.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), /这是 PNG 图片/],
    ['photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), /这是 JPEG 图片/],
    ['empty.txt', '', /文件是空的/],
    ['blank.csv', '\r\n  \r\n', /文件是空的/],
    ['old.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /旧版 Office/],
    ['report.pdf', '%PDF-1.7\n', /PDF/],
    ['data.bin', Buffer.from([1, 2, 3, 0, 4, 5]), /二进制文件/],
    ['archive.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), /ZIP 压缩包/],
  ];
  for (const [name, bytes, what] of cases) {
    it(name, async () => {
      await assert.rejects(readImportFile(await file(name, bytes)), (err: Error) => {
        assert.ok(err instanceof ImportRefusedError);
        assert.match(err.message, what);
        assert.match(err.message, /可导入的格式：.*\.xlsx.*\.csv.*\.docx/);
        return true;
      });
    });
  }

  it('a sheet without a header row', async () => {
    await assert.rejects(readImportFile(await file('names.csv', '姓名,电话\r\n张三,123\r\n')), /没有找到表头/);
  });
});

describe('re-import of the bot’s own export', () => {
  for (const format of ['xlsx', 'csv'] as const) {
    it(`${format} gives back the same items`, async () => {
      const data = path.join(dir, `data-${format}`);
      const source = await file(`source-${format}.xlsx`, await ledgerXlsx());
      const original = await readImportFile(source, { sheet: '整改台账' });
      await importLedger(data, source, { replace: false, now: START_MS, report: original });
      const store = await openTestLedger(data, { clock: () => START_MS });
      const rows = ledgerRows(store.items(), store.categories, 'Asia/Shanghai');
      await store.close();
      const exported = await file(`export.${format}`, format === 'xlsx' ? await toXlsx(rows) : toCsv(rows));
      const again = await readImportFile(exported);
      assert.deepEqual(again.items, original.items);
      assert.deepEqual(again.categories, original.categories);
    });
  }

  it('of a notice keeps labels and the status wording', async () => {
    const data = path.join(dir, 'data-notice');
    const notice = new URL('../fixtures/import/three-levels.txt', import.meta.url).pathname;
    const original = await readImportFile(notice);
    await importLedger(data, notice, { replace: false, now: START_MS, report: original });
    const store = await openTestLedger(data, { clock: () => START_MS });
    const exported = await file('notice.xlsx', await toXlsx(ledgerRows(store.items(), store.categories, 'UTC')));
    await store.close();
    const again = await readImportFile(exported);
    assert.deepEqual(
      again.items.map((i) => [i.label, i.status, i.statusText, i.title]),
      original.items.map((i) => [i.label, i.status, i.statusText, i.title]),
    );
  });
});
