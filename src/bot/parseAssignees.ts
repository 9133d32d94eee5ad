import { USER_ID } from '../people/peopleCsv.js';
import type { Roster } from '../people/Roster.js';
import { shorten } from '../text/shorten.js';

/** Endings of unit names in a 街道/县 office: 河道办, 财政所, 城管中队, 某某社区, 党工委… */
const UNIT_ENDING = /(办|所|局|中心|社区|委|站|队|组|科|室|处|院|公司|街道|村)$/;
const PEOPLE_HINT = '名册在数据目录的 people.csv（姓名,userid,部门），也可运行 npm run cli -- people sync 从通讯录同步';

export interface Assignee {
  userId: string;
  /** The name it was found by (or the roster's name for a userid), for the reply. */
  name?: string;
}

export type Assignees = { officers: Assignee[]; unit?: string } | { error: string };

/**
 * 「张三、李四 河道办」 → people and a unit. Names are split on 、，, and spaces. A word is a person when
 * the roster knows the name or the userid, or when it is written like a userid (letters, digits, _-.@);
 * (while there is no roster at all); it is the unit when it ends like one
 * (办/所/局/中心/社区/委/站/队/组…) and comes last. Anything else is asked about, never guessed: 「Wu」
 * in 「Wang Wu」 is not a unit, and 「王五」 unknown to the roster is neither a person nor a unit.
 */
export function parseAssignees(text: string, roster: Roster): Assignees {
  const words = text
    .normalize('NFKC')
    .split(/[、,，\s]+/)
    .filter(Boolean);
  const officers: Assignee[] = [];
  let unit: string | undefined;
  for (const [i, word] of words.entries()) {
    const namesakes = roster.byName(word);
    if (namesakes.length > 1) {
      const who = namesakes.map((p) => `${p.name}（${p.userId}，${p.department || '部门未填'}）`).join('、');
      return {
        error: `「${shorten(word, 20)}」有 ${namesakes.length} 人：${who}。请改写 userid，例如「${namesakes[0]!.userId}」。`,
      };
    }
    const person = namesakes[0] ?? roster.byUserId(word);
    if (person) {
      officers.push({ userId: person.userId, name: person.name });
      continue;
    }
    if (UNIT_ENDING.test(word) && !USER_ID.test(word)) {
      if (i !== words.length - 1)
        return { error: `责任单位「${shorten(word, 20)}」请写在最后，例如：指派 20 张三、李四 ${word}` };
      unit = word;
      continue;
    }
    // Without a roster userids are all there is; with one, a word it does not know is asked about.
    if (USER_ID.test(word) && roster.size === 0) {
      officers.push({ userId: word });
      continue;
    }
    const asUnit =
      i === words.length - 1 ? `；若「${shorten(word, 20)}」是责任单位，请写全称（如「${shorten(word, 12)}办」）` : '';
    return { error: `名册里没有「${shorten(word, 20)}」。是人员的话请先加入名册：${PEOPLE_HINT}${asUnit}。` };
  }
  return { officers: uniqueByUserId(officers), ...(unit && { unit }) };
}

function uniqueByUserId(officers: readonly Assignee[]): Assignee[] {
  const seen = new Set<string>();
  return officers.filter((o) => !seen.has(o.userId.toLowerCase()) && seen.add(o.userId.toLowerCase()));
}
