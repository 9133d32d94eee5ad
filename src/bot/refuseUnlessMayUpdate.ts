import type { Item } from '../ledger/item.js';
import { officerNames } from '../ledger/officerNames.js';
import type { CommandContext } from './Command.js';

/**
 * The item-level rule shared by every command that changes an item: its officers and admins may.
 * A refusal is logged (who, which item, never the text) and says who may, and what the user can do instead.
 */
export function refuseUnlessMayUpdate(
  ctx: CommandContext,
  item: Item,
  what: { log: string; action: string; mayDo?: string },
): string | undefined {
  if (ctx.roles.mayUpdate(ctx.userId, item)) return undefined;
  ctx.refused(what.log, item.no);
  return `你不能${what.action}。只有该项责任人（${officerNames(item)}）或管理员可以${what.mayDo ?? ''}；你可以发送「进度 ${item.no}」查看。`;
}
