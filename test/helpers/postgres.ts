// PostgreSQL for the tests: the server on 127.0.0.1:5432 that scripts/setup.sh installs, with the role and database it
// creates (eindex/eindex, CREATEDB). Each store test gets a database of its own, dropped afterwards.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** Where the tests find PostgreSQL (EINDEX_TEST_DATABASE_URL overrides). */
export const PG_TEST_URL = process.env['EINDEX_TEST_DATABASE_URL'] || 'postgres://eindex:eindex@127.0.0.1:5432/eindex';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database; fails (never skips) when PostgreSQL cannot be reached. */
export async function freshDatabase(): Promise<TestDatabase> {
  const name = `eindex_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(PG_TEST_URL, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } catch (err) {
    await admin.end({ timeout: 1 });
    throw new Error(`PostgreSQL for the tests at ${PG_TEST_URL.replace(/:[^:@/]*@/, ':***@')} is not usable (${(err as Error).message}): run scripts/setup.sh`, { cause: err });
  }
  await admin.end();
  const url = new URL(PG_TEST_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const sql = postgres(PG_TEST_URL, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await sql.end();
      }
    },
  };
}
