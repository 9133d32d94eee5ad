import type { Command } from './Command.js';
import { normalizeText } from './normalizeText.js';

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
        const owner = seen.get(word);
        if (owner) throw new Error(`命令词「${word}」同时属于「${owner}」和「${command.name}」`);
        seen.set(word, command.name);
        this.words.push([word, command]);
      }
    }
    // Longest first, so a word that extends another is not taken for it.
    this.words.sort((a, b) => b[0].length - a[0].length);
  }

  match(text: string): Match | undefined {
    const normalized = normalizeText(text);
    for (const [word, command] of this.words) {
      if (normalized.startsWith(word)) return { command, args: normalized.slice(word.length).replace(/^[\s:,，]+/, '') };
    }
    return undefined;
  }
}
