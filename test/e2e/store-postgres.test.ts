// The store suite (test/helpers/store-suite.ts) on PostgreSQL (127.0.0.1:5432, set up by scripts/setup.sh; a fresh
// database per test), and what only PostgreSQL has: migrations applied once, and a clear error when it is away.
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openStore } from '../../src/store/store.ts';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.ts';
import type { Store } from '../../src/store/store.ts';
import { postgresKind, result, sqliteKind, storeSuite, target } from '../helpers/store-suite.ts';

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
      expect(rows.map((r) => r.name)).toEqual(['001_init.sql', '002_lighthouse_reports.sql', '003_provisional_results.sql']);
    } finally {
      await sql.end();
    }
  });

  test('a database made by migration 001 alone gains the Lighthouse reports table and the provisional column on open and keeps its rows', async () => {
    const old = await freshDatabase();
    const sql = postgres(old.url, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(readFileSync(new URL('../../src/store/migrations/pg/001_init.sql', import.meta.url), 'utf8'));
      await sql`CREATE TABLE eindex_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`;
      await sql`INSERT INTO eindex_migrations VALUES ('001_init.sql', '2026-11-01T00:00:00.000Z')`;
      await sql`INSERT INTO runs (run_id, created_at, kind, targets) VALUES ('old', '2026-11-01T00:00:00.000Z', 'audit', 1)`;
      await sql`INSERT INTO runs (run_id, created_at, kind, targets) VALUES ('svc', '2026-11-01T00:00:00.000Z', 'nightly', 1)`;
      await sql`INSERT INTO run_targets (run_id, target_id, target, requested_gen, requested_at, result_gen) VALUES ('svc', 'a', '{"id":"a"}', 0, '2026-11-01T00:00:00.000Z', NULL)`;
      const store = await openStore('unused.sqlite', old.url);
      try {
        expect((await store.runs()).map((r) => r.runId).sort()).toEqual(['old', 'svc']);
        expect((await store.runTargets('svc')).map((t) => [t.targetId, t.pending, t.provisional])).toEqual([['a', true, false]]);
        await store.saveSite(result('old', 'a', 1), { pages: [], lighthouse: { url: 'https://a.lv/', lighthouseVersion: '13.5.0', categories: { accessibility: 1, bestPractices: 1, seo: 1, performance: 1 }, runtimeError: null, audits: {}, durationMs: 1, reportHtmlGz: gzipSync('<html>LH</html>').toString('base64') } });
        expect(gunzipSync((await store.lighthouseReport('old', 'a'))!).toString()).toBe('<html>LH</html>');
      } finally {
        await store.close();
      }
      expect((await sql<{ name: string }[]>`SELECT name FROM eindex_migrations ORDER BY name`).map((r) => r.name)).toEqual(['001_init.sql', '002_lighthouse_reports.sql', '003_provisional_results.sql']);
    } finally {
      await sql.end();
      await old.drop();
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

  test('the same writes give the same answers on SQLite and PostgreSQL', async () => {
    // A night in miniature: an in-process run, a service run with a re-queue and a late stale result, an override.
    const scenario = async (store: Store) => {
      await store.openRun('a-1', 'audit', 2, '2026-11-20T00:00:00.000Z');
      await store.saveSite(result('a-1', 'x', 0.5), { pages: [] });
      await store.saveSite(result('a-1', 'y', null, 'timeout'), null);
      await store.finishRun('a-1');
      await store.addRunTargets('n-1', 'nightly', '2026-11-21T00:00:00.000Z', ['x', 'Y', 'z'].map((id) => ({ target: target(id), generation: 0 })));
      for (const id of ['x', 'Y']) await store.saveRunResult(result('n-1', id, 0.75), { pages: [] }, 0);
      await store.addRunTargets('n-1', 'nightly', '2026-11-21T00:00:00.000Z', [{ target: target('x'), generation: 1 }]);
      await store.saveRunResult(result('n-1', 'z', null, 'dns'), null, 0);
      await store.saveRunResult(result('n-1', 'x', 0.25), null, 1);
      await store.saveRunResult(result('n-1', 'x', 1), null, 0);
      await store.addOverride({ runId: 'n-1', targetId: 'Y', indicatorId: 'wcag', action: 'set', value: 1, score: 1, outcome: 'pass', reason: 'r', by: 'b', at: '2026-11-22T00:00:00.000Z' });
      await store.updateIndicators('a-1', 'x', { wcag: { value: null, score: 0.1, outcome: 'fail', evidence: [] } });
      const answers = {
        runs: await store.runs(),
        seal: [await store.sealState('a-1'), await store.sealState('n-1')],
        results: [await store.results('a-1'), await store.results('n-1')],
        targets: await store.runTargets('n-1'),
        open: await store.openServiceRuns(),
        latest: await store.latestSealedRun(),
        overrides: await store.overrides('n-1'),
        counts: [await store.countRows('a-1'), await store.countRows('n-1')],
      };
      // Times the stores take from the clock differ by construction; everything else must not.
      return JSON.parse(JSON.stringify(answers, (k, v) => (['finishedAt', 'sealedAt', 'storedAt', 'requestedAt'].includes(k) && v ? '<time>' : v)));
    };
    const answers = [];
    for (const kind of [sqliteKind, postgresKind]) {
      const place = await kind.place();
      const store = await place.open();
      try {
        answers.push(await scenario(store));
      } finally {
        await store.close();
        await place.remove();
      }
    }
    expect(answers[0].results[1].map((r: { target: { id: string } }) => r.target.id)).toEqual(['Y', 'x', 'z']);
    expect(answers[0].seal[1]).toMatchObject({ sealed: true, terminal: 3 });
    expect(answers[1]).toEqual(answers[0]);
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
