import type { Item } from '../ledger/item.js';

export class Roles {
  private readonly admins: ReadonlySet<string>;

  constructor(admins: readonly string[]) {
    this.admins = new Set(admins.map((a) => a.toLowerCase()));
  }

  /** WeCom userids are case-insensitive (the API answers them lower-cased). */
  isAdmin(userId: string): boolean {
    return this.admins.has(userId.toLowerCase());
  }

  isOfficer(userId: string, item: Item): boolean {
    const id = userId.toLowerCase();
    return item.officers.some((o) => o.toLowerCase() === id);
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
