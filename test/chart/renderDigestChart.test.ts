import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import type { DigestChartData } from '../../src/chart/digestChartData.js';
import { CHART_WIDTH, chartHeight, renderDigestChart } from '../../src/chart/renderDigestChart.js';
import { bundledChartData } from './bundledChartData.js';

const CAPTION = { title: '巡察整改进度 · 2026年第49周', date: '统计至 2026-12-02 10:00' };
const HISTORY = [41, 38, 36, 33, 31, 30, 28, 27].map((open, i) => ({ week: `第${42 + i}周`, open }));

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Pixels that differ between two renders of the same size, and the box around them. */
function diff(a: PNG, b: PNG): { count: number; box: Box } {
  const box = { x0: Infinity, y0: Infinity, x1: -1, y1: -1 };
  let count = 0;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 4;
      if (a.data.readUInt32BE(i) === b.data.readUInt32BE(i)) continue;
      count += 1;
      box.x0 = Math.min(box.x0, x);
      box.y0 = Math.min(box.y0, y);
      box.x1 = Math.max(box.x1, x);
      box.y1 = Math.max(box.y1, y);
    }
  return { count, box };
}

/** Dark pixels in a box: text drawn, as opposed to an empty white area. */
function ink(png: PNG, box: Box): number {
  let count = 0;
  for (let y = box.y0; y <= box.y1; y++)
    for (let x = box.x0; x <= box.x1; x++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i]! + png.data[i + 1]! + png.data[i + 2]! < 384) count += 1;
    }
  return count;
}

const render = async (data: DigestChartData, title = CAPTION.title) =>
  PNG.sync.read(await renderDigestChart(data, { ...CAPTION, title }));

describe('renderDigestChart', async () => {
  it('writes a phone-width PNG under 300 KB for the bundled ledger, with and without history', async () => {
    for (const data of [bundledChartData(), { ...bundledChartData(), history: HISTORY }]) {
      const png = await renderDigestChart(data, CAPTION);
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
      assert.equal(png.readUInt32BE(16), CHART_WIDTH);
      assert.equal(png.readUInt32BE(20), chartHeight(data));
      assert.ok(png.length < 300 * 1024, `${png.length} bytes`);
    }
    assert.ok(chartHeight({ ...bundledChartData(), history: HISTORY }) > chartHeight(bundledChartData()));
  });

  it('draws Chinese titles as real glyphs from the bundled font: different words, different pixels', async () => {
    const data = bundledChartData();
    const a = await render(data, '整改');
    const b = await render(data, '巡察');
    const { count, box } = diff(a, b);
    // Missing glyphs would all be the same empty box (tofu), or nothing at all without a font.
    assert.ok(count > 200, `${count} pixels differ`);
    assert.ok(box.y1 < 80 && box.x1 < 120, `the difference lies in the title: ${JSON.stringify(box)}`);
    assert.ok(ink(a, box) > 100 && ink(b, box) > 100, 'both titles have ink');
  });

  it('draws Chinese category names as real glyphs, above their bars', async () => {
    const data = bundledChartData();
    const renamed = (name: string) => ({
      ...data,
      categories: data.categories.map((c, i) => (i === 0 ? { ...c, name } : c)),
    });
    const a = await render(renamed('一、党建'));
    const b = await render(renamed('一、审计'));
    const { count, box } = diff(a, b);
    assert.ok(count > 200, `${count} pixels differ`);
    assert.ok(box.y0 > 200 && box.y1 < 300, `the difference lies in the first row's label: ${JSON.stringify(box)}`);
    assert.ok(ink(a, box) > 50 && ink(b, box) > 50, 'both names have ink');
  });
});
