import { shorten } from '../text/shorten.js';

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * A report's category heading cut to fit one chart line on a phone, numbered as the report numbers
 * it so a reader can find it there: 落实审计整改方面存在的主要问题 → 三、落实审计整改.
 */
export function shortCategory(name: string, index: number): string {
  const core = name.replace(/(方面)?存在的主要问题$/, '') || name;
  return `${ORDINALS[index] ?? index + 1}、${shorten(core, 16)}`;
}
