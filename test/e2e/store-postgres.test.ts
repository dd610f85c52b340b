// The store suite (test/helpers/store-suite.ts) on PostgreSQL (127.0.0.1:5432, set up by scripts/setup.sh; a fresh
// database per test), and what only PostgreSQL has: migrations applied once, and a clear error when it is away.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openStore } from '../../src/store/store.ts';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { postgresKind, storeSuite } from '../helpers/store-suite.ts';

storeSuite(postgresKind);

describe('PostgreSQL store', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('migrations are applied once, recorded, and not again on restart', async () => {
    const first = await openStore('unused.sqlite', db.url);
    await first.openRun('r1', 'demo', 1);
    await first.close();
    const second = await openStore('unused.sqlite', db.url);
    expect((await second.runs()).map((r) => r.runId)).toEqual(['r1']);
    await second.close();
    const sql = postgres(db.url, { max: 1 });
    try {
      const rows = await sql<{ name: string }[]>`SELECT name FROM eindex_migrations ORDER BY name`;
      expect(rows.map((r) => r.name)).toEqual(['001_init.sql']);
    } finally {
      await sql.end();
    }
  });

  test('two processes opening a new database at once both succeed', async () => {
    const other = await freshDatabase();
    try {
      const stores = await Promise.all([openStore('x', other.url), openStore('x', other.url), openStore('x', other.url)]);
      for (const s of stores) await s.close();
    } finally {
      await other.drop();
    }
  });

  test('an unreachable server is a clear error naming the URL, password masked', async () => {
    const url = 'postgres://eindex:s3cret@127.0.0.1:1/eindex';
    const err = (await openStore('unused.sqlite', url).then(
      () => null,
      (e: unknown) => e as Error,
    ))!;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/^cannot open the PostgreSQL store at postgres:\/\/eindex:\*\*\*@127\.0\.0\.1:1\/eindex: .*ECONNREFUSED/);
    expect(err.message).not.toContain('s3cret');
  });

  test('a URL that is not postgres:// is refused, not taken for SQLite', async () => {
    await expect(openStore('unused.sqlite', 'mysql://u:p@h/db')).rejects.toThrow(/EINDEX_DATABASE_URL must start with postgres:\/\/ or postgresql:\/\/ \(got "mysql:…"\)/);
  });
});
