/** Festivals that get a clean-governance reminder (廉洁提醒), in the order plans list them. */
export const FESTIVALS = ['元旦', '春节', '端午', '中秋', '国庆'] as const;
export type Festival = (typeof FESTIVALS)[number];

export function isFestival(value: string): value is Festival {
  return (FESTIVALS as readonly string[]).includes(value);
}

/**
 * Parses an operator-typed list such as "春节,中秋，国庆" or "春节、端午".
 * Chinese punctuation is accepted because operators type on Chinese keyboards.
 */
export function parseFestivalList(csv: string): Festival[] {
  const names = csv.split(/[,，、\s]+/).filter((name) => name !== '');
  if (names.length === 0) {
    throw new Error(`节日列表为空，可选：${FESTIVALS.join('、')}`);
  }
  const festivals: Festival[] = [];
  for (const name of names) {
    if (!isFestival(name)) {
      throw new Error(`未知的节日“${name}”，可选：${FESTIVALS.join('、')}`);
    }
    if (!festivals.includes(name)) festivals.push(name);
  }
  return festivals;
}
