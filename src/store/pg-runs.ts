// Runs in PostgreSQL: the same rules as runs.ts (service run targets, generations, sealing). The writes that must be
// atomic run in one transaction; the row of a target being stored is locked (FOR UPDATE), so two writers storing the
// same target cannot both pass the generation check.
import type { SiteResult, Target } from '../types.ts';
import type { Artifacts } from '../artifacts.ts';
import { inProcessSeal, isStale, serviceSeal, toRunTargetState, type RunInfo, type RunRow, type RunTargetRow, type RunTargetState, type SealState } from './runs.ts';
import { countRows, writeSite, type Q } from './pg-results.ts';

export async function openRun(sql: Q, runId: string, kind: string, targets: number, createdAt = new Date().toISOString()): Promise<void> {
  await sql`INSERT INTO runs (run_id, created_at, kind, targets) VALUES (${runId}, ${createdAt}, ${kind}, ${targets})
    ON CONFLICT (run_id) DO UPDATE SET targets = excluded.targets, finished_at = NULL`;
}

export async function finishRun(sql: Q, runId: string, finishedAt = new Date().toISOString()): Promise<void> {
  await sql`UPDATE runs SET finished_at = ${finishedAt} WHERE run_id = ${runId}`;
}

type RunListRow = { run_id: string; created_at: string; kind: string; targets: number; finished_at: string | null; stored: number; failed: number };

function runsQuery(sql: Q, runId: string | null) {
  return sql<RunListRow[]>`SELECT r.run_id, r.created_at, r.kind, r.targets, r.finished_at,
      COUNT(s.target_id)::int AS stored, COALESCE(SUM(CASE WHEN s.status != 'ok' THEN 1 ELSE 0 END), 0)::int AS failed
    FROM runs r LEFT JOIN site_results s ON s.run_id = r.run_id
    ${runId === null ? sql`` : sql`WHERE r.run_id = ${runId}`}
    GROUP BY r.run_id ORDER BY r.created_at DESC, r.run_id DESC`;
}

const toRunInfo = (r: RunListRow): RunInfo => ({
  runId: r.run_id,
  createdAt: r.created_at,
  kind: r.kind,
  targets: r.targets,
  stored: r.stored,
  failed: r.failed,
  finishedAt: r.finished_at,
});

export async function listRuns(sql: Q): Promise<RunInfo[]> {
  return (await runsQuery(sql, null)).map(toRunInfo);
}

export async function findRun(sql: Q, runId: string): Promise<RunInfo | null> {
  const [row] = await runsQuery(sql, runId);
  return row ? toRunInfo(row) : null;
}

/** addRunTargets inside the caller's transaction. */
export async function writeRunTargets(sql: Q, runId: string, kind: string, createdAt: string, entries: readonly { target: Target; generation: number }[]): Promise<void> {
  await sql`INSERT INTO runs (run_id, created_at, kind, targets) VALUES (${runId}, ${createdAt}, ${kind}, 0)
    ON CONFLICT (run_id) DO UPDATE SET kind = CASE WHEN runs.kind = 'unknown' THEN excluded.kind ELSE runs.kind END`;
  const now = new Date().toISOString();
  for (const { target, generation } of entries) {
    await sql`INSERT INTO run_targets (run_id, target_id, target, requested_gen, requested_at)
      VALUES (${runId}, ${target.id}, ${JSON.stringify(target)}, ${generation}, ${now})
      ON CONFLICT (run_id, target_id) DO UPDATE SET
        target = CASE WHEN excluded.requested_gen > run_targets.requested_gen THEN excluded.target ELSE run_targets.target END,
        requested_at = CASE WHEN excluded.requested_gen > run_targets.requested_gen THEN excluded.requested_at ELSE run_targets.requested_at END,
        requested_gen = GREATEST(run_targets.requested_gen, excluded.requested_gen)`;
  }
  await refreshRun(sql, runId);
}

/** saveRunResult inside the caller's transaction. */
export async function writeRunResult(sql: Q, result: SiteResult, artifacts: Artifacts | null, generation: number): Promise<'stored' | 'stale'> {
  const { runId } = result;
  const provisional = result.provisional === true;
  const [row] = await sql<{ result_gen: number | null; result_provisional: boolean }[]>`SELECT result_gen, result_provisional FROM run_targets
    WHERE run_id = ${runId} AND target_id = ${result.target.id} FOR UPDATE`;
  if (!row) await writeRunTargets(sql, runId, 'unknown', result.startedAt, [{ target: result.target, generation }]);
  else if (isStale(row, generation, provisional)) return 'stale';
  await writeSite(sql, result, artifacts);
  await sql`UPDATE run_targets SET result_gen = GREATEST(COALESCE(result_gen, -1), ${generation}), result_provisional = ${provisional}
    WHERE run_id = ${runId} AND target_id = ${result.target.id}`;
  await refreshRun(sql, runId);
  return 'stored';
}

const pendingCounts = (sql: Q, runId: string) =>
  sql<{ n: number; pending: number; provisional: number }[]>`SELECT COUNT(*)::int AS n,
      COALESCE(SUM(CASE WHEN result_gen IS NULL OR result_gen < requested_gen THEN 1 ELSE 0 END), 0)::int AS pending,
      COALESCE(SUM(CASE WHEN result_gen >= requested_gen AND result_provisional THEN 1 ELSE 0 END), 0)::int AS provisional
    FROM run_targets WHERE run_id = ${runId}`;

/** Keeps runs.targets and runs.finished_at (= sealed at) in step with run_targets. Inside a transaction. */
async function refreshRun(sql: Q, runId: string): Promise<void> {
  const [c] = await pendingCounts(sql, runId);
  const sealed = c!.n > 0 && c!.pending === 0 && c!.provisional === 0;
  await sql`UPDATE runs SET targets = ${c!.n},
    finished_at = CASE WHEN ${sealed} THEN COALESCE(finished_at, ${new Date().toISOString()}) ELSE NULL END WHERE run_id = ${runId}`;
}

export async function runTargets(sql: Q, runId: string): Promise<RunTargetState[]> {
  const rows = await sql<RunTargetRow[]>`SELECT t.target_id, t.target, t.requested_gen, t.requested_at, t.result_gen, t.result_provisional, s.status, s.duration_ms, s.stored_at,
      (s.result::jsonb ->> 'message') AS message
    FROM run_targets t LEFT JOIN site_results s ON s.run_id = t.run_id AND s.target_id = t.target_id
    WHERE t.run_id = ${runId} ORDER BY t.target_id`;
  return rows.map(toRunTargetState);
}

/** Whether a run is sealed: the same rule as runs.ts sealState. */
export async function sealState(sql: Q, runId: string): Promise<SealState | null> {
  const [run] = await sql<RunRow[]>`SELECT run_id, created_at, kind, targets, finished_at FROM runs WHERE run_id = ${runId}`;
  if (!run) return null;
  const [t] = await pendingCounts(sql, runId);
  if (t!.n > 0) return serviceSeal(run, t!.n, t!.pending, t!.provisional);
  return inProcessSeal(run, await countRows(sql, runId));
}

export async function openServiceRuns(sql: Q): Promise<string[]> {
  const rows = await sql<{ run_id: string }[]>`SELECT t.run_id FROM run_targets t JOIN runs r ON r.run_id = t.run_id
    WHERE t.result_gen IS NULL OR t.result_gen < t.requested_gen OR t.result_provisional
    GROUP BY t.run_id ORDER BY MIN(r.created_at), t.run_id`;
  return rows.map((r) => r.run_id);
}

export async function latestSealedRun(sql: Q, kind?: string): Promise<SealState | null> {
  for (const run of await listRuns(sql)) {
    if (kind && run.kind !== kind) continue;
    if (run.finishedAt === null) continue;
    const state = await sealState(sql, run.runId);
    if (state?.sealed) return state;
  }
  return null;
}
