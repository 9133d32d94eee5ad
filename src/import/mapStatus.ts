import type { Status } from '../ledger/item.js';

export interface MappedStatus {
  status: Status;
  /** The words as written, when they are not already one of the bot's states. */
  statusText?: string;
  /** False when no known word was found: the item is taken as 整改中 and a warning is due. */
  known: boolean;
}

/**
 * Checked in this order because the groups overlap: 未完成 contains 完成, and 已完成整改并需长期坚持 is
 * the long-term state, not the closed one.
 */
const GROUPS: { status: Status; words: RegExp }[] = [
  { status: '待销号', words: /待销号|申请销号|提请销号/ },
  { status: '整改中', words: /未整改|尚未|未完成|未到位|滞后|正在|整改中|部分整改|推进中|序时进度|进行中|持续推进/ },
  {
    status: '阶段性完成并需长期坚持',
    words: /阶段性|长期|持续整改|基本完成|常态化|久久为功/,
  },
  {
    status: '已完成整改',
    words: /已?完成整改|已完成|已整改|全部整改|整改到位|整改完成|整改完毕|办结|销号|^完成$|^是$/,
  },
];

/** Maps a status as a unit words it onto the bot's states; anything unknown is still open work. */
export function mapStatus(raw: string): MappedStatus {
  const text = raw.trim().replace(/[。.;；]+$/, '');
  const group = GROUPS.find((g) => g.words.test(text));
  const status = group?.status ?? '整改中';
  return { status, known: group !== undefined, ...(text !== status && text !== '' && { statusText: text }) };
}

/**
 * A status said in passing at the end of the measures (该问题已完成整改。目前正在整改中。): only
 * phrases that cannot be a measure's own wording count, and never one followed by a count (已完成整改19个 is a
 * total).
 */
const INLINE =
  /(已完成整改|已整改到位|已整改完毕|已全部整改|整改已完成|已办结|已销号|阶段性完成|取得阶段性(?:成效|成果)|基本完成整改|需长期坚持|持续整改|正在整改|整改中|部分整改|尚未整改|未完成整改|整改滞后|达到序时进度)(?![\d一二三四五六七八九十]+[个项条])/;

export function inlineStatus(sentence: string): string | undefined {
  return sentence.length <= 40 && INLINE.test(sentence) ? sentence : undefined;
}
