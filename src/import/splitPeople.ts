/** 张三、李四 / 张三,李四 / 张三 李四 / one per line: the names, as written, in order. */
export function splitPeople(cell: string): string[] {
  return cell
    .split(/[、,，;；/\s]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
