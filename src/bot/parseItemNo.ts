import type { Item } from '../ledger/item.js';
import type { Ledger } from '../ledger/Ledger.js';

export type ItemArg = { item: Item; rest: string } | { error: string };

/** "20 清淤完成75%" → item 20 and the rest. Anything that is not an item number gets a reply saying what would work. */
export function parseItemNo(args: string, store: Ledger, command: string): ItemArg {
  const total = store.itemCount;
  const m = /^([0-9０-９]+)(.*)$/s.exec(args);
  if (!m) return { error: `请在「${command}」后写事项编号，例如：${command} 20（编号 1–${total}）` };
  const digits = m[1]!.normalize('NFKC');
  const rest = m[2]!;
  if (/^[.．][0-9０-９]/.test(rest)) return { error: `事项编号是整数，例如：${command} 20（编号 1–${total}）` };
  const item = store.item(Number(digits));
  if (!item) return { error: `没有第 ${digits} 项。台账共 ${total} 项，编号 1–${total}。` };
  return { item, rest: rest.replace(/^[\s:：,，、]+/, '').trim() };
}
