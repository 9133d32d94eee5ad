import { KINDS, type Kind, type NoticeLine } from './noticeLines.js';

/** Words of a problem: 关于…的问题, …不到位, …不规范, 未按规定…, …偏低. */
const PROBLEM =
  /问题|不到位|不够|不足|不力|不严|不实|不细|不准|不规范|不完善|不健全|不及时|不落实|不深入|不全面|未按|未能|未及时|未落实|未建立|薄弱|缺失|缺位|滞后|偏低|偏高|弱化|虚化|淡化|风险|隐患|违规|违反|超标|超支|闲置|挪用|截留|流失/;
/** Words of a group of problems: 在…方面, …问题的整改情况, 关于“…”问题的整改. */
const GROUP = /(方面|整改情况|的整改|问题整改|总体情况|工作情况|基本情况|下一步.*)$/;

export interface Block {
  /** Index of the heading line in the notice's lines. */
  start: number;
  /** Index after the block's last line: the next heading of the same or a higher level. */
  end: number;
  statuses: number;
  measuresLabels: number;
  problem: boolean;
}

export function looksLikeProblem(title: string): boolean {
  return PROBLEM.test(title) && !GROUP.test(title.replace(/[。.]$/, ''));
}

/** Every heading of one kind with the lines it governs. */
export function blocksOf(lines: readonly NoticeLine[], kind: Kind): Block[] {
  const rank = KINDS.indexOf(kind);
  const blocks: Block[] = [];
  let open: Block | undefined;
  lines.forEach((line, index) => {
    const heading = line.heading;
    if (!heading || heading.rank > rank) return;
    if (open) blocks.push({ ...open, end: index });
    open = heading.rank === rank ? blockAt(lines, index) : undefined;
  });
  if (open) blocks.push({ ...open, end: lines.length });
  for (const block of blocks) count(lines, block);
  return blocks;
}

function blockAt(lines: readonly NoticeLine[], start: number): Block {
  return {
    start,
    end: start + 1,
    statuses: 0,
    measuresLabels: 0,
    problem: looksLikeProblem(lines[start]!.title ?? ''),
  };
}

/** Labelled statuses count; a status said in passing counts only where no label states one. */
function count(lines: readonly NoticeLine[], block: Block): void {
  let labelled = 0;
  let inline = 0;
  for (let i = block.start; i < block.end; i++) {
    const line = lines[i]!;
    if (line.status !== undefined) labelled++;
    else if (line.inline) inline++;
    if (line.measuresLabel) block.measuresLabels++;
  }
  block.statuses = labelled || inline;
}

/**
 * Which heading level holds the items: the one whose blocks most often hold exactly one status, one
 * measures label and a problem for a title. A level too high gathers several statuses per block and
 * loses; a level too low (numbered measures inside an item) rarely holds a status at all.
 */
export function chooseItemKind(lines: readonly NoticeLine[]): { kind: Kind; blocks: Block[] } | undefined {
  let best: { kind: Kind; blocks: Block[]; score: number } | undefined;
  for (const kind of KINDS) {
    const blocks = blocksOf(lines, kind);
    let score = 0;
    for (const b of blocks) {
      score += (b.statuses === 1 ? 2 : 0) + (b.measuresLabels === 1 ? 1 : 0) + (b.problem ? 1 : 0);
      score -= (b.statuses > 1 ? 2 : 0) + (b.measuresLabels > 1 ? 1 : 0);
    }
    if (score > 0 && (!best || score >= best.score)) best = { kind, blocks, score };
  }
  return best && { kind: best.kind, blocks: best.blocks };
}
