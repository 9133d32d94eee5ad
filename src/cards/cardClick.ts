import type { Dispatcher } from '../bot/Dispatcher.js';
import { parseItemNo } from '../bot/parseItemNo.js';
import type { Clock } from '../clock.js';
import type { LedgerSet } from '../ledger/LedgerSet.js';
import type { Logger } from '../log.js';
import type { Outbox } from '../outbox/Outbox.js';
import { type Reply, toReply } from '../reply/Reply.js';
import { formatTime } from '../text/formatTime.js';
import type { WeComApi } from '../wecom/WeComApi.js';
import type { CardStore, SentCard } from './CardStore.js';
import { HISTORY_KEY, MINE_KEY } from './progressCard.js';

export interface CardClick {
  from: string;
  taskId: string;
  key: string;
  /** The click's own response_code (one use, 72 h): updates the clicker's card. */
  responseCode?: string;
}

export interface CardClickDeps {
  cards: CardStore;
  dispatcher: Pick<Dispatcher, 'tryCommand'>;
  ledgers: LedgerSet;
  api: Pick<WeComApi, 'post'>;
  agentId: string;
  outbox: Pick<Outbox, 'notify'>;
  clock: Clock;
  timeZone: string;
  log: Logger;
}

/**
 * A click is a command typed by whoever clicked: 销号 runs `销号 N` through the Dispatcher with an id
 * made of the TaskId, so the rules, the history event and the notices are the command's own and a
 * replayed click (a WeCom retry, or after a restart) is applied once. The purpose comes from the
 * card store, never from the click.
 */
export function cardClick(d: CardClickDeps): (click: CardClick) => Promise<Reply> {
  const text = (t: string): Reply => toReply(t);

  /** Greys out one card's buttons with `label`; a spent, expired or refused code becomes a fresh message. */
  async function settleCard(card: SentCard, label: string, clickCode?: string): Promise<void> {
    const fromClick = clickCode && !d.cards.isSpent(clickCode) ? clickCode : undefined;
    const code = fromClick ?? d.cards.code(card.taskId, d.clock());
    if (code) {
      // Spent before it is tried: WeCom may have consumed it even if its answer is lost.
      await d.cards.markSpent(code);
      try {
        await d.api.post('message/update_template_card', {
          userids: [card.userId],
          agentid: Number(d.agentId),
          response_code: code,
          button: { replace_name: label },
        });
        return;
      } catch (err) {
        d.log.warn({ err, taskId: card.taskId }, 'card not updated; a message goes instead');
      }
    }
    await d.outbox.notify('notice', [card.userId], `卡片「${card.refs.join('、')}」：${label}`, `card:${card.taskId}`);
  }

  async function decide(card: SentCard, click: CardClick): Promise<Reply> {
    const ref = card.refs[0]!;
    if (click.key === 'reject') return text(`退回需写明原因，卡片上无法填写。请发送「退回 ${ref} 原因」。`);
    const earlier = d.cards.outcome(card.group);
    // The same click again (WeCom's retry, or after a restart): its card was settled the first time.
    if (earlier && click.responseCode && d.cards.isSpent(click.responseCode)) return text(earlier);
    const msgId = `card-${card.taskId}-close`;
    const answer = await d.dispatcher.tryCommand({ userId: click.from, text: `销号 ${ref}`, msgId });
    const said = answer && answer.type !== 'file' ? answer.text : '';
    if (d.ledgers.hasMessage(msgId) && !earlier) {
      const outcome = `已销号·${click.from}·${formatTime(d.clock(), d.timeZone)}`;
      await d.cards.markDone(card.group, outcome);
      for (const c of d.cards.group(card.group))
        await settleCard(c, outcome, c.taskId === card.taskId ? click.responseCode : undefined);
      return text(said);
    }
    await settleCard(card, earlier ?? whyNot(ref, said), click.responseCode);
    return text(earlier ? `${earlier}。${said}` : said);
  }

  /** A button label for a click that changed nothing: the item's state now, or who may. */
  function whyNot(ref: string, said: string): string {
    if (said.includes('只有管理员')) return '仅管理员可销号';
    const arg = parseItemNo(ref, d.ledgers, '进度');
    return 'error' in arg ? '事项已不存在' : `未执行：现为${arg.item.status}`;
  }

  async function acknowledge(card: SentCard, click: CardClick): Promise<Reply> {
    const ref = card.refs[0]!;
    const arg = parseItemNo(ref, d.ledgers, '进度');
    if ('error' in arg) return text(arg.error);
    const { ledger, item } = arg;
    const name = d.ledgers.itemName(ledger, item.no);
    if (!item.officers.some((o) => o.toLowerCase() === click.from.toLowerCase()))
      return text(`你已不是${name}的责任人，无需接收。`);
    const msgId = `card-${card.taskId}-ack`;
    if (!ledger.hasMessage(msgId)) {
      await ledger.append([{ type: 'received', itemNo: item.no, by: click.from, at: d.clock(), msgId }]);
      await settleCard(card, `已接收·${formatTime(d.clock(), d.timeZone)}`, click.responseCode);
    }
    return text(`已记录：你已接收${name}。发送「进度 ${ref} 说明」登记进展。`);
  }

  /** The command a button stands for, typed by whoever clicked. */
  async function ask(command: string, from: string): Promise<Reply> {
    return (await d.dispatcher.tryCommand({ userId: from, text: command })) ?? text('');
  }

  /** The item a `prefix<ref>` key names, if the card was stored with it: a key never names an item by itself. */
  function refIn(card: SentCard, key: string, prefix: string): string | undefined {
    const ref = key.startsWith(prefix) ? key.slice(prefix.length) : undefined;
    return ref !== undefined && card.refs.includes(ref) ? ref : undefined;
  }

  return async (click) => {
    const card = d.cards.get(click.taskId);
    if (!card) return text('这张卡片已失效，请直接发送命令，例如「进度 21」。');
    if (card.purpose === 'decide' && (click.key === 'close' || click.key === 'reject')) return decide(card, click);
    if (card.purpose === 'assigned' && click.key === 'ack') return acknowledge(card, click);
    if (card.purpose === 'assigned' && click.key === 'view') return ask(`进度 ${card.refs[0]!}`, click.from);
    const stale = card.purpose === 'stale' && refIn(card, click.key, 'view:');
    if (stale) return ask(`进度 ${stale}`, click.from);
    const history = card.purpose === 'progress' && refIn(card, click.key, HISTORY_KEY);
    if (history) return ask(`历史 ${history}`, click.from);
    if (card.purpose === 'progress' && click.key === MINE_KEY) return ask('我的', click.from);
    return text('这个按钮已不再使用，请直接发送命令，例如「帮助」。');
  };
}
