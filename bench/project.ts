// The project's in-process audit, as a child process of bench/run.ts (so its process tree can be measured alone):
// runAudit (src/audit/run.ts) over the targets with the default config, maxPages set to the corpus's pages per site, a
// SQLite store in a temporary folder, and Playwright instrumented for the profile (bench/instrument.ts).
//   node bench/project.ts <job.json>   (written by bench/run.ts; the result goes to job.out)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { instrument, now, type Recording } from './instrument.ts';
import { loadConfig, type CrawlConfig } from '../src/config.ts';
import { runAudit } from '../src/audit/run.ts';
import { SqliteStore } from '../src/store/store.ts';
import type { IndicatorResult, SiteResult, Target } from '../src/types.ts';
import type { Artifacts } from '../src/artifacts.ts';

export interface ProjectJob {
  targets: Target[];
  concurrency: number;
  maxPages: number;
  /** Extra crawl settings over config/crawl.json (experiments; empty for the benchmark). */
  crawl: Partial<CrawlConfig>;
  /** URL patterns to block (experiments; empty for the benchmark). */
  block: string[];
  dir: string;
  out: string;
}

export interface SiteOutcome {
  id: string;
  status: string;
  message?: string;
  startedAt: number;
  savedAt: number;
  durationMs: number;
  /** The result's own phase timings (SiteResult.timings): the home collectors are one phase, as they run at once. */
  timings: Partial<Record<string, number>>;
  pages: { url: string; status: number; roles: string[]; loadMs: number; textChars: number; error?: string }[];
  axe: { url: string; violations: string[]; incomplete: string[]; error?: string }[];
  lighthouse: { durationMs: number; categories: Record<string, number | null>; runtimeError: string | null } | { error: string } | null;
  indicators: Record<string, Pick<IndicatorResult, 'value' | 'score' | 'outcome'>>;
  /** Collector errors by artifact name. */
  collectorErrors: Record<string, string>;
  /** Screenshots of findings taken for the report, and their summed time (the audit's "site crawled" debug line). */
  screenshots: { n: number; ms: number };
  /** Collector failures tried again (the audit's "trying again" warnings): "collector: reason". */
  retries: string[];
}

export interface ProjectOutput {
  wallMs: number;
  config: CrawlConfig;
  sites: SiteOutcome[];
  recording: Recording;
}

function outcome(result: SiteResult, artifacts: Artifacts | null, savedAt: number, shots: { n: number; ms: number } | undefined, retries: string[]): SiteOutcome {
  const a = artifacts ?? {};
  const pages = a.pages && !('collectorError' in a.pages) ? a.pages : [];
  const axe = a.axe && !('collectorError' in a.axe) ? a.axe : [];
  const lh = a.lighthouse;
  const collectorErrors: Record<string, string> = {};
  for (const [name, value] of Object.entries(a)) {
    if (value && typeof value === 'object' && 'collectorError' in value) collectorErrors[name] = String((value as { collectorError: unknown }).collectorError);
  }
  return {
    id: result.target.id,
    status: result.status,
    ...(result.message ? { message: result.message } : {}),
    startedAt: Date.parse(result.startedAt),
    savedAt,
    durationMs: result.durationMs,
    timings: result.timings ?? {},
    pages: pages.map((p) => ({ url: p.finalUrl, status: p.status, roles: p.roles, loadMs: p.loadMs, textChars: p.text.length, ...(p.error ? { error: p.error } : {}) })),
    axe: axe.map((x) => ({ url: x.url, violations: x.violations.map((v) => v.id), incomplete: x.incomplete.map((v) => v.id), ...(x.error ? { error: x.error } : {}) })),
    lighthouse: !lh
      ? null
      : 'collectorError' in lh
        ? { error: lh.collectorError }
        : { durationMs: lh.durationMs, categories: lh.categories, runtimeError: lh.runtimeError ? `${lh.runtimeError.code}: ${lh.runtimeError.message}` : null },
    indicators: Object.fromEntries(Object.entries(result.indicators).map(([id, r]) => [id, { value: r.value, score: r.score, outcome: r.outcome }])),
    collectorErrors,
    screenshots: shots ?? { n: 0, ms: 0 },
    retries,
  };
}

/** A debug logger that keeps only the audit's per-site screenshot figures and retried collectors (the rest of its
 * lines are dropped). */
function auditLogFigures() {
  const bySite = new Map<string, { n: number; ms: number }>();
  const retries = new Map<string, string[]>();
  const stream = new Writable({
    write(chunk, _enc, cb) {
      const line = String(chunk);
      if (line.includes('"site crawled"')) {
        const e = JSON.parse(line) as { site?: string; screenshots?: number; screenshotMs?: number };
        if (e.site) bySite.set(e.site, { n: e.screenshots ?? 0, ms: e.screenshotMs ?? 0 });
      } else if (line.includes('trying again')) {
        const e = JSON.parse(line) as { site?: string; collector?: string; reason?: string };
        if (e.site) retries.set(e.site, [...(retries.get(e.site) ?? []), `${e.collector}: ${e.reason}`]);
      }
      cb();
    },
  });
  return { log: pino({ level: 'debug' }, stream), bySite, retries };
}

async function main() {
  const jobPath = process.argv[2];
  if (!jobPath) throw new Error('usage: node bench/project.ts <job.json>');
  const job = JSON.parse(readFileSync(jobPath, 'utf8')) as ProjectJob;
  const recording = instrument({ block: job.block });
  const config = loadConfig(undefined, { ...job.crawl, maxPages: job.maxPages });
  const store = new SqliteStore(join(job.dir, 'bench.sqlite'));
  const sites: SiteOutcome[] = [];
  const figures = auditLogFigures();
  const save = store.saveSite.bind(store);
  store.saveSite = async (result, artifacts) => {
    sites.push(outcome(result, artifacts, now(), figures.bySite.get(result.target.id), figures.retries.get(result.target.id) ?? []));
    await save(result, artifacts);
  };
  const started = now();
  await runAudit({ runId: 'bench', kind: 'bench', targets: job.targets, config, concurrency: job.concurrency, store, log: figures.log });
  const wallMs = now() - started;
  await store.close();
  sites.sort((a, b) => (a.id < b.id ? -1 : 1));
  const output: ProjectOutput = { wallMs, config: config.crawl, sites, recording };
  writeFileSync(job.out, JSON.stringify(output));
}

await main();
