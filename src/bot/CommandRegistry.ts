import type { Command } from './Command.js';
import { normalizeText } from '../text/normalizeText.js';

export interface Match {
  command: Command;
  args: string;
}

/** Commands by the words that start them. Misuse (a word claimed twice) fails at start-up, not in chat. */
export class CommandRegistry {
  private readonly words: Array<[string, Command]> = [];

  constructor(readonly commands: readonly Command[]) {
    const seen = new Map<string, string>();
    for (const command of commands) {
      for (const word of [command.name, ...(command.aliases ?? [])]) {
        if (!word.trim() || /\s|\d/.test(word)) throw new Error(`命令词「${word}」不能为空、含空白或数字`);
        if (normalizeText(word) !== word)
          throw new Error(`命令词「${word}」含全角或兼容字符，永远匹配不上；请写成「${normalizeText(word)}」`);
        const owner = seen.get(word);
        if (owner) throw new Error(`命令词「${word}」同时属于「${owner}」和「${command.name}」`);
        seen.set(word, command.name);
        this.words.push([word, command]);
      }
    }
    // Longest first, so a word that extends another is not taken for it.
    this.words.sort((a, b) => b[0].length - a[0].length);
  }

  /**
   * The command word is matched on the folded text (full-width letters, digits and marks count),
   * but args keep what the user wrote: notes are stored as typed, full-width punctuation and all.
   */
  match(text: string): Match | undefined {
    const original = text.replace(/\s+/g, ' ').trim();
    // Folding leaves ASCII and the common ideographs as they are, so such a start needs no folding.
    const heads = FOLD_STABLE.test(original.slice(0, this.longest * 2))
      ? undefined
      : foldedHeads(original, this.longest);
    for (const [word, command] of this.words) {
      const cut = heads ? heads.indexOf(word) : original.startsWith(word) ? word.length : -1;
      if (cut > 0) return { command, args: original.slice(cut).replace(/^[\s:：,，]+/, '') };
    }
    return undefined;
  }

  private get longest(): number {
    return this.words[0]?.[0].length ?? 0;
  }
}

/** Printable ASCII and CJK Unified Ideographs: NFKC maps none of them elsewhere, nor composes them with a neighbour. */
const FOLD_STABLE = /^[\x20-\x7e\u4e00-\u9fff]*$/;

/** heads[i] = the first i code units of text, folded; a word matches where a head equals it. */
function foldedHeads(text: string, longest: number): string[] {
  const heads = [''];
  // Folding never shortens what phones send, so a word of n characters needs at most n·2 code units (surrogates).
  for (let i = 1; i <= Math.min(text.length, longest * 2); i++) heads.push(text.slice(0, i).normalize('NFKC'));
  return heads;
}
