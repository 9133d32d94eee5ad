import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL the tests run against (.ci/start-postgres starts one). Unset is a failure, not a
 * skip: a suite that silently leaves out half the storage would pass without testing it.
 */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      'TEST_DATABASE_URL 未设置：PostgreSQL 测试需要一个可建库的数据库，运行 .ci/start-postgres 并导出它打印的连接串',
    );
  return url;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** An empty database of its own, so tests running side by side never see each other's rows. */
export async function freshDatabase(): Promise<TestDatabase> {
  const admin = testDatabaseUrl();
  const name = `rectify_t_${randomBytes(6).toString('hex')}`;
  await withClient(admin, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs one piece of SQL on the test database outside the code under test, e.g. to look at rows. */
export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
