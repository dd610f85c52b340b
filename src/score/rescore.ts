// Recomputes every indicator of a stored run from its saved artifacts: no browser, no network, no Redis.
// Change a keyword list, a threshold or an indicator and re-score a whole night in seconds.
import { runIndicators, type AnyIndicator, type IndicatorOptions } from '../indicators/indicator.ts';
import { INDICATORS } from '../indicators/index.ts';
import type { Store } from '../store/store.ts';

export interface RescoreSummary {
  runId: string;
  rescored: number;
  skipped: { targetId: string; reason: string }[];
}

export async function rescoreRun(store: Store, runId: string, options: IndicatorOptions | undefined, indicators: readonly AnyIndicator[] = INDICATORS): Promise<RescoreSummary> {
  const results = await store.results(runId);
  if (results.length === 0) throw new Error(`run "${runId}" has no stored results (see: eindex runs)`);
  const summary: RescoreSummary = { runId, rescored: 0, skipped: [] };
  for (const result of results) {
    if (result.status !== 'ok') {
      summary.skipped.push({ targetId: result.target.id, reason: `status ${result.status}` });
      continue;
    }
    const artifacts = await store.artifacts(runId, result.target.id);
    if (!artifacts) {
      summary.skipped.push({ targetId: result.target.id, reason: 'no stored artifacts' });
      continue;
    }
    // The audit's own start time, so ages (e.g. of a statement) do not drift with the day of the rescore.
    const now = new Date(result.startedAt);
    await store.updateIndicators(runId, result.target.id, runIndicators(indicators, artifacts, { target: result.target, now }, options));
    summary.rescored++;
  }
  return summary;
}
