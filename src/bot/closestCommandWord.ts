import { editDistance } from '../text/editDistance.js';
import { normalizeText } from '../text/normalizeText.js';
import type { Command } from './Command.js';

export interface CommandWord {
  word: string;
  command: Command;
}

/**
 * The command word a typo most likely meant: one character off (two for words of five or more), and
 * the typed word at least two characters long, so short chat like 「你好」 or 「进 度」 is not taken for one.
 */
export function closestCommandWord(typed: string, commands: readonly Command[]): CommandWord | undefined {
  const head = normalizeText(typed).toLowerCase();
  const length = [...head].length;
  if (length < 2) return undefined;
  let best: (CommandWord & { distance: number }) | undefined;
  for (const command of commands) {
    for (const word of [command.name, ...(command.aliases ?? [])]) {
      const distance = editDistance(head, word.toLowerCase());
      const allowed = Math.min([...word].length, length) >= 5 ? 2 : 1;
      if (distance <= allowed && distance < (best?.distance ?? Infinity)) best = { word, command, distance };
    }
  }
  return best && { word: best.word, command: best.command };
}

/** Splits a message into its first word (up to a space or digit) and the rest, as typed. */
export function splitHead(text: string): { head: string; rest: string } {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  const m = /^([^\s0-9０-９]*)(.*)$/s.exec(trimmed)!;
  return { head: m[1]!, rest: m[2]! };
}
