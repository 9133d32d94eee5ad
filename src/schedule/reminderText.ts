import { chineseDate, chineseRange } from './chineseDates.js';
import type { Festival } from './festivals.js';
import type { ReminderPlanEntry } from './reminderPlan.js';

const OPENINGS: Record<Festival, string> = {
  元旦: '新年将至，辞旧迎新之际更要守牢纪律底线，以清风正气开启新的一年。',
  春节: '春节将至，走亲访友、人情往来增多，更要守牢底线，过一个欢乐祥和、风清气正的新春佳节。',
  端午: '端午将至，粽香传情，廉洁守心，节日氛围浓也不能松了纪律这根弦。',
  中秋: '中秋将至，月圆人团圆，廉洁记心间，切勿让月饼、礼盒变了味。',
  国庆: '国庆将至，长假期间人员流动多、聚会宴请多，更要严守纪律规矩，以优良作风欢度佳节。',
};

// A computed entry only knows the festival day, so it must not pose as the official holiday span.
function holidayLine(e: ReminderPlanEntry): string {
  return e.source === 'computed'
    ? `> 节日：${chineseDate(e.holidayStart, true)}${e.festival === '春节' ? '（除夕）' : ''}，具体放假安排以国务院通知为准`
    : `> 放假时间：${chineseRange(e.holidayStart, e.holidayEnd)}`;
}

/**
 * The WeCom markdown notice sent on the send date of festivals sharing one break (usually one
 * festival); kept to a phone screen and far below the 2048-byte limit.
 */
export function reminderText(entries: readonly ReminderPlanEntry[]): string {
  const e = entries[0]!;
  return [
    `**廉洁过${entries.map((x) => x.festival).join('、')} · 节前提醒**`,
    ...entries.map((x) => OPENINGS[x.festival]),
    holidayLine(e),
    '节日期间请严格落实中央八项规定及其实施细则精神：',
    '**严禁公款送礼、公款吃喝，严禁违规收送礼品礼金；**',
    '**严禁公车私用，严禁酒后驾驶，坚决杜绝酒驾醉驾。**',
    '请各支部、各科室传达到每一名党员干部。节日期间将开展监督检查，发现问题严肃处理。',
    '——街道纪工委（纪检监察办）',
  ].join('\n');
}
