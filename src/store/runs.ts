// Runs: the in-process runs (opened and finished by the auditor) and the audit service's runs (src/service/queue.ts,
// src/service/store-writer.ts): the targets a run must cover, the newest audit asked for per target (generation) and
// the generation of the result stored. A run is sealed when every target has a result at least as new as the newest
// request: then it is final for the index.
import type { DatabaseSync } from 'node:sqlite';
import type { SiteResult, SiteStatus, Target } from '../types.ts';
import type { Artifacts } from '../artifacts.ts';
import { transaction } from './schema.ts';
import { countRows, writeSite } from './results.ts';

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
  /** The stored result is provisional: a follow-up job measures a collector again (src/service/follow-up.ts). */
  provisional: boolean;
}

export interface SealState {
  runId: string;
  kind: string;
  createdAt: string;
  targets: number;
  /** Targets whose newest requested audit has its terminal result stored. */
  terminal: number;
  pending: number;
  /** Targets whose stored result is provisional (a follow-up measurement on its way): not terminal, not sealed. */
  provisional: number;
  sealed: boolean;
  /** When the run was last sealed; null while open. */
  sealedAt: string | null;
}

export function openRun(db: DatabaseSync, runId: string, kind: string, targets: number, createdAt = new Date().toISOString()): void {
  // A run opened again (a restarted audit) keeps its creation time and takes the newer target count.
  db
    .prepare(
      `INSERT INTO runs (run_id, created_at, kind, targets) VALUES (?, ?, ?, ?)
       ON CONFLICT(run_id) DO UPDATE SET targets = excluded.targets, finished_at = NULL`,
    )
    .run(runId, createdAt, kind, targets);
}

export function finishRun(db: DatabaseSync, runId: string, finishedAt = new Date().toISOString()): void {
  db.prepare('UPDATE runs SET finished_at = ? WHERE run_id = ?').run(finishedAt, runId);
}

export function listRuns(db: DatabaseSync): RunInfo[] {
  const rows = db
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

export function findRun(db: DatabaseSync, runId: string): RunInfo | null {
  return listRuns(db).find((r) => r.runId === runId) ?? null;
}

/**
 * Adds targets to a run (creating the run), or raises their requested generation. Idempotent: a second
 * `run-opened` for the same run changes nothing; a lower generation than the one known is ignored.
 */
export function addRunTargets(db: DatabaseSync, runId: string, kind: string, createdAt: string, entries: readonly { target: Target; generation: number }[]): void {
  transaction(db, () => {
    db
      .prepare(
        `INSERT INTO runs (run_id, created_at, kind, targets) VALUES (?, ?, ?, 0)
         ON CONFLICT(run_id) DO UPDATE SET kind = CASE WHEN runs.kind = 'unknown' THEN excluded.kind ELSE runs.kind END`,
      )
      .run(runId, createdAt, kind);
    const upsert = db.prepare(
      `INSERT INTO run_targets (run_id, target_id, target, requested_gen, requested_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(run_id, target_id) DO UPDATE SET
         target = CASE WHEN excluded.requested_gen > run_targets.requested_gen THEN excluded.target ELSE run_targets.target END,
         requested_at = CASE WHEN excluded.requested_gen > run_targets.requested_gen THEN excluded.requested_at ELSE run_targets.requested_at END,
         requested_gen = MAX(run_targets.requested_gen, excluded.requested_gen)`,
    );
    const now = new Date().toISOString();
    for (const { target, generation } of entries) upsert.run(runId, target.id, JSON.stringify(target), generation, now);
    refreshRun(db, runId);
  });
}

/**
 * Whether a result of `generation` (provisional or not) loses to the one stored: a newer generation always wins, and
 * within one generation a final result is never replaced by a provisional one (a follow-up's final result may land
 * before a redelivered provisional message). A final result replaces a provisional one of its generation.
 */
export function isStale(stored: { result_gen: number | null; result_provisional: number | boolean }, generation: number, provisional: boolean): boolean {
  if (stored.result_gen === null) return false;
  if (stored.result_gen > generation) return true;
  return stored.result_gen === generation && provisional && !stored.result_provisional;
}

/**
 * Stores a service result of a given generation, unless a newer one is already stored ('stale', see isStale). A result
 * for a run or target the store has not heard of yet creates them (the run's own message may still be on its way).
 */
export function saveRunResult(db: DatabaseSync, result: SiteResult, artifacts: Artifacts | null, generation: number): 'stored' | 'stale' {
  const { runId } = result;
  const provisional = result.provisional === true;
  const row = db.prepare('SELECT result_gen, result_provisional FROM run_targets WHERE run_id = ? AND target_id = ?').get(runId, result.target.id) as
    | { result_gen: number | null; result_provisional: number }
    | undefined;
  if (!row) addRunTargets(db, runId, 'unknown', result.startedAt, [{ target: result.target, generation }]);
  else if (isStale(row, generation, provisional)) return 'stale';
  // One transaction for the site and its place in the run: a crash in between must not leave a result that the
  // run does not count (or pages without their result) visible to a partial export.
  transaction(db, () => {
    writeSite(db, result, artifacts);
    db
      .prepare('UPDATE run_targets SET result_gen = MAX(COALESCE(result_gen, -1), ?), result_provisional = ? WHERE run_id = ? AND target_id = ?')
      .run(generation, provisional ? 1 : 0, runId, result.target.id);
    refreshRun(db, runId);
  });
  return 'stored';
}

/** Targets of a run, those still waiting for a result, and those whose result is provisional. */
const COUNTS_SQL = `SELECT COUNT(*) AS n, SUM(CASE WHEN result_gen IS NULL OR result_gen < requested_gen THEN 1 ELSE 0 END) AS pending,
    SUM(CASE WHEN result_gen >= requested_gen AND result_provisional = 1 THEN 1 ELSE 0 END) AS provisional
  FROM run_targets WHERE run_id = ?`;
type Counts = { n: number; pending: number | null; provisional: number | null };

/** Keeps runs.targets and runs.finished_at (= sealed at) in step with run_targets. Inside a transaction. */
function refreshRun(db: DatabaseSync, runId: string): void {
  const counts = db.prepare(COUNTS_SQL).get(runId) as Counts;
  const sealed = counts.n > 0 && (counts.pending ?? 0) === 0 && (counts.provisional ?? 0) === 0;
  db
    .prepare(`UPDATE runs SET targets = ?, finished_at = CASE WHEN ? THEN COALESCE(finished_at, ?) ELSE NULL END WHERE run_id = ?`)
    .run(counts.n, sealed ? 1 : 0, new Date().toISOString(), runId);
}

/** A run target's row as both stores read it (run_targets joined with site_results). */
export interface RunTargetRow {
  target_id: string;
  target: string;
  requested_gen: number;
  requested_at: string;
  result_gen: number | null;
  status: SiteStatus | null;
  duration_ms: number | null;
  stored_at: string | null;
  message: string | null;
  result_provisional: number | boolean;
}

export function toRunTargetState(r: RunTargetRow): RunTargetState {
  return {
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
    provisional: r.result_gen !== null && r.result_gen >= r.requested_gen && Boolean(r.result_provisional),
  };
}

/** The targets of a service run with their state, in target id order; [] for a run without (in-process runs). */
export function runTargets(db: DatabaseSync, runId: string): RunTargetState[] {
  const rows = db
    .prepare(
      `SELECT t.target_id, t.target, t.requested_gen, t.requested_at, t.result_gen, t.result_provisional, s.status, s.duration_ms, s.stored_at,
              json_extract(s.result, '$.message') AS message
       FROM run_targets t LEFT JOIN site_results s ON s.run_id = t.run_id AND s.target_id = t.target_id
       WHERE t.run_id = ? ORDER BY t.target_id`,
    )
    .all(runId) as unknown as RunTargetRow[];
  return rows.map(toRunTargetState);
}

/**
 * Whether a run is sealed. Service runs: every target has its terminal result for its newest requested audit.
 * Runs without targets recorded (in-process `audit`): finished and every target stored.
 */
/** A runs row as both stores read it for the seal. */
export interface RunRow {
  run_id: string;
  created_at: string;
  kind: string;
  targets: number;
  finished_at: string | null;
}

/**
 * The seal of a service run: sealed when none of its `n` targets is pending and none has a provisional result (both
 * stores use this one rule).
 */
export function serviceSeal(run: RunRow, n: number, pending: number, provisional = 0): SealState {
  const sealed = pending === 0 && provisional === 0;
  return { runId: run.run_id, kind: run.kind, createdAt: run.created_at, targets: n, terminal: n - pending - provisional, pending, provisional, sealed, sealedAt: sealed ? run.finished_at : null };
}

/** The seal of an in-process run (no run targets): finished, with a stored row for each of its targets. */
export function inProcessSeal(run: RunRow, stored: number): SealState {
  const sealed = run.finished_at !== null && stored >= run.targets && run.targets > 0;
  return {
    runId: run.run_id,
    kind: run.kind,
    createdAt: run.created_at,
    targets: run.targets,
    terminal: stored,
    pending: Math.max(0, run.targets - stored),
    provisional: 0,
    sealed,
    sealedAt: sealed ? run.finished_at : null,
  };
}

export function sealState(db: DatabaseSync, runId: string): SealState | null {
  const run = db.prepare('SELECT run_id, created_at, kind, targets, finished_at FROM runs WHERE run_id = ?').get(runId) as RunRow | undefined;
  if (!run) return null;
  const t = db.prepare(COUNTS_SQL).get(runId) as Counts;
  if (t.n > 0) return serviceSeal(run, t.n, t.pending ?? 0, t.provisional ?? 0);
  return inProcessSeal(run, countRows(db, runId));
}

/** Service runs with a target still waiting for its result or with a provisional one, oldest first. */
export function openServiceRuns(db: DatabaseSync): string[] {
  const rows = db
    .prepare(
      `SELECT t.run_id FROM run_targets t JOIN runs r ON r.run_id = t.run_id
       WHERE t.result_gen IS NULL OR t.result_gen < t.requested_gen OR t.result_provisional = 1
       GROUP BY t.run_id ORDER BY MIN(r.created_at), t.run_id`,
    )
    .all() as { run_id: string }[];
  return rows.map((r) => r.run_id);
}

/** The newest sealed run (of a kind, when given): what the index pipeline should read. */
export function latestSealedRun(db: DatabaseSync, kind?: string): SealState | null {
  for (const run of listRuns(db)) {
    if (kind && run.kind !== kind) continue;
    if (run.finishedAt === null) continue;
    const state = sealState(db, run.runId);
    if (state?.sealed) return state;
  }
  return null;
}
