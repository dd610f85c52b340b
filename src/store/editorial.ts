// Editorial layer over the measurements: operators' overrides of indicator results (append-only, the newest entry
// per indicator applies; src/score/overrides.ts validates and applies them), runs frozen as a year's official
// measurement, and the change stamps that key cached reports.
import type { DatabaseSync } from 'node:sqlite';
import type { Outcome } from '../types.ts';

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

export function addOverride(db: DatabaseSync, o: Omit<StoredOverride, 'seq'>): StoredOverride {
  const row = db
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
/** An overrides row as both stores read it. */
export interface OverrideRow {
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
}

export function toStoredOverride(r: OverrideRow): StoredOverride {
  return {
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
  };
}

export function overrides(db: DatabaseSync, runId: string): StoredOverride[] {
  const rows = db.prepare('SELECT * FROM overrides WHERE run_id = ? ORDER BY seq').all(runId) as unknown as OverrideRow[];
  return rows.map(toStoredOverride);
}

/** Freezes a run as the official measurement of a year; a year is frozen once (the caller checks sealing). */
export function freezeRun(db: DatabaseSync, f: FrozenRun): void {
  db.prepare('INSERT INTO frozen_runs (year, run_id, frozen_at, by, reason) VALUES (?, ?, ?, ?, ?)').run(f.year, f.runId, f.frozenAt, f.by, f.reason);
}

export function frozenRuns(db: DatabaseSync): FrozenRun[] {
  const rows = db.prepare('SELECT year, run_id, frozen_at, by, reason FROM frozen_runs ORDER BY year').all() as {
    year: number;
    run_id: string;
    frozen_at: string;
    by: string;
    reason: string;
  }[];
  return rows.map((r) => ({ year: r.year, runId: r.run_id, frozenAt: r.frozen_at, by: r.by, reason: r.reason }));
}

/** Changes whenever a result, an override, a frozen year or a run is added anywhere: the key of cached reports. */
export function changeStamp(db: DatabaseSync): string {
  const r = db
    .prepare(
      `SELECT (SELECT MAX(stored_at) FROM site_results) AS a, (SELECT COUNT(*) FROM site_results) AS b,
              (SELECT MAX(seq) FROM overrides) AS c, (SELECT COUNT(*) FROM frozen_runs) AS d,
              (SELECT COUNT(*) FROM runs) AS e, (SELECT MAX(finished_at) FROM runs) AS f`,
    )
    .get() as Record<string, unknown>;
  return Object.values(r).map(String).join('|');
}

/** The newest stored result or override of a run (ISO time): the "generated at" of what is built from it. */
export function lastChange(db: DatabaseSync, runId: string): string | null {
  const r = db
    .prepare(`SELECT MAX(t) AS t FROM (SELECT MAX(stored_at) AS t FROM site_results WHERE run_id = ? UNION ALL SELECT MAX(at) FROM overrides WHERE run_id = ?)`)
    .get(runId, runId) as { t: string | null };
  return r.t;
}
