// The PostgreSQL store, chosen by EINDEX_DATABASE_URL=postgres://… (store.ts): the same rows and answers as the SQLite
// store, over the `postgres` client's connection pool. Every query is async, so readers (API, exports, reports) never
// wait for the writer's event loop, and PostgreSQL's MVCC lets them read while it writes. The schema comes from the
// SQL files in migrations/pg/, applied in name order once each and recorded in eindex_migrations.
import { readdirSync, readFileSync } from 'node:fs';
import postgres from 'postgres';
import type { IndicatorResult, SiteResult, Target } from '../types.ts';
import type { Artifacts } from '../artifacts.ts';
import type { FrozenRun, RunInfo, RunTargetState, SealState, Store, StoredOverride } from './interface.ts';
import { countRows, getResult, lighthouseReport, runResults, screenshot, screenshotNames, siteArtifacts, writeScores, writeSite } from './pg-results.ts';
import { findRun, finishRun, latestSealedRun, listRuns, openRun, openServiceRuns, runTargets, sealState, writeRunResult, writeRunTargets } from './pg-runs.ts';
import { addOverride, changeStamp, freezeRun, frozenRuns, lastChange, overrides } from './pg-editorial.ts';

const MIGRATIONS = new URL('./migrations/pg/', import.meta.url);
// Serialises migrations when several processes open the same database at once (any fixed 64-bit number).
const MIGRATION_LOCK = 4_857_201_734;

/** The store named by EINDEX_DATABASE_URL cannot be used: unreachable, refused, or not PostgreSQL. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

/** The URL with its password replaced by "***", for messages and logs. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

/** Applies the migration files not yet recorded, in name order, in one transaction; returns the names applied. */
export async function migrate(sql: postgres.Sql): Promise<string[]> {
  const files = readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql')).sort();
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`CREATE TABLE IF NOT EXISTS eindex_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`;
    const done = new Set((await tx<{ name: string }[]>`SELECT name FROM eindex_migrations`).map((r) => r.name));
    const applied: string[] = [];
    for (const file of files.filter((f) => !done.has(f))) {
      await tx.unsafe(readFileSync(new URL(file, MIGRATIONS), 'utf8'));
      await tx`INSERT INTO eindex_migrations (name, applied_at) VALUES (${file}, ${new Date().toISOString()})`;
      applied.push(file);
    }
    return applied;
  });
}

/** Connects, checks the server answers and brings the schema up to date; a clear error when it cannot. */
export async function openPgStore(url: string): Promise<PgStore> {
  const masked = maskUrl(url);
  const sql = postgres(url, {
    connect_timeout: 10,
    onnotice: () => {},
    // A value the store leaves undefined is stored as NULL, as node:sqlite does.
    transform: { undefined: null },
  });
  try {
    await migrate(sql);
  } catch (err) {
    await sql.end({ timeout: 1 }).catch(() => {});
    const e = err as Error & { code?: string };
    throw new StoreUnavailableError(`cannot open the PostgreSQL store at ${masked}: ${e.message || e.code || String(err)}`, { cause: err });
  }
  return new PgStore(sql, masked);
}

export class PgStore implements Store {
  readonly path: string;
  private sql: postgres.Sql;

  constructor(sql: postgres.Sql, maskedUrl: string) {
    this.sql = sql;
    this.path = maskedUrl;
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }

  openRun(runId: string, kind: string, targets: number, createdAt?: string): Promise<void> {
    return openRun(this.sql, runId, kind, targets, createdAt);
  }

  finishRun(runId: string, finishedAt?: string): Promise<void> {
    return finishRun(this.sql, runId, finishedAt);
  }

  async saveSite(result: SiteResult, artifacts: Artifacts | null): Promise<void> {
    await this.sql.begin((tx) => writeSite(tx, result, artifacts));
  }

  async updateIndicators(runId: string, targetId: string, indicators: Record<string, IndicatorResult>): Promise<void> {
    await this.sql.begin(async (tx) => {
      const [row] = await tx<{ result: string }[]>`SELECT result FROM site_results WHERE run_id = ${runId} AND target_id = ${targetId} FOR UPDATE`;
      if (!row) throw new Error(`no result stored for ${runId}/${targetId}`);
      const updated: SiteResult = { ...(JSON.parse(row.result) as SiteResult), indicators };
      await tx`UPDATE site_results SET result = ${JSON.stringify(updated)}, stored_at = ${new Date().toISOString()}
        WHERE run_id = ${runId} AND target_id = ${targetId}`;
      await writeScores(tx, runId, targetId, indicators);
    });
  }

  getResult(runId: string, targetId: string): Promise<SiteResult | null> {
    return getResult(this.sql, runId, targetId);
  }

  results(runId: string): Promise<SiteResult[]> {
    return runResults(this.sql, runId);
  }

  artifacts(runId: string, targetId: string): Promise<Artifacts | null> {
    return siteArtifacts(this.sql, runId, targetId);
  }

  screenshot(runId: string, targetId: string, name: string): Promise<Buffer | null> {
    return screenshot(this.sql, runId, targetId, name);
  }

  lighthouseReport(runId: string, targetId: string): Promise<Buffer | null> {
    return lighthouseReport(this.sql, runId, targetId);
  }

  screenshotNames(runId: string, targetId: string): Promise<string[]> {
    return screenshotNames(this.sql, runId, targetId);
  }

  addOverride(o: Omit<StoredOverride, 'seq'>): Promise<StoredOverride> {
    return addOverride(this.sql, o);
  }

  overrides(runId: string): Promise<StoredOverride[]> {
    return overrides(this.sql, runId);
  }

  freezeRun(f: FrozenRun): Promise<void> {
    return freezeRun(this.sql, f);
  }

  frozenRuns(): Promise<FrozenRun[]> {
    return frozenRuns(this.sql);
  }

  changeStamp(): Promise<string> {
    return changeStamp(this.sql);
  }

  lastChange(runId: string): Promise<string | null> {
    return lastChange(this.sql, runId);
  }

  countRows(runId: string): Promise<number> {
    return countRows(this.sql, runId);
  }

  runs(): Promise<RunInfo[]> {
    return listRuns(this.sql);
  }

  run(runId: string): Promise<RunInfo | null> {
    return findRun(this.sql, runId);
  }

  async addRunTargets(runId: string, kind: string, createdAt: string, entries: readonly { target: Target; generation: number }[]): Promise<void> {
    await this.sql.begin((tx) => writeRunTargets(tx, runId, kind, createdAt, entries));
  }

  async saveRunResult(result: SiteResult, artifacts: Artifacts | null, generation: number): Promise<'stored' | 'stale'> {
    // One transaction for the site and its place in the run: a crash in between leaves neither.
    return this.sql.begin((tx) => writeRunResult(tx, result, artifacts, generation));
  }

  runTargets(runId: string): Promise<RunTargetState[]> {
    return runTargets(this.sql, runId);
  }

  sealState(runId: string): Promise<SealState | null> {
    return sealState(this.sql, runId);
  }

  openServiceRuns(): Promise<string[]> {
    return openServiceRuns(this.sql);
  }

  latestSealedRun(kind?: string): Promise<SealState | null> {
    return latestSealedRun(this.sql, kind);
  }
}
