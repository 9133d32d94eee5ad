export const MAX_NOTE_CHARS = 500;

/** Nothing but punctuation, symbols and spaces: 「。」, 「……」, 「？！」. */
const NO_WORDS = /^[\p{P}\p{S}\s]*$/u;

/**
 * Why a note (progress, completion, reason) cannot be stored as written, or undefined when it can.
 * A note of one character or only punctuation is a slip (「进度 20。」), not something to put in
 * front of the leaders: it is answered with how to write one. Anything else is stored as typed.
 */
export function noteProblem(note: string, example: string): string | undefined {
  if (!note) return `请写明说明，例如：${example}`;
  if (NO_WORDS.test(note) || [...note.trim()].length < 2)
    return `「${note}」不像一条说明，没有登记。请写清做了什么，例如：${example}`;
  if ([...note].length > MAX_NOTE_CHARS) return `说明最多 ${MAX_NOTE_CHARS} 字，请精简后再发。`;
  return undefined;
}
