/** Status words. The first two are the report's own; the last two exist only while an item moves. */
export const STATUSES = ['已完成整改', '阶段性完成并需长期坚持', '整改中', '待销号'] as const;
export type Status = (typeof STATUSES)[number];

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

/** 整改时限 as the unit wrote it, read into a date (YYYY-MM-DD) and/or a long-term marker where possible. */
export interface Deadline {
  text: string;
  date?: string;
  longTerm?: true;
}

/** One numbered problem of the published report (整改事项), as imported. */
export interface ItemBase {
  no: number;
  /** Category heading without its (一)…(六) marker, e.g. "落实审计整改方面存在的主要问题". */
  category: string;
  /** Zero-based index of the category in report order. */
  categoryIndex: number;
  /** The problem as the report words it, e.g. 关于“…”的问题. */
  title: string;
  /** 整改情况: paragraphs of the measures, in report order. */
  measures: string[];
  /** 整改进度 as published, mapped onto the bot's states. */
  status: Status;
  /** The document's own number, e.g. 二(3) or (一)1.(2), where it differs from the running number. */
  label?: string;
  /** The document's own status wording where it differs from `status`, e.g. 已办结. */
  statusText?: string;
  deadline?: Deadline;
  /** 责任领导. */
  leader?: string;
  /** 责任单位 as imported; an assignment may change it later. */
  unit?: string;
  /** 责任人 as written: names, not yet WeCom userids. */
  people?: string[];
  /** 备注. */
  remarks?: string;
}

/** Everything the report says that is not an item (parts 一 and 三), kept as context. */
export interface ReportContext {
  preface: string[];
  general: string[];
  closing: string[];
}

export interface ParsedReport {
  categories: string[];
  items: ItemBase[];
  context: ReportContext;
}

interface EventCommon {
  /** Unique, monotonic within the log. */
  seq: number;
  itemNo: number;
  /** WeCom userid of whoever caused it ("system" for the bot itself). */
  by: string;
  /** Unix milliseconds. */
  at: number;
  /** Message id that produced it, to make WeCom retries idempotent across restarts. */
  msgId?: string;
}

export type ItemEvent = EventCommon &
  (
    | { type: 'update'; text: string; percent?: number }
    | { type: 'status'; status: Status; note?: string }
    | { type: 'assign'; officers: string[]; unit?: string }
    | { type: 'evidence'; file: string; sha256: string; bytes: number; mediaId: string }
    /** 整改时限 set by an admin; no deadline clears it. The old one is kept so history reads old → new. */
    | { type: 'deadline'; deadline?: Deadline; previous?: Deadline }
    /** The officer confirmed, from the assignment card, that the item reached them. */
    | { type: 'received' }
    /** Fields of the 台账 changed outside chat (an edited export merged back); '', [] or null clears one. */
    | { type: 'edit'; fields: EditedFields }
    /** An item added to the ledger after its import, numbered after the others. */
    | { type: 'add'; item: ItemBase }
    /** An item taken out of the ledger; its history stays on disk. */
    | { type: 'remove' }
    /** 撤回: the event `target` (a seq of the same item) no longer counts; history keeps both. */
    | { type: 'retract'; target: number; note?: string }
  );

export interface EditedFields {
  deadline?: Deadline | null;
  leader?: string;
  unit?: string;
  people?: string[];
  remarks?: string;
}

export type NewItemEvent = ItemEvent extends infer E ? (E extends ItemEvent ? Omit<E, 'seq'> : never) : never;

/** An item as people see it: the imported base folded with its events. */
export interface Item extends ItemBase {
  officers: string[];
  unit?: string;
  percent?: number;
  evidenceCount: number;
  /** Newest update event, if any. */
  latest?: { text: string; by: string; at: number };
  /** Unix ms of the last event of any kind, if any. */
  updatedAt?: number;
  /** seq of the last event applied (0 before any): changes whenever the view does. */
  lastSeq: number;
}
