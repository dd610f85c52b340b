// The project's in-process audit, as a child process of bench/run.ts (so its process tree can be measured alone):
// runAudit (src/run.ts) over the targets with the default config, maxPages set to the corpus's pages per site, a
// SQLite store in a temporary folder, and Playwright instrumented for the profile (bench/instrument.ts).
//   node bench/project.ts <job.json>   (written by bench/run.ts; the result goes to job.out)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { instrument, now, type Recording } from './instrument.ts';
import { loadConfig, type CrawlConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { runAudit } from '../src/run.ts';
import { Store } from '../src/store.ts';
import type { Artifacts, IndicatorResult, SiteResult, Target } from '../src/types.ts';

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
}

export interface ProjectOutput {
  wallMs: number;
  config: CrawlConfig;
  sites: SiteOutcome[];
  recording: Recording;
}

function outcome(result: SiteResult, artifacts: Artifacts | null, savedAt: number): SiteOutcome {
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
        : { durationMs: lh.durationMs, categories: lh.categories, runtimeError: lh.runtimeError?.code ?? null },
    indicators: Object.fromEntries(Object.entries(result.indicators).map(([id, r]) => [id, { value: r.value, score: r.score, outcome: r.outcome }])),
    collectorErrors,
  };
}

async function main() {
  const jobPath = process.argv[2];
  if (!jobPath) throw new Error('usage: node bench/project.ts <job.json>');
  const job = JSON.parse(readFileSync(jobPath, 'utf8')) as ProjectJob;
  const recording = instrument({ block: job.block });
  const config = loadConfig(undefined, { ...job.crawl, maxPages: job.maxPages });
  const store = new Store(join(job.dir, 'bench.sqlite'));
  const sites: SiteOutcome[] = [];
  const save = store.saveSite.bind(store);
  store.saveSite = (result, artifacts) => {
    sites.push(outcome(result, artifacts, now()));
    save(result, artifacts);
  };
  const started = now();
  await runAudit({ runId: 'bench', kind: 'bench', targets: job.targets, config, concurrency: job.concurrency, store, log: silentLogger });
  const wallMs = now() - started;
  store.close();
  sites.sort((a, b) => (a.id < b.id ? -1 : 1));
  const output: ProjectOutput = { wallMs, config: config.crawl, sites, recording };
  writeFileSync(job.out, JSON.stringify(output));
}

await main();
