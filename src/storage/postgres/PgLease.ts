import type pg from 'pg';
import { createClient, type DatabaseOptions } from './createPool.js';

/**
 * "Only one instance does this": a session-level advisory lock on a connection of its own. The
 * server releases it the moment that connection dies, so when the holder's process is killed or
 * cut off, the next `hold()` elsewhere takes over.
 */
export class PgLease {
  private client?: pg.Client;
  private closed = false;

  constructor(
    private readonly db: DatabaseOptions,
    /** Names what is held; instances of one ledger share it. */
    private readonly name: string,
  ) {}

  /** True while this instance holds the lease, taking it if it is free. */
  async hold(): Promise<boolean> {
    if (this.closed) return false;
    if (this.client && (await this.alive(this.client))) return true;
    const client = createClient(this.db);
    client.on('error', () => undefined); // noticed by the next hold()
    try {
      await client.connect();
      const { rows } = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS held', [this.name]);
      if (rows[0].held && !this.closed) {
        this.client = client;
        return true;
      }
    } catch {
      // Unreachable database: not holding; the next call tries again.
    }
    await client.end().catch(() => undefined);
    return false;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async alive(client: pg.Client): Promise<boolean> {
    try {
      await client.query('SELECT 1');
      return true;
    } catch {
      this.client = undefined;
      await client.end().catch(() => undefined);
      return false;
    }
  }
}
