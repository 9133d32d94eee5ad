import type { Person } from './Roster.js';

/** The WeCom calls a sync needs: GET with a query, answered as JSON with errcode 0 (or thrown). */
export interface ContactApi {
  get(api: string, query: Record<string, string>): Promise<Record<string, unknown>>;
}

/**
 * Everyone a self-built app may see, with the names WeCom still gives such an app (README "WeCom contact
 * API notes"): department/simplelist for the departments in the app's visible range, department/get for
 * each one's name, user/simplelist for each one's members (userid, name). A member of several
 * departments is listed under the first one seen.
 */
export async function fetchContacts(api: ContactApi): Promise<Person[]> {
  const listed = await api.get('department/simplelist', {});
  const ids = (listed.department_id as { id: number }[] | undefined)?.map((d) => d.id) ?? [];
  const people = new Map<string, Person>();
  for (const id of ids) {
    const department = await departmentName(api, id);
    const members = await api.get('user/simplelist', { department_id: String(id) });
    for (const m of (members.userlist as { userid: string; name?: string }[] | undefined) ?? []) {
      const key = m.userid.toLowerCase();
      if (!people.has(key)) people.set(key, { name: m.name || m.userid, userId: m.userid, department });
    }
  }
  return [...people.values()];
}

async function departmentName(api: ContactApi, id: number): Promise<string> {
  const answer = await api.get('department/get', { id: String(id) });
  const name = (answer.department as { name?: string } | undefined)?.name;
  return name || `部门${id}`;
}

/**
 * The roster after a sync: WeCom's members replace the file's rows with the same userid (names and
 * departments change), and rows WeCom did not return — people added by hand — are kept.
 */
export function mergeRoster(
  file: readonly Person[],
  synced: readonly Person[],
): { people: Person[]; added: number; updated: number; kept: number } {
  const fromWeCom = new Map(synced.map((p) => [p.userId.toLowerCase(), p]));
  const before = new Map(file.map((p) => [p.userId.toLowerCase(), p]));
  let updated = 0;
  for (const [key, p] of fromWeCom) {
    const old = before.get(key);
    if (old && (old.name !== p.name || old.department !== p.department)) updated++;
  }
  const kept = file.filter((p) => !fromWeCom.has(p.userId.toLowerCase()));
  return {
    people: [...synced, ...kept],
    added: synced.filter((p) => !before.has(p.userId.toLowerCase())).length,
    updated,
    kept: kept.length,
  };
}
