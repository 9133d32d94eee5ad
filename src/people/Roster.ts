import { foldFullWidth } from '../text/foldFullWidth.js';

/** One member of the unit as the roster knows them: the name people write, the WeCom userid, the department. */
export interface Person {
  name: string;
  userId: string;
  department: string;
}

/**
 * Names → userids. Names are matched exactly (after full-width folding and trimming); userids ignore
 * case, as WeCom does. A name two people share binds to neither: the bot must not guess who is meant.
 */
export class Roster {
  private readonly names = new Map<string, Person[]>();
  private readonly ids = new Map<string, Person>();

  constructor(readonly people: readonly Person[]) {
    for (const person of people) {
      const key = nameKey(person.name);
      this.names.set(key, [...(this.names.get(key) ?? []), person]);
      this.ids.set(person.userId.toLowerCase(), person);
    }
  }

  get size(): number {
    return this.people.length;
  }

  /** Everyone written with this name: none, one, or several namesakes. */
  byName(name: string): Person[] {
    return this.names.get(nameKey(name)) ?? [];
  }

  byUserId(userId: string): Person | undefined {
    return this.ids.get(userId.toLowerCase());
  }

  /** The userid a name binds to: only when exactly one person has it. */
  boundUserId(name: string): string | undefined {
    const found = this.byName(name);
    return found.length === 1 ? found[0]!.userId : undefined;
  }
}

function nameKey(name: string): string {
  return foldFullWidth(name).replace(/\s+/g, ' ').trim();
}
