import { STATUSES, type Status } from '../ledger/item.js';
import { CHART_FONT_FAMILY, CHART_FONT_FILES } from './chartFont.js';
import type { DigestChartData } from './digestChartData.js';

type Renderers = { echarts: typeof import('echarts/core'); renderAsync: typeof import('@resvg/resvg-js').renderAsync };
let renderers: Promise<Renderers> | undefined;

/**
 * echarts alone adds some 40 MB to the bot's resident memory (measured), for a picture drawn once a
 * week: it is loaded with the first chart, not at start.
 */
function loadRenderers(): Promise<Renderers> {
  renderers ??= (async () => {
    const [echarts, charts, components, svg, resvg] = await Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/renderers'),
      import('@resvg/resvg-js'),
    ]);
    echarts.use([
      charts.BarChart,
      charts.LineChart,
      components.GraphicComponent,
      components.GridComponent,
      components.LegendComponent,
      svg.SVGRenderer,
    ]);
    return { echarts, renderAsync: resvg.renderAsync };
  })();
  return renderers;
}

/** A phone shows a chat image at its width; 750 px is sharp on a 2× screen of 375 points. */
export const CHART_WIDTH = 750;
const PAD = 28;
const HEADER = 250;
const ROW = 84;
const BAR = 30;
const HISTORY = 330;

const COLORS: Record<Status, string> = {
  已完成整改: '#2e9d5b',
  阶段性完成并需长期坚持: '#4a86d8',
  整改中: '#f0a22e',
  待销号: '#9a6fd0',
};
const INK = '#1f2329';
const MUTED = '#6b7280';

export interface ChartCaption {
  /** e.g. 巡察整改进度 · 2026年第48周 */
  title: string;
  /** e.g. 统计至 2026-11-30 09:00 */
  date: string;
}

/** The digest's picture as a PNG: stacked status counts per category, the overall rate, open items by week. */
export async function renderDigestChart(data: DigestChartData, caption: ChartCaption): Promise<Buffer> {
  // The whole 8 MB fonts, not subsets cut per render: as fast on this machine, and harfbuzz's wasm heap
  // would keep some 80 MB in the bot for good (measured). resvg works off the main thread, so the
  // bot keeps answering while it draws.
  const { echarts, renderAsync } = await loadRenderers();
  const image = await renderAsync(chartSvg(echarts, data, caption), {
    background: '#ffffff',
    font: { fontFiles: CHART_FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
  });
  return image.asPng();
}

export function chartHeight(data: DigestChartData): number {
  return HEADER + data.categories.length * ROW + (data.history.length ? HISTORY : 0) + PAD;
}

function chartSvg(echarts: Renderers['echarts'], data: DigestChartData, caption: ChartCaption): string {
  const height = chartHeight(data);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: CHART_FONT_FAMILY },
      graphic: header(data, caption),
      legend: {
        top: HEADER - 62,
        left: PAD,
        itemWidth: 18,
        itemHeight: 18,
        itemGap: 22,
        textStyle: { fontSize: 20, color: INK },
        data: [...STATUSES],
      },
      grid: grids(data),
      xAxis: [
        { gridIndex: 0, type: 'value', show: false, max: Math.max(1, ...data.categories.map(total)) },
        ...(data.history.length ? [historyXAxis(data)] : []),
      ],
      yAxis: [categoryAxis(data), ...(data.history.length ? [historyYAxis()] : [])],
      series: [...STATUSES.map((status) => statusSeries(data, status)), ...historySeries(data)],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function total(c: DigestChartData['categories'][number]): number {
  return STATUSES.reduce((sum, s) => sum + c.counts[s], 0);
}

function text(left: number, top: number, value: string, fontSize: number, fill: string, bold = false) {
  return {
    type: 'text',
    left,
    top,
    style: { text: value, fontSize, fill, fontWeight: bold ? 'bold' : 'normal', fontFamily: CHART_FONT_FAMILY },
  };
}

function header(data: DigestChartData, caption: ChartCaption) {
  const rate = `${(data.completionRate * 100).toFixed(1)}%`;
  return [
    text(PAD, PAD, caption.title, 32, INK, true),
    text(PAD, PAD + 46, caption.date, 20, MUTED),
    text(PAD, PAD + 86, rate, 60, COLORS.已完成整改, true),
    text(PAD + 44 + rate.length * 34, PAD + 94, '完成率', 22, MUTED),
    text(PAD + 44 + rate.length * 34, PAD + 124, `已完成 ${data.done} 项 / 共 ${data.total} 项`, 22, INK),
    ...(data.history.length
      ? [text(PAD, HEADER + data.categories.length * ROW + 36, '未完成事项 · 逐周', 24, INK, true)]
      : []),
  ];
}

function grids(data: DigestChartData) {
  const barsHeight = data.categories.length * ROW;
  const bars = { left: PAD, right: PAD, top: HEADER, height: barsHeight };
  if (!data.history.length) return [bars];
  return [bars, { left: PAD + 44, right: PAD + 30, top: HEADER + barsHeight + 110, height: HISTORY - 170 }];
}

function categoryAxis(data: DigestChartData) {
  return {
    gridIndex: 0,
    type: 'category',
    inverse: true,
    // Braces and bars are ECharts' rich-text markup; a heading never needs them.
    data: data.categories.map(
      (c) => `{name|${c.name.replace(/[{}|]/g, '')}}  {n|已完成 ${c.counts.已完成整改}/${total(c)}}`,
    ),
    axisLine: { show: false },
    axisTick: { show: false },
    // Labels sit above their bars, so the long Chinese names get the whole width.
    axisLabel: {
      inside: true,
      align: 'left',
      verticalAlign: 'bottom',
      padding: [0, 0, BAR / 2 + 8, 0],
      rich: { name: { fontSize: 22, color: INK }, n: { fontSize: 19, color: MUTED } },
    },
  };
}

function statusSeries(data: DigestChartData, status: Status) {
  return {
    name: status,
    type: 'bar',
    stack: 'status',
    xAxisIndex: 0,
    yAxisIndex: 0,
    barWidth: BAR,
    itemStyle: { color: COLORS[status] },
    label: {
      show: true,
      color: '#ffffff',
      fontSize: 18,
      fontWeight: 'bold',
      formatter: ({ value }: { value: number }) => (value ? String(value) : ''),
    },
    data: data.categories.map((c) => c.counts[status]),
  };
}

function historyXAxis(data: DigestChartData) {
  return {
    gridIndex: 1,
    type: 'category',
    boundaryGap: false,
    data: data.history.map((w) => w.week),
    axisLabel: { fontSize: 18, color: MUTED },
    axisLine: { lineStyle: { color: '#c9ced6' } },
  };
}

function historyYAxis() {
  return {
    gridIndex: 1,
    type: 'value',
    minInterval: 1,
    axisLabel: { fontSize: 18, color: MUTED },
    splitLine: { lineStyle: { color: '#eceef1' } },
  };
}

function historySeries(data: DigestChartData) {
  if (!data.history.length) return [];
  return [
    {
      type: 'line',
      xAxisIndex: 1,
      yAxisIndex: 1,
      data: data.history.map((w) => w.open),
      symbolSize: 10,
      lineStyle: { width: 4, color: '#e0593e' },
      itemStyle: { color: '#e0593e' },
      label: { show: true, position: 'top', fontSize: 18, color: INK },
    },
  ];
}
