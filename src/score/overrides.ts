// Disputes and official runs. An operator can mark a site's indicator result as wrong: the entry (value, score, outcome,
// reason, who, when) is appended to the store's `overrides` table, never edited; the newest entry per (run, site,
// indicator) applies, a "revoke" entry returns to the measured result. Exports and reports read results through
// applyOverrides(): the operator's value replaces the measured one there, flagged with `override` (the measured result
// and the whole trail), while the stored SiteResult stays as measured. A sealed run can be frozen as the official
// measurement of a year.
import type { AnyIndicator } from '../indicators/indicator.ts';
import type { FrozenRun, Store, StoredOverride } from '../store/store.ts';
import type { IndicatorResult, Outcome, OverrideTrailEntry, SiteResult } from '../types.ts';

export const OUTCOMES: readonly Outcome[] = ['pass', 'fail', 'needs-review', 'not-applicable', 'error'];

export class OverrideError extends Error {
  override name = 'OverrideError';
}

export interface OverrideRequest {
  runId: string;
  targetId: string;
  indicatorId: string;
  action: 'set' | 'revoke';
  /** JSON text of the value, or undefined to keep the measured value. */
  valueJson?: string | undefined;
  score?: string | number | null | undefined;
  outcome?: string | undefined;
  reason: string | undefined;
  by: string | undefined;
  at?: string;
}

/** Checks a request against the run and the registry; each error names the input and why. Returns the stored entry. */
export async function addOverride(store: Store, req: OverrideRequest, indicators: readonly AnyIndicator[]): Promise<StoredOverride> {
  const reason = req.reason?.trim();
  const by = req.by?.trim();
  if (!reason) throw new OverrideError('--reason is required: say why the measured result is wrong');
  if (!by) throw new OverrideError('--by is required: who decided it (name or e-mail)');
  if (!(await store.sealState(req.runId))) throw new OverrideError(`run "${req.runId}": no such run (see: eindex runs)`);
  const result = await store.getResult(req.runId, req.targetId);
  if (!result) throw new OverrideError(`site "${req.targetId}": no result in run ${req.runId}`);
  if (!indicators.some((i) => i.id === req.indicatorId)) {
    throw new OverrideError(`indicator "${req.indicatorId}": not in the registry (known: ${indicators.map((i) => i.id).join(', ')})`);
  }
  if (result.status !== 'ok' || !result.indicators[req.indicatorId]) {
    throw new OverrideError(`site "${req.targetId}" has no measured "${req.indicatorId}" result in run ${req.runId} (status ${result.status}): nothing to override`);
  }
  const at = req.at ?? new Date().toISOString();
  if (req.action === 'revoke') {
    const active = activeOverride(await store.overrides(req.runId), req.targetId, req.indicatorId);
    if (!active) throw new OverrideError(`${req.targetId}/${req.indicatorId} in run ${req.runId} has no active override to revoke`);
    return store.addOverride({ runId: req.runId, targetId: req.targetId, indicatorId: req.indicatorId, action: 'revoke', score: null, outcome: null, reason, by, at });
  }
  if (req.outcome === undefined || !OUTCOMES.includes(req.outcome as Outcome)) {
    throw new OverrideError(`--outcome must be one of ${OUTCOMES.join(', ')}, got ${req.outcome === undefined ? 'nothing' : `"${req.outcome}"`}`);
  }
  let score: number | null;
  if (req.score === undefined || req.score === null || req.score === '' || req.score === 'null') {
    if (req.outcome !== 'not-applicable' && req.outcome !== 'error') throw new OverrideError('--score is required (0 to 1), or "null" with outcome not-applicable or error');
    score = null;
  } else {
    score = Number(req.score);
    if (!Number.isFinite(score) || score < 0 || score > 1) throw new OverrideError(`--score must be a number from 0 to 1, got "${req.score}"`);
  }
  let value: unknown;
  if (req.valueJson !== undefined) {
    try {
      value = JSON.parse(req.valueJson);
    } catch (err) {
      throw new OverrideError(`--value is not valid JSON (${(err as Error).message}): ${req.valueJson.slice(0, 80)}`);
    }
  }
  return store.addOverride({
    runId: req.runId,
    targetId: req.targetId,
    indicatorId: req.indicatorId,
    action: 'set',
    ...(value === undefined ? {} : { value }),
    score,
    outcome: req.outcome as Outcome,
    reason,
    by,
    at,
  });
}

function activeOverride(entries: readonly StoredOverride[], targetId: string, indicatorId: string): StoredOverride | null {
  const mine = entries.filter((e) => e.targetId === targetId && e.indicatorId === indicatorId);
  const last = mine[mine.length - 1];
  return last && last.action === 'set' ? last : null;
}

function trailEntry(e: StoredOverride): OverrideTrailEntry {
  return {
    action: e.action,
    ...(e.action === 'set' ? { ...(e.value === undefined ? {} : { value: e.value }), score: e.score, outcome: e.outcome ?? 'error' } : {}),
    reason: e.reason,
    by: e.by,
    at: e.at,
  };
}

/**
 * The results as exports and reports show them: each disputed indicator carries `override` (active flag, the measured
 * result, the trail); an active override's value, score and outcome replace the measured ones. Pure; the inputs are
 * not changed.
 */
export function applyOverrides(results: readonly SiteResult[], entries: readonly StoredOverride[]): SiteResult[] {
  if (entries.length === 0) return [...results];
  const byKey = new Map<string, StoredOverride[]>();
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
    const key = `${e.targetId}\u0000${e.indicatorId}`;
    byKey.set(key, [...(byKey.get(key) ?? []), e]);
  }
  return results.map((r) => {
    let indicators: Record<string, IndicatorResult> | null = null;
    for (const [id, measured] of Object.entries(r.indicators)) {
      const trail = byKey.get(`${r.target.id}\u0000${id}`);
      if (!trail) continue;
      const last = trail[trail.length - 1]!;
      const active = last.action === 'set';
      const info = {
        active,
        measured: { value: measured.value, score: measured.score, outcome: measured.outcome, ...(measured.reason ? { reason: measured.reason } : {}) },
        trail: trail.map(trailEntry),
      };
      indicators ??= { ...r.indicators };
      if (active) {
        const { reason: _measuredReason, ...rest } = measured;
        indicators[id] = {
          ...rest,
          value: last.value === undefined ? measured.value : last.value,
          score: last.score,
          outcome: last.outcome ?? measured.outcome,
          ...(last.score === null ? { reason: `overridden by ${last.by}: ${last.reason}` } : {}),
          override: info,
        };
      } else {
        indicators[id] = { ...measured, override: info };
      }
    }
    return indicators ? { ...r, indicators } : r;
  });
}

/** Stored results of a run with the operators' overrides applied: what exports and reports show. */
export async function effectiveResults(store: Store, runId: string): Promise<SiteResult[]> {
  return applyOverrides(await store.results(runId), await store.overrides(runId));
}

/** Indicator ids of a result whose override is active (the CSV's `overridden` column). */
export function overriddenIds(result: SiteResult): string[] {
  return Object.entries(result.indicators)
    .filter(([, r]) => r.override?.active)
    .map(([id]) => id);
}

/** Freezes a sealed run as the official measurement of a year (default: the year the run was created). */
export async function freezeRun(store: Store, req: { runId: string; year?: string | number | undefined; by: string | undefined; reason?: string | undefined; at?: string }): Promise<FrozenRun> {
  const by = req.by?.trim();
  if (!by) throw new OverrideError('--by is required: who froze the run');
  const seal = await store.sealState(req.runId);
  if (!seal) throw new OverrideError(`run "${req.runId}": no such run (see: eindex runs)`);
  if (!seal.sealed) throw new OverrideError(`run "${req.runId}" is not sealed (${seal.terminal}/${seal.targets} sites done): only a sealed run can be frozen`);
  const year = req.year === undefined ? Number(seal.createdAt.slice(0, 4)) : Number(req.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new OverrideError(`--year must be a year such as 2026, got "${req.year}"`);
  const existing = (await store.frozenRuns()).find((f) => f.year === year);
  if (existing) {
    throw new OverrideError(`year ${year} is already frozen to run ${existing.runId} (by ${existing.by} at ${existing.frozenAt}): a year has one official run`);
  }
  const frozen: FrozenRun = { year, runId: req.runId, frozenAt: req.at ?? new Date().toISOString(), by, reason: req.reason?.trim() || 'official measurement of the year' };
  await store.freezeRun(frozen);
  return frozen;
}
