import { foldFullWidth } from '../text/foldFullWidth.js';

/** Header names seen in real 台账, most specific first: where two columns name one field, the earlier name wins. */
export const HEADER_SYNONYMS = {
  label: ['原编号', '序号', '编号', '问题编号'],
  category: ['问题类别', '类别', '问题分类', '分类', '问题类型', '类型', '所属方面', '方面', '领域'],
  title: [
    '问题',
    '问题描述',
    '存在问题',
    '反馈问题',
    '具体问题',
    '问题内容',
    '问题表现',
    '主要问题',
    '发现问题',
    '问题清单',
    '整改事项',
    '事项',
  ],
  measures: ['整改措施', '整改情况', '整改落实情况', '落实情况', '整改举措', '具体措施', '措施'],
  status: ['整改进度', '完成情况', '整改进展', '整改状态', '进展情况', '完成状态', '是否完成', '进度', '状态'],
  statusText: ['进度原文'],
  deadline: ['整改时限', '完成时限', '计划完成时间', '整改期限', '完成时间', '整改时间', '时限'],
  leader: ['责任领导', '分管领导', '牵头领导', '包案领导', '责任领导人'],
  unit: ['责任单位', '牵头单位', '责任部门', '牵头部门', '责任科室'],
  people: ['责任人姓名', '责任人', '经办人', '具体责任人'],
  remarks: ['备注', '说明'],
} as const;

export type Field = keyof typeof HEADER_SYNONYMS;

/** Columns the bot's own export adds from chat history: a re-import leaves them to the history they came from. */
const EXPORT_ONLY = ['完成度', '最新进展', '更新时间', '佐证数'];

export interface HeaderMap {
  columns: Partial<Record<Field, number>>;
  /** Notes for the user: unknown, duplicate and export-only columns, none of them imported. */
  notes: string[];
}

interface Match {
  field: Field;
  rank: number;
}

/** Maps a header row onto fields; undefined unless it names the problem and at least one other field. */
export function mapHeader(cells: readonly string[]): HeaderMap | undefined {
  const best = new Map<Field, { column: number; rank: number; name: string }>();
  const losers: string[] = [];
  const unknown: string[] = [];
  const exportOnly: string[] = [];
  for (const [column, cell] of cells.entries()) {
    const name = normalise(cell);
    const match = name === '' || EXPORT_ONLY.includes(name) ? undefined : matchField(name);
    if (name !== '' && !match) (EXPORT_ONLY.includes(name) ? exportOnly : unknown).push(cell.trim());
    if (!match) continue;
    const held = best.get(match.field);
    const [winner, loser] = held && held.rank <= match.rank ? [held.name, cell.trim()] : [cell.trim(), held?.name];
    // Beside 原编号 (the document's own number), 序号 is only the running number the import recounts anyway.
    if (loser !== undefined && !(match.field === 'label' && loser === '序号'))
      losers.push(`“${loser}”与“${winner}”重复`);
    if (!held || held.rank > match.rank) best.set(match.field, { column, rank: match.rank, name: cell.trim() });
  }
  if (!best.has('title') || best.size < 2) return undefined;
  const notes = [
    ...(unknown.length ? [`未识别的列（未导入）：${unknown.join('、')}`] : []),
    ...losers.map((l) => `${l}，未导入`),
    ...(exportOnly.length ? [`${exportOnly.join('、')} 是导出时附上的聊天记录信息，未导入`] : []),
  ];
  return { columns: Object.fromEntries([...best].map(([f, b]) => [f, b.column])), notes };
}

/** Exact names first; else the longest known name the header contains (存在问题及表现 → 存在问题). */
function matchField(name: string): Match | undefined {
  let found: (Match & { length: number }) | undefined;
  for (const [field, synonyms] of Object.entries(HEADER_SYNONYMS) as [Field, readonly string[]][]) {
    const exact = synonyms.indexOf(name);
    if (exact >= 0) return { field, rank: exact };
    for (const [index, synonym] of synonyms.entries()) {
      if (name.includes(synonym) && (!found || synonym.length > found.length))
        found = { field, rank: synonyms.length + index, length: synonym.length };
    }
  }
  return found && { field: found.field, rank: found.rank };
}

/** 整改时限（完成时间）, “责任 单位”, 序号* all name their plain field. */
function normalise(cell: string): string {
  return foldFullWidth(cell)
    .replace(/\s+/g, '')
    .replace(/\([^)]*\)$/, '')
    .replace(/[*:：]+$/, '');
}
