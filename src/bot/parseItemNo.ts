import type { LedgerItem, LedgerSet } from '../ledger/LedgerSet.js';
import type { LedgerView } from '../ledger/LedgerView.js';

export type ItemArg = (LedgerItem & { rest: string }) | { error: string };

/**
 * The item number as people write it — 20, 第20项, 20号 — then the rest. 号 and 项 belong to the
 * number only where a word ends after them, so a note such as 「号召群众」 stays as typed.
 */
const ITEM_NO = /^(?:第\s*)?([0-9０-９]+)(?:\s*[号项](?=$|[\s:：,，、]))?(.*)$/s;

/**
 * "20 清淤完成75%" → item 20 and the rest; "审20 …" → item 20 of the ledger coded 审. A bare number
 * that several active ledgers have gets a reply listing them. Anything that is not an item number
 * gets a reply saying what would work.
 */
export function parseItemNo(args: string, ledgers: LedgerSet, command: string): ItemArg {
  const code = ledgers.several ? ledgers.codes().find((c) => args.startsWith(c)) : undefined;
  const scoped = code === undefined ? undefined : ledgers.find(code);
  const text = scoped ? args.slice(code!.length).trimStart() : args;
  const example = scoped || !ledgers.several ? `${command} ${scoped ? scoped.code : ''}20` : `${command} 20`;
  const m = ITEM_NO.exec(text);
  if (!m)
    return { error: `请在「${command}」后写事项编号，例如：${example}${range(scoped ?? ledgers.first, ledgers)}` };
  const digits = m[1]!.normalize('NFKC');
  const rest = m[2]!;
  if (/^[.．][0-9０-９]/.test(rest)) return { error: `事项编号是整数，例如：${example}` };
  const glued = /^[A-Za-zＡ-Ｚａ-ｚ]+/.exec(rest);
  if (glued) return { error: `「${digits}${glued[0]}」是指第 ${digits} 项吗？编号后请空一格再写，例如：${example}` };
  const list = /^\s*[,，、]\s*[0-9０-９]/.test(rest);
  if (list) return { error: `是要处理第 ${digits} 项和其他几项吗？一次只能写一项，请分开发送，例如：${example}` };
  const no = Number(digits);
  const found = scoped ? hit(scoped, no) : candidates(ledgers, no);
  if (!found.length) return { error: missing(ledgers, scoped, digits) };
  if (found.length > 1) return { error: ambiguous(ledgers, found, command, rest) };
  return { ...found[0]!, rest: rest.replace(/^[\s:：,，、]+/, '').trim() };
}

function hit(ledger: LedgerView, no: number): LedgerItem[] {
  const item = ledger.item(no);
  return item ? [{ ledger, item }] : [];
}

/** Active ledgers first: a finished ledger answers a bare number only when no active one has it. */
function candidates(ledgers: LedgerSet, no: number): LedgerItem[] {
  const active = ledgers.active().flatMap((l) => hit(l, no));
  return active.length ? active : ledgers.all.flatMap((l) => hit(l, no));
}

function range(ledger: LedgerView, ledgers: LedgerSet): string {
  return ledgers.several ? '' : `（编号 1–${ledger.itemCount}）`;
}

function missing(ledgers: LedgerSet, scoped: LedgerView | undefined, digits: string): string {
  if (!ledgers.several) {
    const total = ledgers.first.itemCount;
    return `没有第 ${digits} 项。台账共 ${total} 项，编号 1–${total}。`;
  }
  if (scoped) return `${scoped.name}没有第 ${digits} 项（共 ${scoped.itemCount} 项）。`;
  const list = ledgers.all.map((l) => `${l.code} ${l.name}（1–${l.itemCount}）`).join('；');
  return `哪本台账都没有第 ${digits} 项。台账：${list}。`;
}

function ambiguous(ledgers: LedgerSet, found: readonly LedgerItem[], command: string, rest: string): string {
  const no = found[0]!.item.no;
  const lines = [`第${no}项在 ${found.length} 本台账中都有，请在编号前写台账代码：`];
  for (const { ledger, item } of found)
    lines.push(`· ${ledgers.ref(ledger, no)} ${ledger.name}：${item.title.slice(0, 20)}`);
  lines.push(`例如「${command} ${ledgers.ref(found[0]!.ledger, no)}${rest}」`);
  return lines.join('\n');
}
