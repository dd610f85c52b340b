// The reports of a run as a set of static files (relative links only, so they open from disk and through the API):
//   index.html, index.en.html               national overview (Latvian, English)
//   sites/<id>.html, sites/<id>.en.html     institution reports
//   sites/<id>.lighthouse.html              Lighthouse's own HTML report (English), when the run has one (from the store)
//   shots/<id>/<name>.png                   screenshots of WCAG and mobile findings (from the store)
//   data/index.csv, results.jsonl, summary.json   the exports, with overrides applied
//   assets/report.css, report.js, chart.umd.min.js (Chart.js, copied from node_modules: no network)
// buildReport() returns the files; writeReport() writes them; `eindex serve` serves them from memory.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aggregateRun } from '../../score/aggregate.ts';
import { loadScoring } from '../../config.ts';
import { buildSummary, toCsv, toJsonl, toSummaryJson } from '../export.ts';
import type { AnyIndicator } from '../../indicators/indicator.ts';
import { INDICATORS } from '../../indicators/index.ts';
import { applyOverrides, effectiveResults } from '../../score/overrides.ts';
import { scoreSite, type Scoring, type SiteScores } from '../../score/score.ts';
import type { Store } from '../../store/store.ts';
import { type SiteResult } from '../../types.ts';
import { isCollectorError, type AxePage } from '../../artifacts.ts';
import type { Lang } from './html.ts';
import { renderOverview, type TrendPoint } from './overview.ts';
import { diffProblems, problemsOf, renderSiteReport, type ShotSize, type SiteChanges } from './site.ts';
import { topFixes } from './top-fixes.ts';
import type { SiteTrendPoint } from './site-trend.ts';

const require = createRequire(import.meta.url);
const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'assets');
/** The UMD build beside the package's CommonJS entry (dist/): "exports" does not list it. */
const chartJsPath = (): string => join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
const LANGS: Lang[] = ['lv', 'en'];
/** Runs shown in the trend, newest last. */
const TREND_RUNS = 24;

export interface ReportOptions {
  /** Only this site's report (and the overview). */
  siteId?: string;
  indicators?: readonly AnyIndicator[];
  scoring?: Scoring;
  /** Put Lighthouse's reports into the files (default true, for the disk). The API leaves them out and serves them
   * from the store: each is ~0.3 MB or more, and a run's would fill its report cache. The links are there either way. */
  lighthouseFiles?: boolean;
}

export interface ReportFiles {
  runId: string;
  /** Relative path → content. */
  files: Map<string, string | Buffer>;
  sites: string[];
}

/** A PNG's size from its IHDR chunk (bytes 16–23): the report's <img> gets width and height, so nothing jumps. */
export function pngSize(png: Buffer): ShotSize | null {
  if (png.length < 24 || png.readUInt32BE(12) !== 0x49484452) return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The site a `sites/<id>.lighthouse.html` path names, or null for any other path. */
export function lighthouseReportSite(file: string): string | null {
  return /^sites\/([a-z0-9][a-z0-9-]*)\.lighthouse\.html$/.exec(file)?.[1] ?? null;
}

/** A site's stored Lighthouse HTML report, decompressed, or null when the run has none. */
export async function lighthouseReportFile(store: Store, runId: string, siteId: string): Promise<Buffer | null> {
  const gz = await store.lighthouseReport(runId, siteId);
  return gz && gunzipReport(gz, runId, siteId);
}

function gunzipReport(gz: Buffer, runId: string, siteId: string): Buffer {
  try {
    return gunzipSync(gz);
  } catch (err) {
    throw new Error(`run "${runId}", site "${siteId}": the stored Lighthouse report is not valid gzip (${(err as Error).message})`, { cause: err });
  }
}

/** The run's previous result for a site: the newest earlier run (by creation time) where it was audited. */
async function previousResult(store: Store, runId: string, createdAt: string, siteId: string): Promise<{ runId: string; createdAt: string; result: SiteResult } | null> {
  for (const run of await store.runs()) {
    if (run.runId === runId || run.createdAt >= createdAt) continue;
    const r = await store.getResult(run.runId, siteId);
    if (r && r.status === 'ok') return { runId: run.runId, createdAt: run.createdAt, result: applyOverrides([r], await store.overrides(run.runId))[0]! };
  }
  return null;
}

/** The trend of the run's kind (all audited sites) and each site's own overall score across the same runs. */
async function trendOf(
  store: Store,
  current: { runId: string; createdAt: string },
  scoring: Scoring,
  indicators: readonly AnyIndicator[],
): Promise<{ trend: TrendPoint[]; bySite: Map<string, SiteTrendPoint[]> }> {
  // Runs of the same kind up to this one (a demo run is not compared with nightly runs), oldest first.
  const kind = (await store.sealState(current.runId))?.kind;
  const runs = (await store.runs())
    .filter((r) => r.createdAt <= current.createdAt && (kind === undefined || r.kind === kind) && r.stored > 0)
    .slice(0, TREND_RUNS)
    .reverse();
  const bySite = new Map<string, SiteTrendPoint[]>();
  const trend: TrendPoint[] = [];
  for (const run of runs) {
    const results = await effectiveResults(store, run.runId);
    for (const r of results) {
      const o = scoreSite(r, scoring).overall;
      bySite.set(r.target.id, [...(bySite.get(r.target.id) ?? []), { runId: run.runId, createdAt: run.createdAt, score: o.score, level: o.level }]);
    }
    const all = aggregateRun(results, scoring, indicators).groups.find((g) => g.id === 'all')!;
    const d = all.levels.overall;
    const at35 = d.levels['3'].count + d.levels['4'].count + d.levels['5'].count;
    trend.push({ runId: run.runId, createdAt: run.createdAt, audited: all.audited, mean: d.mean, share35: d.n ? Math.round((at35 / d.n) * 10000) / 10000 : null });
  }
  return { trend, bySite };
}

export async function buildReport(store: Store, runId: string, opts: ReportOptions = {}): Promise<ReportFiles> {
  const indicators = opts.indicators ?? INDICATORS;
  const scoring = opts.scoring ?? loadScoring(indicators);
  const seal = await store.sealState(runId);
  if (!seal) throw new Error(`run "${runId}": no such run`);
  const results = await effectiveResults(store, runId);
  const files = new Map<string, string | Buffer>();
  const scores = new Map<string, SiteScores>(results.map((r) => [r.target.id, scoreSite(r, scoring)]));
  const frozen = (await store.frozenRuns()).find((f) => f.runId === runId) ?? null;
  const trends = await trendOf(store, { runId, createdAt: seal.createdAt }, scoring, indicators);

  const overviewInput = {
    runId,
    runCreatedAt: seal.createdAt,
    sealed: seal.sealed,
    frozen,
    results,
    scores,
    aggregates: aggregateRun(results, scoring, indicators),
    indicators,
    trend: trends.trend,
  };
  for (const lang of LANGS) files.set(lang === 'lv' ? 'index.html' : 'index.en.html', renderOverview(overviewInput, lang).html);

  const sites = opts.siteId ? results.filter((r) => r.target.id === opts.siteId) : results;
  for (const result of sites) {
    const id = result.target.id;
    const artifacts = await store.artifacts(runId, id);
    const axe = artifacts?.axe && !isCollectorError(artifacts.axe) ? (artifacts.axe as AxePage[]) : null;
    const shots = new Map<string, ShotSize | null>();
    for (const name of await store.screenshotNames(runId, id)) {
      const png = await store.screenshot(runId, id, name);
      if (png) {
        files.set(`shots/${id}/${name}`, png);
        shots.set(name, pngSize(png));
      }
    }
    const lighthouseReport = await store.lighthouseReport(runId, id);
    if (lighthouseReport && opts.lighthouseFiles !== false) files.set(`sites/${id}.lighthouse.html`, gunzipReport(lighthouseReport, runId, id));
    const prev = result.status === 'ok' ? await previousResult(store, runId, seal.createdAt, id) : null;
    let changes: SiteChanges | null = null;
    if (prev) {
      const d = diffProblems(problemsOf(prev.result, indicators), problemsOf(result, indicators));
      changes = { previousRunId: prev.runId, previousAt: prev.createdAt, added: d.added, fixed: d.fixed };
    }
    const input = { runId, runCreatedAt: seal.createdAt, sealed: seal.sealed, result, scores: scores.get(id)!, indicators, axe, shots, changes, fixes: topFixes(result, scoring, indicators), trend: trends.bySite.get(id) ?? [], lighthouseReport: lighthouseReport ? `${encodeURIComponent(id)}.lighthouse.html` : null };
    for (const lang of LANGS) files.set(`sites/${id}${lang === 'lv' ? '' : '.en'}.html`, renderSiteReport(input, lang));
  }

  files.set('data/index.csv', toCsv(results, indicators, scoring));
  files.set('data/results.jsonl', toJsonl(results));
  // generatedAt = the run's last change, so the same data gives the same bytes (and ETag).
  files.set('data/summary.json', toSummaryJson(buildSummary(runId, results, indicators, scoring, (await store.lastChange(runId)) ?? seal.createdAt)));
  files.set('assets/report.css', readFileSync(join(ASSETS_DIR, 'report.css'), 'utf8'));
  files.set('assets/report.js', readFileSync(join(ASSETS_DIR, 'report.js'), 'utf8'));
  files.set('assets/chart.umd.min.js', readFileSync(chartJsPath(), 'utf8'));
  return { runId, files, sites: sites.map((r) => r.target.id) };
}

export interface WrittenReport {
  dir: string;
  overview: string;
  sites: { id: string; path: string }[];
}

/** Writes the reports into outDir (its sites/, shots/, data/ and assets/ are replaced; other files are left alone). */
export async function writeReport(store: Store, runId: string, outDir: string, opts: ReportOptions = {}): Promise<WrittenReport> {
  const report = await buildReport(store, runId, opts);
  if (!opts.siteId) for (const sub of ['sites', 'shots', 'data', 'assets']) rmSync(join(outDir, sub), { recursive: true, force: true });
  for (const [path, content] of report.files) {
    const full = join(outDir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return {
    dir: outDir,
    overview: join(outDir, 'index.html'),
    sites: report.sites.map((id) => ({ id, path: join(outDir, 'sites', `${id}.html`) })),
  };
}
