#!/usr/bin/env node
// eindex: the command line. Each command is a thin shell around one module function.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, loadScoring, REPO_ROOT, ConfigError, type CrawlConfig } from './config.ts';
import { ChromiumMissingError } from './audit/browser.ts';
import { buildSummary, writeFileAtomic, toCsv, toJsonl, toSummaryJson, writeRunFiles } from './publish/export.ts';
import { INDICATORS } from './indicators/index.ts';
import { createLogger } from './log.ts';
import { rescoreRun } from './score/rescore.ts';
import { newRunId, runAudit, type Progress } from './audit/run.ts';
import { serveSites } from '../dev/site-server.ts';
import { allowHosts } from './audit/egress/index.ts';
import { Store } from './store/store.ts';
import { isServiceCommand, serviceCommand, SERVICE_USAGE } from './service/commands.ts';
import { loadTargets, parseTargets, targetFromUrl, TargetsFileError } from './targets.ts';
import { addOverride, effectiveResults, freezeRun, OverrideError } from './score/overrides.ts';
import { writeReport } from './publish/report/build.ts';
import { SITE_PHASES, type SiteResult, type Target } from './types.ts';

const USAGE = `eindex — automatic indicators of the Latvian e-index (e-indekss)

Usage:
  eindex audit <url>... [options]              audit websites by URL
  eindex audit --targets FILE [--only id,id]   audit the targets in FILE (see targets.json)
  eindex demo [--out DIR]                      audit the bundled demo sites (no network needed)
  eindex rescore <runId>                       recompute indicators from stored artifacts (no browser)
  eindex export <runId> [--format csv|json|aggregates] [--out FILE]
                                               csv: index.csv (scores, levels, indicators); json: results.jsonl;
                                               aggregates: summary.json (coverage, scoring, group shares)
  eindex runs                                  list stored runs
  eindex report <runId> [--site id] [--out DIR] static HTML reports: national overview and one per site
                                               (default out/<runId>/report; Latvian, English beside: *.en.html)
  eindex override <runId> <siteId> <indicatorId> --outcome O --score N [--value JSON] --reason TEXT --by NAME
  eindex override <runId> <siteId> <indicatorId> --revoke --reason TEXT --by NAME
                                               dispute a measured result: exports and reports use the operator's
                                               value, flagged, with the trail; the measured result is kept
  eindex overrides <runId>                     the override trail of a run
  eindex freeze <runId> --by NAME [--year N] [--reason TEXT]   a sealed run as the official one of the year

Audit options:
  --out DIR            write results.jsonl, index.csv and summary.json here (default: out/<runId>)
  --run ID             run id (default: audit-<UTC time>); auditing again into the same run replaces rows
  --max-pages N        pages per site (default: config/crawl.json maxPages)
  --concurrency N      sites audited at once (default: 2)
  --no-lighthouse      skip Lighthouse
  --timings            print where each site's time went (robots, home, role pages, other pages, home collectors,
                       Lighthouse, indicators); every result carries them in "timings" either way
  --ignore-robots      audit pages robots.txt disallows (recorded in the result)
  --config FILE        JSON overrides: { "crawl": {...}, "indicators": { "<id>": {...} } }
Common:
  --db FILE            results store (default: $EINDEX_DATA_DIR/eindex.sqlite, data dir default ./data)
Environment: EINDEX_CHROMIUM (Chromium binary), EINDEX_DATA_DIR, EINDEX_LOG_LEVEL.

${SERVICE_USAGE}`;

class UsageError extends Error {
  override name = 'UsageError';
}

const OPTIONS = {
  targets: { type: 'string' },
  only: { type: 'string' },
  out: { type: 'string' },
  run: { type: 'string' },
  'max-pages': { type: 'string' },
  concurrency: { type: 'string' },
  'no-lighthouse': { type: 'boolean' },
  timings: { type: 'boolean' },
  'ignore-robots': { type: 'boolean' },
  config: { type: 'string' },
  db: { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  // service commands (src/service/commands.ts)
  json: { type: 'boolean' },
  port: { type: 'string' },
  'new-run': { type: 'boolean' },
  'service-config': { type: 'string' },
  'metrics-port': { type: 'string' },
  // report, override, freeze
  site: { type: 'string' },
  value: { type: 'string' },
  score: { type: 'string' },
  outcome: { type: 'string' },
  reason: { type: 'string' },
  by: { type: 'string' },
  revoke: { type: 'boolean' },
  year: { type: 'string' },
} as const;

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number ≥ 1, got "${value}"`);
  return n;
}

function storePath(db: string | undefined): string {
  if (db) return resolve(db);
  return join(resolve(process.env.EINDEX_DATA_DIR ?? join(REPO_ROOT, 'data')), 'eindex.sqlite');
}

function formatMs(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** One line redrawn in place on a terminal; nothing when output goes to a file (the JSON logs say it all). */
function progressPrinter(): ((p: Progress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (p) => {
    const eta = p.etaMs === null ? '' : ` · ETA ${formatMs(p.etaMs)}`;
    const now = p.current.length ? ` · now: ${p.current.join(', ')}` : '';
    const line = `[${p.done}/${p.total}] failed ${p.failed}${eta}${now}`;
    process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns ?? 100) - 1)}`);
    if (p.done === p.total) process.stderr.write('\n');
  };
}

async function audit(values: ParsedValues, positionals: string[], kind = 'audit', preset?: { targets: Target[]; outDir?: string }): Promise<{ runId: string; outDir: string }> {
  const crawlOverrides: Partial<CrawlConfig> = {};
  const maxPages = positiveInt(values['max-pages'], 'max-pages');
  if (maxPages !== undefined) crawlOverrides.maxPages = maxPages;
  if (values['ignore-robots']) crawlOverrides.respectRobots = false;
  if (values['no-lighthouse']) crawlOverrides.lighthouse = { enabled: false } as CrawlConfig['lighthouse'];
  const concurrency = positiveInt(values.concurrency, 'concurrency') ?? 2;
  const config = loadConfig(values.config, crawlOverrides);

  let targets: Target[];
  if (preset) {
    targets = preset.targets;
  } else if (values.targets) {
    if (positionals.length) throw new UsageError('give either URLs or --targets, not both');
    const loaded = await loadTargets(values.targets);
    for (const e of loaded.errors) console.error(`skipped: ${e.message}`);
    for (const w of loaded.warnings) console.error(`warning: ${w.message}`);
    targets = loaded.targets;
    if (values.only) {
      const wanted = values.only.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = wanted.filter((id) => !targets.some((t) => t.id === id));
      if (unknown.length) throw new UsageError(`--only: no target with id ${unknown.map((u) => `"${u}"`).join(', ')} in ${values.targets}`);
      targets = targets.filter((t) => wanted.includes(t.id));
    }
  } else {
    if (positionals.length === 0) throw new UsageError('audit needs URLs or --targets FILE');
    targets = positionals.map((url) => {
      try {
        return targetFromUrl(url);
      } catch (err) {
        throw new UsageError(`"${url}": ${(err as Error).message}`);
      }
    });
  }
  if (targets.length === 0) throw new UsageError('no valid targets to audit');

  const runId = values.run ?? newRunId(kind);
  if (!/^[A-Za-z0-9][\w.-]{0,99}$/.test(runId)) throw new UsageError(`--run "${runId}": use letters, digits, ".", "_" and "-" only`);
  const outDir = resolve(values.out ?? preset?.outDir ?? join('out', runId));
  const log = createLogger(process.stderr.isTTY ? 'error' : undefined);
  const store = new Store(storePath(values.db));
  try {
    log.info({ runId, targets: targets.length, concurrency }, 'run started');
    const onProgress = progressPrinter();
    await runAudit({ runId, kind, targets, config, concurrency, store, log, ...(onProgress ? { onProgress } : {}) });
    // The files hold every site of the run as stored, including sites audited by earlier invocations of this run.
    const results = effectiveResults(store, runId);
    const files = writeRunFiles(outDir, results, INDICATORS);
    log.info({ runId, ...files }, 'run finished');
    printSummary(runId, results, files, store.path);
    if (values.timings) console.log(`\n${formatTimings(results)}`);
  } finally {
    store.close();
  }
  return { runId, outDir };
}

/** Seconds per phase and site, and the share of all audit time each phase took. */
export function formatTimings(results: readonly SiteResult[]): string {
  const s = (ms: number | undefined) => (ms === undefined ? '-' : (ms / 1000).toFixed(1)).padStart(7);
  const head = `  ${'site'.padEnd(22)}${SITE_PHASES.map((p) => p.padStart(Math.max(8, p.length + 1))).join('')}   total`;
  const totals: Record<string, number> = {};
  const rows = results.map((r) => {
    for (const p of SITE_PHASES) totals[p] = (totals[p] ?? 0) + (r.timings?.[p] ?? 0);
    return `  ${r.target.id.slice(0, 21).padEnd(22)}${SITE_PHASES.map((p) => s(r.timings?.[p]).padStart(Math.max(8, p.length + 1))).join('')} ${s(r.durationMs)}`;
  });
  const all = SITE_PHASES.reduce((sum, p) => sum + totals[p]!, 0) || 1;
  const share = `  ${'share of time'.padEnd(22)}${SITE_PHASES.map((p) => `${Math.round((100 * totals[p]!) / all)} %`.padStart(Math.max(8, p.length + 1))).join('')}`;
  const note = '  (rolePages + otherPages, homeCollectors and lighthouse run at once, so a site\'s phases add up to more than its total)';
  return `Timings (seconds):\n${head}\n${rows.join('\n')}\n${share}\n${note}`;
}

function printSummary(runId: string, results: SiteResult[], files: { jsonl: string; csv: string; summary: string }, db: string): void {
  const rows = results.map((r) => {
    const ind = r.indicators;
    const band = (ind.wcag?.value as { band?: string } | null)?.band ?? '-';
    const mobile = (ind.mobile?.value as { mobileFriendly?: boolean } | null)?.mobileFriendly;
    return `  ${r.target.id.padEnd(22)} ${r.status.padEnd(18)} wcag ${band.padEnd(8)} mobile ${mobile === undefined ? '-' : mobile ? 'yes' : 'no'}  ${formatMs(r.durationMs)}`;
  });
  console.log(`Run ${runId}: ${results.length} sites, ${results.filter((r) => r.status !== 'ok').length} not audited\n${rows.join('\n')}`);
  console.log(`\nResults: ${files.jsonl}\nTable:   ${files.csv}\nSummary: ${files.summary}\nStore:   ${db}`);
}

async function demo(values: ParsedValues): Promise<void> {
  allowHosts('127.0.0.1'); // the demo sites are served on loopback, which the egress proxy otherwise refuses
  const sites = await serveSites(join(REPO_ROOT, 'demo', 'sites'));
  try {
    const text = readFileSync(join(REPO_ROOT, 'demo', 'targets.json'), 'utf8').replace(
      /\{\{origin:([\w-]+)\}\}/g,
      (_, name: string) => sites.origins[name] ?? `http://invalid.invalid/${name}`,
    );
    const parsed = parseTargets(text, 'demo/targets.json');
    if (parsed.errors.length) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
    console.log(`Demo: serving ${Object.keys(sites.origins).length} sites on 127.0.0.1 and auditing them.`);
    const { runId, outDir } = await audit(values, [], 'demo', { targets: parsed.targets, outDir: values.out ?? join('out', 'demo') });
    const store = new Store(storePath(values.db));
    try {
      const report = await writeReport(store, runId, join(outDir, 'report'));
      console.log(`\nReports (open in a browser; the site pages are linked from the overview):`);
      console.log(`  National overview: ${report.overview}`);
      console.log(`                     ${pathToFileURL(report.overview).href}`);
      for (const s of report.sites) console.log(`  ${s.id.padEnd(20)} ${s.path}`);
    } finally {
      store.close();
    }
  } finally {
    await sites.close();
  }
}

function rescore(values: ParsedValues, positionals: string[]): void {
  const [runId] = positionals;
  if (!runId) throw new UsageError('rescore needs a run id (see: eindex runs)');
  const store = new Store(storePath(values.db));
  try {
    const summary = rescoreRun(store, runId, loadConfig(values.config).indicators);
    console.log(`Rescored ${summary.rescored} sites of run ${runId}` + (summary.skipped.length ? `; skipped ${summary.skipped.map((s) => `${s.targetId} (${s.reason})`).join(', ')}` : ''));
  } finally {
    store.close();
  }
}

function exportRun(values: ParsedValues, positionals: string[]): void {
  const [runId] = positionals;
  if (!runId) throw new UsageError('export needs a run id (see: eindex runs)');
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'json' && format !== 'aggregates') throw new UsageError(`--format must be csv, json or aggregates, got "${format}"`);
  const store = new Store(storePath(values.db));
  try {
    const results = effectiveResults(store, runId);
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
    store.close();
  }
}

async function report(values: ParsedValues, positionals: string[]): Promise<void> {
  const [runId] = positionals;
  if (!runId) throw new UsageError('report needs a run id (see: eindex runs)');
  const store = new Store(storePath(values.db));
  try {
    if (!store.sealState(runId)) throw new UsageError(`run "${runId}": no such run (see: eindex runs)`);
    if (values.site && !store.getResult(runId, values.site)) throw new UsageError(`--site "${values.site}": no result in run ${runId}`);
    const out = resolve(values.out ?? join('out', runId, 'report'));
    const written = await writeReport(store, runId, out, values.site ? { siteId: values.site } : {});
    console.log(`National overview: ${written.overview}`);
    for (const s of written.sites) console.log(`${s.id.padEnd(24)} ${s.path}`);
  } finally {
    store.close();
  }
}

function override(values: ParsedValues, positionals: string[]): void {
  const [runId, targetId, indicatorId] = positionals;
  if (!runId || !targetId || !indicatorId) throw new UsageError('override needs <runId> <siteId> <indicatorId>');
  const store = new Store(storePath(values.db));
  try {
    const entry = addOverride(
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
    store.close();
  }
}

function listOverrides(values: ParsedValues, positionals: string[]): void {
  const [runId] = positionals;
  if (!runId) throw new UsageError('overrides needs a run id');
  const store = new Store(storePath(values.db));
  try {
    const entries = store.overrides(runId);
    if (values.json) console.log(JSON.stringify(entries, null, 2));
    else if (entries.length === 0) console.log(`No overrides in run ${runId}.`);
    for (const e of values.json ? [] : entries) {
      const what = e.action === 'set' ? `set ${e.outcome} score ${e.score ?? 'null'}${e.value === undefined ? '' : ` value ${JSON.stringify(e.value).slice(0, 60)}`}` : 'revoke';
      console.log(`#${e.seq} ${e.at} ${e.targetId}/${e.indicatorId}: ${what} by ${e.by}: ${e.reason}`);
    }
    for (const f of store.frozenRuns().filter((f) => f.runId === runId)) console.log(`Frozen as the official run of ${f.year} by ${f.by} at ${f.frozenAt}: ${f.reason}`);
  } finally {
    store.close();
  }
}

function freeze(values: ParsedValues, positionals: string[]): void {
  const [runId] = positionals;
  if (!runId) throw new UsageError('freeze needs a run id');
  const store = new Store(storePath(values.db));
  try {
    const f = freezeRun(store, { runId, year: values.year, by: values.by, reason: values.reason });
    console.log(`Run ${f.runId} is the official measurement of ${f.year} (frozen by ${f.by} at ${f.frozenAt}).`);
  } finally {
    store.close();
  }
}

function listRuns(values: ParsedValues): void {
  const store = new Store(storePath(values.db));
  try {
    const runs = store.runs();
    if (runs.length === 0) console.log('No runs stored yet.');
    for (const r of runs) {
      console.log(`${r.runId.padEnd(32)} ${r.kind.padEnd(8)} ${r.createdAt}  ${r.stored}/${r.targets} stored, ${r.failed} not audited${r.finishedAt ? '' : ' (open)'}`);
    }
  } finally {
    store.close();
  }
}

type ParsedValues = ReturnType<typeof parse>['values'];
function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    console.error(`eindex: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  try {
    switch (command) {
      case 'audit':
        await audit(values, rest);
        break;
      case 'demo':
        await demo(values);
        break;
      case 'rescore':
        rescore(values, rest);
        break;
      case 'export':
        exportRun(values, rest);
        break;
      case 'runs':
        listRuns(values);
        break;
      case 'report':
        await report(values, rest);
        break;
      case 'override':
        override(values, rest);
        break;
      case 'overrides':
        listOverrides(values, rest);
        break;
      case 'freeze':
        freeze(values, rest);
        break;
      case 'schedule':
      case 'worker':
      case 'serve':
      case 'run':
      case 'enqueue':
      case 'status':
        if (isServiceCommand(command)) return await serviceCommand(command, values, rest);
        break;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`eindex: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof TargetsFileError || err instanceof ConfigError || err instanceof ChromiumMissingError || err instanceof OverrideError) {
      console.error(`eindex: ${err.message}`);
      return 2;
    }
    console.error(`eindex: ${(err as Error).stack ?? String(err)}`);
    return 1;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
