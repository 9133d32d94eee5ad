import type { EditedFields } from './item.js';

const FIELD_NAMES: Record<keyof EditedFields, string> = {
  deadline: '整改时限',
  leader: '责任领导',
  unit: '责任单位',
  people: '责任人',
  remarks: '备注',
};

/** 「整改时限、备注」: which 台账 fields an edit event changed. */
export function editedFieldNames(fields: EditedFields): string {
  return (Object.keys(fields) as (keyof EditedFields)[]).map((k) => FIELD_NAMES[k]).join('、');
}
