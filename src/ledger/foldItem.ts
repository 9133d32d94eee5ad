import type { EditedFields, Item, ItemBase, ItemEvent } from './item.js';

export function itemFromBase(base: ItemBase): Item {
  return { ...base, measures: [...base.measures], officers: [], evidenceCount: 0, lastSeq: 0 };
}

/** Applies one event to an item's current view. History itself is never rewritten. */
export function applyEvent(item: Item, event: ItemEvent): void {
  item.lastSeq = event.seq;
  // Taking back is not activity: the ledger view folds the item again without what was taken back.
  if (event.type === 'retract') return;
  item.updatedAt = event.at;
  switch (event.type) {
    case 'update':
      item.latest = { text: event.text, by: event.by, at: event.at };
      // A closed item stays at 100% until 退回 reopens it; the note itself is kept in history.
      if (event.percent !== undefined && item.status !== '已完成整改') item.percent = event.percent;
      break;
    case 'status':
      item.status = event.status;
      if (event.status === '已完成整改') item.percent = 100;
      break;
    case 'assign':
      item.officers = [...event.officers];
      if (event.unit !== undefined) item.unit = event.unit;
      break;
    case 'evidence':
      item.evidenceCount += 1;
      break;
    case 'deadline':
      if (event.deadline) item.deadline = { ...event.deadline };
      else delete item.deadline;
      break;
    case 'received':
      break;
    case 'edit':
      applyFields(item, event.fields);
      break;
    case 'add':
    case 'remove':
      break; // the ledger view adds or drops the item itself
  }
}

function applyFields(item: Item, fields: EditedFields): void {
  if (fields.deadline !== undefined) {
    if (fields.deadline) item.deadline = fields.deadline;
    else delete item.deadline;
  }
  for (const key of ['leader', 'unit', 'remarks'] as const) {
    const value = fields[key];
    if (value === undefined) continue;
    if (value) item[key] = value;
    else delete item[key];
  }
  if (fields.people !== undefined) {
    if (fields.people.length) item.people = [...fields.people];
    else delete item.people;
  }
}
