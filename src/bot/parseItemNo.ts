import type { Item } from '../ledger/item.js';
import type { Ledger } from '../ledger/Ledger.js';

export type ItemArg = { item: Item; rest: string } | { error: string };

/**
 * The item number as people write it — 20, 第20项, 20号 — then the rest. 号 and 项 belong to the
 * number only where a word ends after them, so a note such as 「号召群众」 stays as typed.
 */
const ITEM_NO = /^(?:第\s*)?([0-9０-９]+)(?:\s*[号项](?=$|[\s:：,，、]))?(.*)$/s;

/** "20 清淤完成75%" → item 20 and the rest. Anything that is not an item number gets a reply saying what would work. */
export function parseItemNo(args: string, store: Ledger, command: string): ItemArg {
  const total = store.itemCount;
  const m = ITEM_NO.exec(args);
  if (!m) return { error: `请在「${command}」后写事项编号，例如：${command} 20（编号 1–${total}）` };
  const digits = m[1]!.normalize('NFKC');
  const rest = m[2]!;
  if (/^[.．][0-9０-９]/.test(rest)) return { error: `事项编号是整数，例如：${command} 20（编号 1–${total}）` };
  const item = store.item(Number(digits));
  if (!item) return { error: `没有第 ${digits} 项。台账共 ${total} 项，编号 1–${total}。` };
  return { item, rest: rest.replace(/^[\s:：,，、]+/, '').trim() };
}
