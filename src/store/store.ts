// The results store: one SQLite file (Node's built-in node:sqlite, no native addon, no server). One row per
// (run, target), written with its artifacts and per-indicator rows in one transaction: a site is stored whole or not
// at all, and storing it again in the same run replaces it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DatabaseSync } from 'node:sqlite';
import type { IndicatorResult, Outcome, SiteResult, SiteStatus, Target } from '../types.ts';
import type { Artifacts, Screenshot } from '../artifacts.ts';

export interface RunInfo {
  runId: string;
  createdAt: string;
  /** What opened the run: "audit", "demo", "schedule", ... */
  kind: string;
  targets: number;
  stored: number;
  failed: number;
  finishedAt: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  targets INTEGER NOT NULL,
  finished_at TEXT
);
CREATE TABLE IF NOT EXISTS site_results (
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  target_id TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  stored_at TEXT NOT NULL,
  result TEXT NOT NULL,          -- the SiteResult document (JSON), as published
  PRIMARY KEY (run_id, target_id)
);
CREATE TABLE IF NOT EXISTS artifacts (
  run_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  data BLOB NOT NULL,            -- gzipped JSON of Artifacts, for rescore
  PRIMARY KEY (run_id, target_id)
);
CREATE TABLE IF NOT EXISTS indicator_scores (
  run_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  score REAL,
  outcome TEXT NOT NULL,
  PRIMARY KEY (run_id, target_id, indicator_id)
);
`;

// The audit service's runs (src/service/queue.ts, src/service/store-writer.ts): the targets a run must cover, and per target the
// newest audit asked for (generation: 0, raised by each re-queue) and the generation of the result stored. A run is
// sealed when every target has a result at least as new as the newest request: then it is final for the index.
const SERVICE_SCHEMA = `
CREATE TABLE IF NOT EXISTS run_targets (
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  target_id TEXT NOT NULL,
  target TEXT NOT NULL,          -- the Target (JSON) as enqueued, to write a failure result without the targets file
  requested_gen INTEGER NOT NULL,
  requested_at TEXT NOT NULL,
  result_gen INTEGER,            -- NULL until a result is stored
  PRIMARY KEY (run_id, target_id)
);
`;

// Migration 1 (reports): screenshots apart from the artifacts (PNG does not compress, and rescore never reads them);
// operators' overrides of indicator results, append-only (the newest entry per indicator applies, the rest is the
// audit trail); the run frozen as the official measurement of each year. CREATE ... IF NOT EXISTS: an older store
// gains the tables on open, and nothing in the older tables changes.
const REPORT_SCHEMA = `
CREATE TABLE IF NOT EXISTS screenshots (
  run_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  selector TEXT,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  png BLOB NOT NULL,
  PRIMARY KEY (run_id, target_id, name)
);
CREATE TABLE IF NOT EXISTS overrides (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('set', 'revoke')),
  value TEXT,                    -- JSON of the value used instead of the measured one (NULL: keep the measured value)
  score REAL,
  outcome TEXT,
  reason TEXT NOT NULL,
  by TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS overrides_run ON overrides (run_id, target_id, indicator_id, seq);
CREATE TABLE IF NOT EXISTS frozen_runs (
  year INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  frozen_at TEXT NOT NULL,
  by TEXT NOT NULL,
  reason TEXT NOT NULL
);
`;

export interface StoredOverride {
  seq: number;
  runId: string;
  targetId: string;
  indicatorId: string;
  action: 'set' | 'revoke';
  /** undefined: keep the measured value. */
  value?: unknown;
  score: number | null;
  outcome: Outcome | null;
  reason: string;
  by: string;
  at: string;
}

export interface FrozenRun {
  year: number;
  runId: string;
  frozenAt: string;
  by: string;
  reason: string;
}

/** One target of a service run and where it stands. */
export interface RunTargetState {
  targetId: string;
  target: Target;
  requestedGen: number;
  requestedAt: string;
  resultGen: number | null;
  /** Status of the stored result (null: none yet). */
  status: SiteStatus | null;
  message: string | null;
  durationMs: number | null;
  storedAt: string | null;
  /** No result yet, or one older than the newest re-queue. */
  pending: boolean;
}

export interface SealState {
  runId: string;
  kind: string;
  createdAt: string;
  targets: number;
  /** Targets whose newest requested audit has its terminal result stored. */
  terminal: number;
  pending: number;
  sealed: boolean;
  /** When the run was last sealed; null while open. */
  sealedAt: string | null;
}

export class Store {
  readonly path: string;
  private db: DatabaseSync;

  constructor(path: string) {
    this.path = path;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    // WAL lets the API read while a worker writes; busy_timeout rides out a concurrent writer.
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;');
    this.db.exec(SCHEMA);
    this.db.exec(SERVICE_SCHEMA);
    this.db.exec(REPORT_SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  openRun(runId: string, kind: string, targets: number, createdAt = new Date().toISOString()): void {
    // A run opened again (a restarted audit) keeps its creation time and takes the newer target count.
    this.db
      .prepare(
        `INSERT INTO runs (run_id, created_at, kind, targets) VALUES (?, ?, ?, ?)
         ON CONFLICT(run_id) DO UPDATE SET targets = excluded.targets, finished_at = NULL`,
      )
      .run(runId, createdAt, kind, targets);
  }

  finishRun(runId: string, finishedAt = new Date().toISOString()): void {
    this.db.prepare('UPDATE runs SET finished_at = ? WHERE run_id = ?').run(finishedAt, runId);
  }

  /** Stores one site's result and artifacts atomically; a second call for the same (run, target) replaces both. */
  saveSite(result: SiteResult, artifacts: Artifacts | null): void {
    this.transaction(() => this.writeSite(result, artifacts));
  }

  /** saveSite's writes, inside the caller's transaction. */
  private writeSite(result: SiteResult, artifacts: Artifacts | null): void {
    const { runId } = result;
    const targetId = result.target.id;
    // Screenshots go to their own table; the artifacts blob keeps only their names (in evidence and artifacts).
    let shots: Screenshot[] = [];
    if (artifacts && Array.isArray(artifacts.screenshots)) {
      shots = artifacts.screenshots;
      artifacts = { ...artifacts };
      delete artifacts.screenshots;
    }
    if (artifacts) {
      this.db.prepare('DELETE FROM screenshots WHERE run_id = ? AND target_id = ?').run(runId, targetId);
      const insert = this.db.prepare(
        'INSERT OR REPLACE INTO screenshots (run_id, target_id, name, url, selector, width, height, png) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const s of shots) insert.run(runId, targetId, s.name, s.url, s.selector ?? null, s.width, s.height, Buffer.from(s.png, 'base64'));
    }
    this.db
      .prepare(
        `INSERT OR REPLACE INTO site_results (run_id, target_id, status, started_at, duration_ms, stored_at, result)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(runId, targetId, result.status, result.startedAt, result.durationMs, new Date().toISOString(), JSON.stringify(result));
    if (artifacts) {
      this.db
        .prepare('INSERT OR REPLACE INTO artifacts (run_id, target_id, data) VALUES (?, ?, ?)')
        .run(runId, targetId, gzipSync(JSON.stringify(artifacts)));
    }
    this.writeScores(runId, targetId, result.indicators);
  }

  /** Replaces a site's indicators (rescore) without touching its artifacts. */
  updateIndicators(runId: string, targetId: string, indicators: Record<string, IndicatorResult>): void {
    const current = this.getResult(runId, targetId);
    if (!current) throw new Error(`no result stored for ${runId}/${targetId}`);
    const updated: SiteResult = { ...current, indicators };
    this.transaction(() => {
      this.db
        .prepare('UPDATE site_results SET result = ?, stored_at = ? WHERE run_id = ? AND target_id = ?')
        .run(JSON.stringify(updated), new Date().toISOString(), runId, targetId);
      this.writeScores(runId, targetId, indicators);
    });
  }

  private writeScores(runId: string, targetId: string, indicators: Record<string, IndicatorResult>): void {
    this.db.prepare('DELETE FROM indicator_scores WHERE run_id = ? AND target_id = ?').run(runId, targetId);
    const insert = this.db.prepare(
      'INSERT INTO indicator_scores (run_id, target_id, indicator_id, score, outcome) VALUES (?, ?, ?, ?, ?)',
    );
    for (const [id, r] of Object.entries(indicators)) insert.run(runId, targetId, id, r.score, r.outcome);
  }

  private transaction(fn: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      fn();
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  getResult(runId: string, targetId: string): SiteResult | null {
    const row = this.db.prepare('SELECT result FROM site_results WHERE run_id = ? AND target_id = ?').get(runId, targetId) as
      | { result: string }
      | undefined;
    return row ? (JSON.parse(row.result) as SiteResult) : null;
  }

  /** Results of a run in target id order. */
  results(runId: string): SiteResult[] {
    const rows = this.db.prepare('SELECT result FROM site_results WHERE run_id = ? ORDER BY target_id').all(runId) as { result: string }[];
    return rows.map((r) => JSON.parse(r.result) as SiteResult);
  }

  artifacts(runId: string, targetId: string): Artifacts | null {
    const row = this.db.prepare('SELECT data FROM artifacts WHERE run_id = ? AND target_id = ?').get(runId, targetId) as
      | { data: Uint8Array }
      | undefined;
    return row ? (JSON.parse(gunzipSync(row.data).toString('utf8')) as Artifacts) : null;
  }

  /** A stored screenshot's PNG bytes, or null. */
  screenshot(runId: string, targetId: string, name: string): Buffer | null {
    const row = this.db.prepare('SELECT png FROM screenshots WHERE run_id = ? AND target_id = ? AND name = ?').get(runId, targetId, name) as
      | { png: Uint8Array }
      | undefined;
    return row ? Buffer.from(row.png) : null;
  }

  /** Names of a site's screenshots in a run. */
  screenshotNames(runId: string, targetId: string): string[] {
    const rows = this.db.prepare('SELECT name FROM screenshots WHERE run_id = ? AND target_id = ? ORDER BY name').all(runId, targetId) as { name: string }[];
    return rows.map((r) => r.name);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Overrides and frozen runs (src/score/overrides.ts validates and applies them).

  addOverride(o: Omit<StoredOverride, 'seq'>): StoredOverride {
    const row = this.db
      .prepare(
        `INSERT INTO overrides (run_id, target_id, indicator_id, action, value, score, outcome, reason, by, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
      )
      .get(o.runId, o.targetId, o.indicatorId, o.action, o.value === undefined ? null : JSON.stringify(o.value), o.score, o.outcome, o.reason, o.by, o.at) as {
      seq: number;
    };
    return { ...o, seq: row.seq };
  }

  /** Every override entry of a run, oldest first (the audit trail). */
  overrides(runId: string): StoredOverride[] {
    const rows = this.db.prepare('SELECT * FROM overrides WHERE run_id = ? ORDER BY seq').all(runId) as {
      seq: number;
      run_id: string;
      target_id: string;
      indicator_id: string;
      action: 'set' | 'revoke';
      value: string | null;
      score: number | null;
      outcome: Outcome | null;
      reason: string;
      by: string;
      at: string;
    }[];
    return rows.map((r) => ({
      seq: r.seq,
      runId: r.run_id,
      targetId: r.target_id,
      indicatorId: r.indicator_id,
      action: r.action,
      ...(r.value === null ? {} : { value: JSON.parse(r.value) as unknown }),
      score: r.score,
      outcome: r.outcome,
      reason: r.reason,
      by: r.by,
      at: r.at,
    }));
  }

  /** Freezes a run as the official measurement of a year; a year is frozen once (the caller checks sealing). */
  freezeRun(f: FrozenRun): void {
    this.db.prepare('INSERT INTO frozen_runs (year, run_id, frozen_at, by, reason) VALUES (?, ?, ?, ?, ?)').run(f.year, f.runId, f.frozenAt, f.by, f.reason);
  }

  frozenRuns(): FrozenRun[] {
    const rows = this.db.prepare('SELECT year, run_id, frozen_at, by, reason FROM frozen_runs ORDER BY year').all() as {
      year: number;
      run_id: string;
      frozen_at: string;
      by: string;
      reason: string;
    }[];
    return rows.map((r) => ({ year: r.year, runId: r.run_id, frozenAt: r.frozen_at, by: r.by, reason: r.reason }));
  }

  /** Changes whenever a result, an override, a frozen year or a run is added anywhere: the key of cached reports. */
  changeStamp(): string {
    const r = this.db
      .prepare(
        `SELECT (SELECT MAX(stored_at) FROM site_results) AS a, (SELECT COUNT(*) FROM site_results) AS b,
                (SELECT MAX(seq) FROM overrides) AS c, (SELECT COUNT(*) FROM frozen_runs) AS d,
                (SELECT COUNT(*) FROM runs) AS e, (SELECT MAX(finished_at) FROM runs) AS f`,
      )
      .get() as Record<string, unknown>;
    return Object.values(r).map(String).join('|');
  }

  /** The newest stored result or override of a run (ISO time): the "generated at" of what is built from it. */
  lastChange(runId: string): string | null {
    const r = this.db
      .prepare(`SELECT MAX(t) AS t FROM (SELECT MAX(stored_at) AS t FROM site_results WHERE run_id = ? UNION ALL SELECT MAX(at) FROM overrides WHERE run_id = ?)`)
      .get(runId, runId) as { t: string | null };
    return r.t;
  }

  countRows(runId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM site_results WHERE run_id = ?').get(runId) as { n: number }).n;
  }

  runs(): RunInfo[] {
    const rows = this.db
      .prepare(
        `SELECT r.run_id, r.created_at, r.kind, r.targets, r.finished_at,
                COUNT(s.target_id) AS stored, SUM(CASE WHEN s.status != 'ok' THEN 1 ELSE 0 END) AS failed
         FROM runs r LEFT JOIN site_results s ON s.run_id = r.run_id
         GROUP BY r.run_id ORDER BY r.created_at DESC, r.run_id DESC`,
      )
      .all() as { run_id: string; created_at: string; kind: string; targets: number; finished_at: string | null; stored: number; failed: number | null }[];
    return rows.map((r) => ({
      runId: r.run_id,
      createdAt: r.created_at,
      kind: r.kind,
      targets: r.targets,
      stored: r.stored,
      failed: r.failed ?? 0,
      finishedAt: r.finished_at,
    }));
  }

  run(runId: string): RunInfo | null {
    return this.runs().find((r) => r.runId === runId) ?? null;
  }
  // -------------------------------------------------------------------------------------------------------------
  // Service runs: targets, generations, sealing. Used by the store writer (src/service/store-writer.ts).

  /**
   * Adds targets to a run (creating the run), or raises their requested generation. Idempotent: a second
   * `run-opened` for the same run changes nothing; a lower generation than the one known is ignored.
   */
  addRunTargets(runId: string, kind: string, createdAt: string, entries: readonly { target: Target; generation: number }[]): void {
    this.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO runs (run_id, created_at, kind, targets) VALUES (?, ?, ?, 0)
           ON CONFLICT(run_id) DO UPDATE SET kind = CASE WHEN runs.kind = 'unknown' THEN excluded.kind ELSE runs.kind END`,
        )
        .run(runId, createdAt, kind);
      const upsert = this.db.prepare(
        `INSERT INTO run_targets (run_id, target_id, target, requested_gen, requested_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(run_id, target_id) DO UPDATE SET
           target = CASE WHEN excluded.requested_gen > run_targets.requested_gen THEN excluded.target ELSE run_targets.target END,
           requested_at = CASE WHEN excluded.requested_gen > run_targets.requested_gen THEN excluded.requested_at ELSE run_targets.requested_at END,
           requested_gen = MAX(run_targets.requested_gen, excluded.requested_gen)`,
      );
      const now = new Date().toISOString();
      for (const { target, generation } of entries) upsert.run(runId, target.id, JSON.stringify(target), generation, now);
      this.refreshRun(runId);
    });
  }

  /**
   * Stores a service result of a given generation, unless a newer one is already stored ('stale'). A result for a run
   * or target the store has not heard of yet creates them (the run's own message may still be on its way).
   */
  saveRunResult(result: SiteResult, artifacts: Artifacts | null, generation: number): 'stored' | 'stale' {
    const { runId } = result;
    const row = this.db.prepare('SELECT result_gen FROM run_targets WHERE run_id = ? AND target_id = ?').get(runId, result.target.id) as
      | { result_gen: number | null }
      | undefined;
    if (!row) this.addRunTargets(runId, 'unknown', result.startedAt, [{ target: result.target, generation }]);
    else if (row.result_gen !== null && row.result_gen > generation) return 'stale';
    // One transaction for the site and its place in the run: a crash in between must not leave a result that the
    // run does not count (or pages without their result) visible to a partial export.
    this.transaction(() => {
      this.writeSite(result, artifacts);
      this.db
        .prepare('UPDATE run_targets SET result_gen = MAX(COALESCE(result_gen, -1), ?) WHERE run_id = ? AND target_id = ?')
        .run(generation, runId, result.target.id);
      this.refreshRun(runId);
    });
    return 'stored';
  }

  /** Keeps runs.targets and runs.finished_at (= sealed at) in step with run_targets. Inside a transaction. */
  private refreshRun(runId: string): void {
    const counts = this.db
      .prepare(
        `SELECT COUNT(*) AS n, SUM(CASE WHEN result_gen IS NULL OR result_gen < requested_gen THEN 1 ELSE 0 END) AS pending
         FROM run_targets WHERE run_id = ?`,
      )
      .get(runId) as { n: number; pending: number | null };
    const sealed = counts.n > 0 && (counts.pending ?? 0) === 0;
    this.db
      .prepare(`UPDATE runs SET targets = ?, finished_at = CASE WHEN ? THEN COALESCE(finished_at, ?) ELSE NULL END WHERE run_id = ?`)
      .run(counts.n, sealed ? 1 : 0, new Date().toISOString(), runId);
  }

  /** The targets of a service run with their state, in target id order; [] for a run without (in-process runs). */
  runTargets(runId: string): RunTargetState[] {
    const rows = this.db
      .prepare(
        `SELECT t.target_id, t.target, t.requested_gen, t.requested_at, t.result_gen, s.status, s.duration_ms, s.stored_at,
                json_extract(s.result, '$.message') AS message
         FROM run_targets t LEFT JOIN site_results s ON s.run_id = t.run_id AND s.target_id = t.target_id
         WHERE t.run_id = ? ORDER BY t.target_id`,
      )
      .all(runId) as {
      target_id: string;
      target: string;
      requested_gen: number;
      requested_at: string;
      result_gen: number | null;
      status: SiteStatus | null;
      duration_ms: number | null;
      stored_at: string | null;
      message: string | null;
    }[];
    return rows.map((r) => ({
      targetId: r.target_id,
      target: JSON.parse(r.target) as Target,
      requestedGen: r.requested_gen,
      requestedAt: r.requested_at,
      resultGen: r.result_gen,
      status: r.status,
      message: r.message,
      durationMs: r.duration_ms,
      storedAt: r.stored_at,
      pending: r.result_gen === null || r.result_gen < r.requested_gen,
    }));
  }

  /**
   * Whether a run is sealed. Service runs: every target has its terminal result for its newest requested audit.
   * Runs without targets recorded (in-process `audit`): finished and every target stored.
   */
  sealState(runId: string): SealState | null {
    const run = this.db.prepare('SELECT run_id, created_at, kind, targets, finished_at FROM runs WHERE run_id = ?').get(runId) as
      | { run_id: string; created_at: string; kind: string; targets: number; finished_at: string | null }
      | undefined;
    if (!run) return null;
    const t = this.db
      .prepare(
        `SELECT COUNT(*) AS n, SUM(CASE WHEN result_gen IS NULL OR result_gen < requested_gen THEN 1 ELSE 0 END) AS pending
         FROM run_targets WHERE run_id = ?`,
      )
      .get(runId) as { n: number; pending: number | null };
    if (t.n > 0) {
      const pending = t.pending ?? 0;
      return { runId, kind: run.kind, createdAt: run.created_at, targets: t.n, terminal: t.n - pending, pending, sealed: pending === 0, sealedAt: pending === 0 ? run.finished_at : null };
    }
    const stored = this.countRows(runId);
    const sealed = run.finished_at !== null && stored >= run.targets && run.targets > 0;
    return {
      runId,
      kind: run.kind,
      createdAt: run.created_at,
      targets: run.targets,
      terminal: stored,
      pending: Math.max(0, run.targets - stored),
      sealed,
      sealedAt: sealed ? run.finished_at : null,
    };
  }

  /** Service runs with a target still waiting for its result, oldest first. */
  openServiceRuns(): string[] {
    const rows = this.db
      .prepare(
        `SELECT t.run_id FROM run_targets t JOIN runs r ON r.run_id = t.run_id
         WHERE t.result_gen IS NULL OR t.result_gen < t.requested_gen
         GROUP BY t.run_id ORDER BY MIN(r.created_at), t.run_id`,
      )
      .all() as { run_id: string }[];
    return rows.map((r) => r.run_id);
  }

  /** The newest sealed run (of a kind, when given): what the index pipeline should read. */
  latestSealedRun(kind?: string): SealState | null {
    for (const run of this.runs()) {
      if (kind && run.kind !== kind) continue;
      if (run.finishedAt === null) continue;
      const state = this.sealState(run.runId);
      if (state?.sealed) return state;
    }
    return null;
  }
}
