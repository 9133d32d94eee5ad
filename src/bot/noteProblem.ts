export const MAX_NOTE_CHARS = 500;

/** Why a note (progress, completion, reason) cannot be stored as written, or undefined when it can. */
export function noteProblem(note: string, example: string): string | undefined {
  if (!note) return `请写明说明，例如：${example}`;
  if ([...note].length > MAX_NOTE_CHARS) return `说明最多 ${MAX_NOTE_CHARS} 字，请精简后再发。`;
  return undefined;
}
