// Overrides, frozen runs and change stamps in PostgreSQL: the same rows and rules as editorial.ts.
import { toStoredOverride, type FrozenRun, type OverrideRow, type StoredOverride } from './editorial.ts';
import type { Q } from './pg-results.ts';

export async function addOverride(sql: Q, o: Omit<StoredOverride, 'seq'>): Promise<StoredOverride> {
  const value = o.value === undefined ? null : JSON.stringify(o.value);
  const [row] = await sql<{ seq: number }[]>`INSERT INTO overrides (run_id, target_id, indicator_id, action, value, score, outcome, reason, "by", at)
    VALUES (${o.runId}, ${o.targetId}, ${o.indicatorId}, ${o.action}, ${value}, ${o.score}, ${o.outcome}, ${o.reason}, ${o.by}, ${o.at}) RETURNING seq`;
  return { ...o, seq: row!.seq };
}

export async function overrides(sql: Q, runId: string): Promise<StoredOverride[]> {
  const rows = await sql<OverrideRow[]>`SELECT * FROM overrides WHERE run_id = ${runId} ORDER BY seq`;
  return rows.map(toStoredOverride);
}

export async function freezeRun(sql: Q, f: FrozenRun): Promise<void> {
  await sql`INSERT INTO frozen_runs (year, run_id, frozen_at, "by", reason) VALUES (${f.year}, ${f.runId}, ${f.frozenAt}, ${f.by}, ${f.reason})`;
}

export async function frozenRuns(sql: Q): Promise<FrozenRun[]> {
  const rows = await sql<{ year: number; run_id: string; frozen_at: string; by: string; reason: string }[]>`
    SELECT year, run_id, frozen_at, "by", reason FROM frozen_runs ORDER BY year`;
  return rows.map((r) => ({ year: r.year, runId: r.run_id, frozenAt: r.frozen_at, by: r.by, reason: r.reason }));
}

export async function changeStamp(sql: Q): Promise<string> {
  const [r] = await sql`SELECT (SELECT MAX(stored_at) FROM site_results) AS a, (SELECT COUNT(*)::int FROM site_results) AS b,
      (SELECT MAX(seq) FROM overrides) AS c, (SELECT COUNT(*)::int FROM frozen_runs) AS d,
      (SELECT COUNT(*)::int FROM runs) AS e, (SELECT MAX(finished_at) FROM runs) AS f`;
  return Object.values(r!).map(String).join('|');
}

export async function lastChange(sql: Q, runId: string): Promise<string | null> {
  const [r] = await sql<{ t: string | null }[]>`SELECT MAX(t) AS t FROM (SELECT MAX(stored_at) AS t FROM site_results WHERE run_id = ${runId}
    UNION ALL SELECT MAX(at) FROM overrides WHERE run_id = ${runId}) AS x`;
  return r!.t;
}
