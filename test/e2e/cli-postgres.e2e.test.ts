// `eindex` with EINDEX_DATABASE_URL pointing at PostgreSQL: `audit` stores its rows there (and no SQLite file), and
// `export`, `runs` and `rescore` read them back. A child process, real Chromium, fixture sites, a fresh database.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { REPO_ROOT } from '../../src/config.ts';
import { serveSites, type ServedSites } from '../../dev/site-server.ts';
import type { SiteResult } from '../../src/types.ts';
import { FIXTURE_SITES } from '../helpers/fixtures.ts';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.ts';

let sites: ServedSites;
let dir: string;
let db: TestDatabase;

function eindex(args: string[], databaseUrl = db.url): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'src', 'cli.ts'), ...args], {
      cwd: dir,
      env: { ...process.env, EINDEX_LOG_LEVEL: 'warn', EINDEX_DATABASE_URL: databaseUrl },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

beforeAll(async () => {
  db = await freshDatabase();
  sites = await serveSites(FIXTURE_SITES, { only: ['clean', 'violations'] });
  dir = mkdtempSync(join(tmpdir(), 'eindex-cli-pg-'));
  const targets = [
    { id: 'clean', name: 'Tīrā iestāde', type: 'institution', sector: 'VARAM', url: `${sites.origins.clean}/` },
    { id: 'violations', name: 'Problēmu iestāde', type: 'county', url: `${sites.origins.violations}/` },
  ];
  writeFileSync(join(dir, 'targets.json'), JSON.stringify(targets, null, 2));
  writeFileSync(join(dir, 'fast.json'), JSON.stringify({ crawl: { navigationTimeoutMs: 4000, settleMs: 300, maxPages: 3 } }));
});
afterAll(async () => {
  await sites?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});

test('audit stores its rows in PostgreSQL; export, runs and rescore read them back', async () => {
  const run = await eindex(['audit', '--targets', 'targets.json', '--out', 'out', '--db', 'store.sqlite', '--run', 'pg-run', '--no-lighthouse', '--config', 'fast.json']);
  expect(run.stderr).not.toMatch(/Error/);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/Run pg-run: 2 sites, 0 not audited/);
  expect(run.stdout).toMatch(/Store: +postgres:\/\/eindex:\*\*\*@127\.0\.0\.1:5432\/eindex_test_/);
  expect(existsSync(join(dir, 'store.sqlite'))).toBe(false);

  // The rows are in PostgreSQL, read here with a client of our own.
  const sql = postgres(db.url, { max: 1 });
  try {
    const rows = await sql<{ target_id: string; status: string }[]>`SELECT target_id, status FROM site_results WHERE run_id = 'pg-run' ORDER BY target_id`;
    expect(rows.map((r) => [r.target_id, r.status])).toEqual([
      ['clean', 'ok'],
      ['violations', 'ok'],
    ]);
    const [scores] = await sql<{ n: number }[]>`SELECT COUNT(*)::int AS n FROM indicator_scores WHERE run_id = 'pg-run'`;
    expect(scores!.n).toBeGreaterThan(10);
    const [artifacts] = await sql<{ n: number }[]>`SELECT COUNT(*)::int AS n FROM artifacts WHERE run_id = 'pg-run'`;
    expect(artifacts!.n).toBe(2);
  } finally {
    await sql.end();
  }

  // export reads them back: the same documents the audit wrote to results.jsonl.
  const exported = await eindex(['export', 'pg-run', '--format', 'json']);
  expect(exported.code).toBe(0);
  const fromStore = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as SiteResult);
  const fromRun = readFileSync(join(dir, 'out', 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SiteResult);
  expect(fromStore).toEqual(fromRun);
  expect(fromStore.map((r) => r.target.id)).toEqual(['clean', 'violations']);

  const csv = await eindex(['export', 'pg-run', '--format', 'csv']);
  expect(csv.code).toBe(0);
  expect(csv.stdout.replace(/^\uFEFF/, '').trim().split('\r\n')).toHaveLength(3);

  const runs = await eindex(['runs']);
  expect(runs.stdout).toMatch(/pg-run +audit .* 2\/2 stored, 0 not audited/);

  const rescored = await eindex(['rescore', 'pg-run']);
  expect(rescored.code).toBe(0);
  expect(rescored.stdout).toMatch(/Rescored 2 sites of run pg-run/);
}, 180_000);

test('an unreachable PostgreSQL is a clear error naming the URL with its password masked, exit 1', async () => {
  const r = await eindex(['runs'], 'postgresql://eindex:hunter2@127.0.0.1:1/eindex');
  expect(r.code).toBe(1);
  expect(r.stderr.trim()).toMatch(/^eindex: cannot open the PostgreSQL store at postgresql:\/\/eindex:\*\*\*@127\.0\.0\.1:1\/eindex: .*ECONNREFUSED/);
  expect(r.stderr).not.toContain('hunter2');
});
