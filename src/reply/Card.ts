/**
 * An interactive card (WeCom 按钮交互型 template card) as a command means it, before any wire format.
 * WeCom's documented limits: at most 6 fields and 6 buttons, a button key up to 1024 bytes, a task id
 * up to 128 bytes of [0-9a-zA-Z_-@] and unique per app. Titles and texts have only suggested lengths.
 */
export interface Card {
  taskId: string;
  title: string;
  desc?: string;
  fields: ReadonlyArray<{ key: string; value: string }>;
  /** Free text under the fields: the note, or what happened. */
  text?: string;
  /** None once a decision was taken: the card then only reports it. */
  buttons: ReadonlyArray<{ key: string; text: string; style?: 1 | 2 | 3 | 4 }>;
}

export const MAX_CARD_ROWS = 6;
const TASK_ID = /^[0-9A-Za-z_@-]{1,128}$/;

export function isTaskId(value: string): boolean {
  return TASK_ID.test(value);
}
