import { readFileSync } from 'node:fs';
import pg from 'pg';

/** How to reach the database; the URL carries the password, so it is never logged. */
export interface DatabaseOptions {
  url: string;
  /** Most connections one instance opens; each instance adds its own, plus one for LISTEN. */
  poolMax: number;
  /** PEM file of the CA that signed the server's certificate: TLS with verification, whatever the URL says. */
  sslCa?: string;
}

/**
 * A pool with limits that keep a stuck database from stalling the bot forever: a connection is
 * awaited at most 10 s, a statement runs at most 30 s. TLS comes from the URL's sslmode, or from sslCa.
 */
export function createPool(db: DatabaseOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: db.url,
    max: db.poolMax,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 30_000,
    application_name: 'rectify-bot',
    ...tls(db),
  });
  // An idle connection the server dropped must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** A client outside the pool, for LISTEN: it must stay on one connection. */
export function createClient(db: DatabaseOptions): pg.Client {
  return new pg.Client({
    connectionString: db.url,
    connectionTimeoutMillis: 10_000,
    application_name: 'rectify-bot-listen',
    ...tls(db),
  });
}

function tls(db: DatabaseOptions): pg.ClientConfig {
  return db.sslCa ? { ssl: { ca: readFileSync(db.sslCa, 'utf8'), rejectUnauthorized: true } } : {};
}
