// eindex audit and eindex demo: sites audited in this process (no queue), results written to files and the store.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, REPO_ROOT, type CrawlConfig } from '../config.ts';
import { writeRunFiles } from '../publish/export.ts';
import { INDICATORS } from '../indicators/index.ts';
import { createLogger } from '../log.ts';
import { newRunId, runAudit, type Progress } from '../audit/run.ts';
import { serveSites } from '../../dev/site-server.ts';
import { allowHosts } from '../audit/egress/index.ts';
import { openStore } from '../store/store.ts';
import { loadTargets, parseTargets, targetFromUrl } from '../targets.ts';
import { effectiveResults } from '../score/overrides.ts';
import { writeReport } from '../publish/report/build.ts';
import { SITE_PHASES, type SiteResult, type Target } from '../types.ts';
import { formatMs, positiveInt, storePath, UsageError, type ParsedValues } from './args.ts';

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

export async function audit(values: ParsedValues, positionals: string[], kind = 'audit', preset?: { targets: Target[]; outDir?: string }): Promise<{ runId: string; outDir: string }> {
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
  const store = await openStore(storePath(values.db));
  try {
    log.info({ runId, targets: targets.length, concurrency }, 'run started');
    const onProgress = progressPrinter();
    await runAudit({ runId, kind, targets, config, concurrency, store, log, ...(onProgress ? { onProgress } : {}) });
    // The files hold every site of the run as stored, including sites audited by earlier invocations of this run.
    const results = await effectiveResults(store, runId);
    const files = writeRunFiles(outDir, results, INDICATORS);
    log.info({ runId, ...files }, 'run finished');
    printSummary(runId, results, files, store.path);
    if (values.timings) console.log(`\n${formatTimings(results)}`);
  } finally {
    await store.close();
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

export async function demo(values: ParsedValues): Promise<void> {
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
    const store = await openStore(storePath(values.db));
    try {
      const report = await writeReport(store, runId, join(outDir, 'report'));
      console.log(`\nReports (open in a browser; the site pages are linked from the overview):`);
      console.log(`  National overview: ${report.overview}`);
      console.log(`                     ${pathToFileURL(report.overview).href}`);
      for (const s of report.sites) console.log(`  ${s.id.padEnd(20)} ${s.path}`);
    } finally {
      await store.close();
    }
  } finally {
    await sites.close();
  }
}
