// The results store: one SQLite file (Node's built-in node:sqlite, no native addon, no server). One row per
// (run, target), written with its artifacts and per-indicator rows in one transaction: a site is stored whole or not
// at all, and storing it again in the same run replaces it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DatabaseSync } from 'node:sqlite';
import type { Artifacts, IndicatorResult, SiteResult } from './types.ts';

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
    const { runId } = result;
    const targetId = result.target.id;
    this.transaction(() => {
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
    });
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
}
