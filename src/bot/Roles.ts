import type { Item } from '../ledger/item.js';
import { Roster } from '../people/Roster.js';

const NOBODY = new Roster([]);

export class Roles {
  private readonly admins: ReadonlySet<string>;

  /** `roster` is asked on every check, so names bind as soon as the roster learns them. */
  constructor(
    admins: readonly string[],
    readonly roster: () => Roster = () => NOBODY,
  ) {
    this.admins = new Set(admins.map((a) => a.toLowerCase()));
  }

  /** WeCom userids are case-insensitive (the API answers them lower-cased). */
  isAdmin(userId: string): boolean {
    return this.admins.has(userId.toLowerCase());
  }

  /** Assigned in chat, or named in the imported 责任人 column and bound to this userid by the roster. */
  isOfficer(userId: string, item: Item): boolean {
    const id = userId.toLowerCase();
    if (item.officers.some((o) => o.toLowerCase() === id)) return true;
    if (!item.people?.length) return false;
    const roster = this.roster();
    return item.people.some((name) => roster.boundUserId(name)?.toLowerCase() === id);
  }

  mayUpdate(userId: string, item: Item): boolean {
    return this.isAdmin(userId) || this.isOfficer(userId, item);
  }

  /** Who is told when an item awaits 销号. */
  adminIds(): string[] {
    return [...this.admins];
  }

  adminList(): string {
    return this.adminIds().join('、') || '（未设置 WECOM_ADMINS）';
  }
}
