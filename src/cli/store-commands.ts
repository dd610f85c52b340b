// The commands on stored runs: rescore, export, report, override(s), freeze, runs.
import { join, resolve } from 'node:path';
import { loadConfig, loadScoring } from '../config.ts';
import { buildSummary, writeFileAtomic, toCsv, toJsonl, toSummaryJson } from '../publish/export.ts';
import { INDICATORS } from '../indicators/index.ts';
import { rescoreRun } from '../score/rescore.ts';
import { openStore } from '../store/store.ts';
import { addOverride, effectiveResults, freezeRun } from '../score/overrides.ts';
import { writeReport } from '../publish/report/build.ts';
import { storePath, UsageError, type ParsedValues } from './args.ts';

export async function rescore(values: ParsedValues, positionals: string[]): Promise<void> {
  const [runId] = positionals;
  if (!runId) throw new UsageError('rescore needs a run id (see: eindex runs)');
  const store = await openStore(storePath(values.db));
  try {
    const summary = await rescoreRun(store, runId, loadConfig(values.config).indicators);
    console.log(`Rescored ${summary.rescored} sites of run ${runId}` + (summary.skipped.length ? `; skipped ${summary.skipped.map((s) => `${s.targetId} (${s.reason})`).join(', ')}` : ''));
  } finally {
    await store.close();
  }
}

export async function exportRun(values: ParsedValues, positionals: string[]): Promise<void> {
  const [runId] = positionals;
  if (!runId) throw new UsageError('export needs a run id (see: eindex runs)');
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'json' && format !== 'aggregates') throw new UsageError(`--format must be csv, json or aggregates, got "${format}"`);
  const store = await openStore(storePath(values.db));
  try {
    const results = await effectiveResults(store, runId);
    if (results.length === 0) throw new UsageError(`run "${runId}" has no stored results (see: eindex runs)`);
    // Scores are computed here, from the stored indicators and today's config/scoring.json: change a weight or a
    // threshold and export again.
    const text =
      format === 'json'
        ? toJsonl(results)
        : format === 'csv'
          ? toCsv(results, INDICATORS, loadScoring(INDICATORS))
          : toSummaryJson(buildSummary(runId, results, INDICATORS, loadScoring(INDICATORS)));
    if (values.out) {
      writeFileAtomic(resolve(values.out), text);
      console.error(`Wrote ${results.length} sites to ${resolve(values.out)}`);
    } else {
      process.stdout.write(text);
    }
  } finally {
    await store.close();
  }
}

export async function report(values: ParsedValues, positionals: string[]): Promise<void> {
  const [runId] = positionals;
  if (!runId) throw new UsageError('report needs a run id (see: eindex runs)');
  const store = await openStore(storePath(values.db));
  try {
    if (!(await store.sealState(runId))) throw new UsageError(`run "${runId}": no such run (see: eindex runs)`);
    if (values.site && !(await store.getResult(runId, values.site))) throw new UsageError(`--site "${values.site}": no result in run ${runId}`);
    const out = resolve(values.out ?? join('out', runId, 'report'));
    const written = await writeReport(store, runId, out, values.site ? { siteId: values.site } : {});
    console.log(`National overview: ${written.overview}`);
    for (const s of written.sites) console.log(`${s.id.padEnd(24)} ${s.path}`);
  } finally {
    await store.close();
  }
}

export async function override(values: ParsedValues, positionals: string[]): Promise<void> {
  const [runId, targetId, indicatorId] = positionals;
  if (!runId || !targetId || !indicatorId) throw new UsageError('override needs <runId> <siteId> <indicatorId>');
  const store = await openStore(storePath(values.db));
  try {
    const entry = await addOverride(
      store,
      { runId, targetId, indicatorId, action: values.revoke ? 'revoke' : 'set', valueJson: values.value, score: values.score, outcome: values.outcome, reason: values.reason, by: values.by },
      INDICATORS,
    );
    console.log(
      entry.action === 'revoke'
        ? `Override of ${targetId}/${indicatorId} in ${runId} revoked by ${entry.by}: the measured result applies again.`
        : `Override #${entry.seq}: ${targetId}/${indicatorId} in ${runId} is now ${entry.outcome} (score ${entry.score ?? 'null'}) by ${entry.by}. The measured result is kept in the trail.`,
    );
  } finally {
    await store.close();
  }
}

export async function listOverrides(values: ParsedValues, positionals: string[]): Promise<void> {
  const [runId] = positionals;
  if (!runId) throw new UsageError('overrides needs a run id');
  const store = await openStore(storePath(values.db));
  try {
    const entries = await store.overrides(runId);
    if (values.json) console.log(JSON.stringify(entries, null, 2));
    else if (entries.length === 0) console.log(`No overrides in run ${runId}.`);
    for (const e of values.json ? [] : entries) {
      const what = e.action === 'set' ? `set ${e.outcome} score ${e.score ?? 'null'}${e.value === undefined ? '' : ` value ${JSON.stringify(e.value).slice(0, 60)}`}` : 'revoke';
      console.log(`#${e.seq} ${e.at} ${e.targetId}/${e.indicatorId}: ${what} by ${e.by}: ${e.reason}`);
    }
    for (const f of (await store.frozenRuns()).filter((f) => f.runId === runId)) console.log(`Frozen as the official run of ${f.year} by ${f.by} at ${f.frozenAt}: ${f.reason}`);
  } finally {
    await store.close();
  }
}

export async function freeze(values: ParsedValues, positionals: string[]): Promise<void> {
  const [runId] = positionals;
  if (!runId) throw new UsageError('freeze needs a run id');
  const store = await openStore(storePath(values.db));
  try {
    const f = await freezeRun(store, { runId, year: values.year, by: values.by, reason: values.reason });
    console.log(`Run ${f.runId} is the official measurement of ${f.year} (frozen by ${f.by} at ${f.frozenAt}).`);
  } finally {
    await store.close();
  }
}

export async function listRuns(values: ParsedValues): Promise<void> {
  const store = await openStore(storePath(values.db));
  try {
    const runs = await store.runs();
    if (runs.length === 0) console.log('No runs stored yet.');
    for (const r of runs) {
      console.log(`${r.runId.padEnd(32)} ${r.kind.padEnd(8)} ${r.createdAt}  ${r.stored}/${r.targets} stored, ${r.failed} not audited${r.finishedAt ? '' : ' (open)'}`);
    }
  } finally {
    await store.close();
  }
}
