// npm run bench -- [--sites S] [--pages P] [--latency MS] [--concurrency N] [--light] [--peers] [--out FILE.json]
//
// --light: the light corpus (bench/corpus-light.ts: a few KB of text a page, no photos, fonts or script library),
// to measure the project's own overhead; the default is the full corpus (bench/corpus.ts). Output and JSON name it.
//
// Generates the corpus (bench/corpus.ts) into a temporary folder, serves every site on its own 127.0.0.1 origin with
// `latency` ms added to every response (dev/site-server.ts), and measures, each as a child process whose whole tree
// is sampled every 200 ms (bench/measure.ts):
//   project   the in-process audit (src/audit/run.ts) with the default config, maxPages = P, at --concurrency
//   check     the same at concurrency 1: the indicator values must be equal (differences are listed)
//   floor     one Chromium, two contexts, every page loaded; then loaded + axe-core (bench/floor.ts)
//   peers     with --peers: pa11y-ci (axe runner, concurrency 2) over every page, then the Lighthouse CLI (mobile;
//             accessibility, best practices, SEO) on every home page (bench/peers.ts)
// Prints a table and the profile of the project run (bench/profile.ts) and writes everything as JSON (--out).
// Experiment flags (not part of the benchmark): --crawl '{"settleMs":500}' overrides config/crawl.json settings,
// --block 'PATTERN,...' blocks URL patterns in the project's pages, --no-check, --no-floor, --keep, --cpu-prof DIR
// (V8 CPU profiles of the project's process, one file per thread, Lighthouse's included, for DevTools or a script).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { generateCorpus, writeCorpus } from './corpus.ts';
import { generateLightCorpus } from './corpus-light.ts';
import { measure, type Measured } from './measure.ts';
import { installPeers, runLighthouseCli, runPa11yCi, type LighthouseCliRun, type Pa11yRun } from './peers.ts';
import { profile, PAGE_STEPS, SITE_STEPS, stat, type Profile } from './profile.ts';
import type { FloorJob, FloorOutput } from './floor.ts';
import type { ProjectJob, ProjectOutput, SiteOutcome } from './project.ts';
import { serveSites } from '../dev/site-server.ts';
import { allowHosts } from '../src/audit/egress/index.ts';
import type { CrawlConfig } from '../src/config.ts';
import { SITE_PHASES, type Target } from '../src/types.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

const { values } = parseArgs({
  options: {
    sites: { type: 'string', default: '20' },
    pages: { type: 'string', default: '10' },
    latency: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '2' },
    light: { type: 'boolean', default: false },
    peers: { type: 'boolean', default: false },
    out: { type: 'string' },
    seed: { type: 'string' },
    crawl: { type: 'string' },
    block: { type: 'string' },
    check: { type: 'boolean', default: true },
    floor: { type: 'boolean', default: true },
    keep: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
  allowNegative: true,
  strict: true,
});

if (values.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}

function positive(name: string, text: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name}: a whole number ≥ ${min}, got "${text}"`);
    process.exit(2);
  }
  return n;
}

const S = positive('sites', values.sites);
const P = positive('pages', values.pages);
const latencyMs = positive('latency', values.latency, 0);
const concurrency = positive('concurrency', values.concurrency);
const crawl = values.crawl ? (JSON.parse(values.crawl) as Partial<CrawlConfig>) : {};
const block = values.block ? values.block.split(',').map((s) => s.trim()).filter(Boolean) : [];
const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

const work = mkdtempSync(join(tmpdir(), 'eindex-bench-'));
const corpusKind = values.light ? 'light' : 'full';
const corpus = (values.light ? generateLightCorpus : generateCorpus)({ sites: S, pages: P, ...(values.seed ? { seed: positive('seed', values.seed, 0) } : {}) });
await writeCorpus(corpus, join(work, 'corpus'));
allowHosts('127.0.0.1'); // fixture sites on loopback (the egress proxy refuses it otherwise)
const served = await serveSites(join(work, 'corpus'), { latencyMs });
const origins: Record<string, string> = {}; // origin -> site id
for (const s of corpus.sites) origins[served.origins[s.id]!] = s.id;
const targets: Target[] = corpus.sites.map((s) => ({ id: s.id, name: s.name, type: s.type, url: `${served.origins[s.id]}/` }));
const allUrls = corpus.sites.flatMap((s) => s.pages.map((p) => `${served.origins[s.id]}${p.path}`));
const homeUrls = targets.map((t) => t.url);
const node = process.execPath;
log(`${corpusKind} corpus: ${S} sites × ${P} pages = ${allUrls.length} pages in ${work}, latency ${latencyMs} ms; ${uptime()}`);

interface Row {
  name: string;
  wallS: number;
  pagesPerMin: number;
  peakMB: number;
  pssMB: number;
  cpuS: number;
  cpuByKind: Record<string, number>;
  pssByKind: Record<string, { mb: number; n: number }>;
  load: [number, number];
  ok: string;
}
const rows: Row[] = [];
const row = (name: string, m: { wallMs: number; peakRssBytes: number; peakPssBytes: number; cpuSeconds: number; cpuByKind?: Record<string, number>; pssByKindAtPeak?: Record<string, { mb: number; n: number }>; load: [number, number] }, pages: number, ok: string): Row => {
  const r = { name, wallS: m.wallMs / 1000, pagesPerMin: pages / (m.wallMs / 60_000), peakMB: m.peakRssBytes / 2 ** 20, pssMB: m.peakPssBytes / 2 ** 20, cpuS: m.cpuSeconds, cpuByKind: m.cpuByKind ?? {}, pssByKind: m.pssByKindAtPeak ?? {}, load: m.load, ok };
  rows.push(r);
  return r;
};

async function runProject(conc: number, tag: string): Promise<{ m: Measured; out: ProjectOutput }> {
  const job: ProjectJob = { targets, concurrency: conc, maxPages: P, crawl, block, dir: join(work, tag), out: join(work, `${tag}.json`) };
  writeFileSync(join(work, `${tag}.job.json`), JSON.stringify(job));
  log(`${tag}: in-process audit, concurrency ${conc} (${uptime()})`);
  const profiling = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(values['cpu-prof'])}`] : [];
  const m = await measure(node, [...profiling, join(HERE, 'project.ts'), join(work, `${tag}.job.json`)], { stderrFile: join(work, `${tag}.stderr`) });
  if (m.exitCode !== 0) throw new Error(`${tag} failed (exit ${m.exitCode ?? m.signal}): ${readFileSync(join(work, `${tag}.stderr`), 'utf8').slice(-2000)}`);
  return { m, out: JSON.parse(readFileSync(job.out, 'utf8')) as ProjectOutput };
}

async function runFloor(axe: boolean): Promise<{ m: Measured; out: FloorOutput }> {
  const tag = axe ? 'floor-axe' : 'floor-load';
  const job: FloorJob = { urls: allUrls, contexts: 2, axe, out: join(work, `${tag}.json`) };
  writeFileSync(join(work, `${tag}.job.json`), JSON.stringify(job));
  log(`${tag} (${uptime()})`);
  const m = await measure(node, [join(HERE, 'floor.ts'), join(work, `${tag}.job.json`)], { stderrFile: join(work, `${tag}.stderr`) });
  if (m.exitCode !== 0) throw new Error(`${tag} failed (exit ${m.exitCode ?? m.signal}): ${readFileSync(join(work, `${tag}.stderr`), 'utf8').slice(-2000)}`);
  return { m, out: JSON.parse(readFileSync(job.out, 'utf8')) as FloorOutput };
}

/** What the corpus promised and the project saw: pages audited per site, planted problems found by axe, text sizes. */
function corpusCheck(out: ProjectOutput) {
  const pagesShort: string[] = [];
  let planted = 0;
  let found = 0;
  const missed: string[] = [];
  for (const spec of corpus.sites) {
    const site = out.sites.find((s) => s.id === spec.id);
    const okPages = site?.pages.filter((p) => !p.error).length ?? 0;
    if (!site || site.status !== 'ok' || okPages !== spec.pages.length) pagesShort.push(`${spec.id}: ${site?.status ?? 'missing'}, ${okPages}/${spec.pages.length} pages`);
    for (const p of spec.planted) {
      planted++;
      const axe = site?.axe.find((a) => new URL(a.url).pathname === p.path);
      if (axe?.violations.includes(p.rule)) found++;
      else missed.push(`${spec.id}${p.path} ${p.rule}`);
    }
  }
  const chars = out.sites.flatMap((s) => s.pages.map((p) => p.textChars));
  return { pagesShort, planted, found, missed, textChars: { min: Math.min(...chars), max: Math.max(...chars) } };
}

type Indicators = SiteOutcome['indicators'];
/** The Lighthouse indicator without its performance value: that value moves with the CPU left over (see README). */
const withoutPerformance = (r: unknown) => {
  const x = structuredClone(r) as { value?: { performance?: unknown } } | undefined;
  if (x?.value) delete x.value.performance;
  return JSON.stringify(x);
};
function compareIndicators(a: ProjectOutput, b: ProjectOutput): { sites: number; equal: number; equalButPerformance: number; differences: string[] } {
  const differences: string[] = [];
  let equal = 0;
  let equalButPerformance = 0;
  for (const sa of a.sites) {
    const sb = b.sites.find((s) => s.id === sa.id);
    if (!sb) {
      differences.push(`${sa.id}: missing in the concurrency-1 run`);
      continue;
    }
    const ids = new Set([...Object.keys(sa.indicators), ...Object.keys(sb.indicators)]);
    let same = true;
    let onlyPerformance = true;
    for (const id of [...ids].sort()) {
      const x = (sa.indicators as Indicators)[id];
      const y = (sb.indicators as Indicators)[id];
      if (JSON.stringify(x) !== JSON.stringify(y)) {
        same = false;
        if (id !== 'lighthouse' || withoutPerformance(x) !== withoutPerformance(y)) onlyPerformance = false;
        differences.push(`${sa.id} ${id}: ${JSON.stringify(x).slice(0, 300)} ≠ ${JSON.stringify(y).slice(0, 300)}`);
      }
    }
    if (same) equal++;
    else if (onlyPerformance) equalButPerformance++;
  }
  return { sites: a.sites.length, equal, equalButPerformance, differences };
}

const fmt = (n: number, d = 1) => n.toFixed(d);
function printTable(pages: number) {
  const head = ['system', 'wall s', 'pages/min', 'peak RSS MB', 'PSS MB', 'CPU s', 'load 1m', 'notes'];
  const lines = rows.map((r) => [r.name, fmt(r.wallS), fmt(r.pagesPerMin), fmt(r.peakMB, 0), fmt(r.pssMB, 0), fmt(r.cpuS), `${fmt(r.load[0], 2)}→${fmt(r.load[1], 2)}`, r.ok]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(`\n${corpusKind} corpus: ${pages} pages (${S} sites × ${P}), latency ${latencyMs} ms, ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 0)} GB RAM`);
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (i === 0 || i === head.length - 1 ? ':' : '-') + '-'.repeat(w) + (i === 0 || i === head.length - 1 ? '-' : ':')).join('|')}|`);
  for (const l of lines) console.log(line(l));
  console.log('\nCPU s by process kind');
  for (const r of rows) {
    const kinds = Object.entries(r.cpuByKind).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${fmt(v)}`);
    if (kinds.length) console.log(`- ${r.name}: ${kinds.join(', ')}`);
  }
  console.log('\nPSS MB by process kind at the peak (processes)');
  for (const r of rows) {
    const kinds = Object.entries(r.pssByKind).sort((a, b) => b[1].mb - a[1].mb).map(([k, v]) => `${k} ${v.mb} (${v.n})`);
    if (kinds.length) console.log(`- ${r.name}: ${kinds.join(', ')}`);
  }
}

/** Each phase of auditSite summed over the sites, from the results' own timings. */
function printPhases(title: string, out: ProjectOutput) {
  const total = out.sites.reduce((n, s) => n + s.durationMs, 0) || 1;
  console.log(`\n${title}\n| phase | per site p50 ms | sum s | share |\n|:--|--:|--:|--:|`);
  for (const phase of SITE_PHASES) {
    const v = out.sites.map((s) => s.timings[phase] ?? 0);
    const st = stat(v);
    console.log(`| ${phase} | ${fmt(st.p50, 0)} | ${fmt(st.sumS)} | ${fmt((100 * st.sumS * 1000) / total, 0)} % |`);
  }
  console.log(`| site (durationMs) | ${fmt(stat(out.sites.map((s) => s.durationMs)).p50, 0)} | ${fmt(total / 1000)} | |`);
  // The report's screenshots are taken on pages already loaded; their cost is measured here, not in a timed test.
  const shots = out.sites.reduce((a, s) => ({ n: a.n + s.screenshots.n, ms: a.ms + s.screenshots.ms }), { n: 0, ms: 0 });
  const phaseSum = out.sites.reduce((n, s) => n + Object.values(s.timings).reduce((a: number, b) => a + (b ?? 0), 0), 0) || 1;
  console.log(`screenshots of findings: ${shots.n} taken in ${fmt(shots.ms / 1000)} s, ${fmt((100 * shots.ms) / phaseSum, 1)} % of the sites' summed phase time`);
}

function printProfile(title: string, p: Profile) {
  console.log(`\n${title}`);
  console.log('| per page (ms) | n | p50 | p90 | mean | sum s |\n|:--|--:|--:|--:|--:|--:|');
  for (const s of PAGE_STEPS) {
    const x = p.page[s];
    console.log(`| ${s} | ${x.n} | ${fmt(x.p50, 0)} | ${fmt(x.p90, 0)} | ${fmt(x.mean, 0)} | ${fmt(x.sumS)} |`);
  }
  console.log('| per site (ms) | n | p50 | p90 | mean | sum s | share |\n|:--|--:|--:|--:|--:|--:|--:|');
  for (const s of SITE_STEPS) {
    const x = p.site[s];
    console.log(`| ${s} | ${x.n} | ${fmt(x.p50, 0)} | ${fmt(x.p90, 0)} | ${fmt(x.mean, 0)} | ${fmt(x.sumS)} | ${s === 'site' ? '' : `${fmt(100 * (p.share[s] ?? 0), 0)} %`} |`);
  }
  console.log('(the phone view runs beside motion, keyboard and textResize, which share the crawl\'s home page one after the other: home includes them; the phase table above has their wall time)');
  console.log(`role-path probes per site: mean ${fmt(p.probesPerSite.mean)}, max ${p.probesPerSite.p90 /* p90 is enough */}`);
}

const report: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, model: cpus()[0]?.model, memGB: totalmem() / 2 ** 30, node: process.version, uptimeBefore: uptime() },
  corpus: { kind: corpusKind, sites: S, pages: P, totalPages: allUrls.length, latencyMs, seed: corpus.options.seed, statements: corpus.sites.filter((s) => s.hasStatement).length, planted: corpus.sites.reduce((n, s) => n + s.planted.length, 0) },
  concurrency,
  experiment: { crawl, block },
};

try {
  const project = await runProject(concurrency, 'project');
  const check = corpusCheck(project.out);
  const prof = profile(project.out, origins, corpus.sites);
  // A site can be "ok" with Lighthouse not measured: count those apart, a faster run must not hide failed measurements.
  const unscored = (lh: SiteOutcome['lighthouse']): string | null => {
    if (!lh) return 'not run';
    if ('error' in lh) return lh.error;
    if (lh.runtimeError) return lh.runtimeError;
    const missing = ['accessibility', 'bestPractices', 'seo'].filter((k) => typeof lh.categories[k] !== 'number');
    return missing.length ? `no score for ${missing.join(', ')}` : null;
  };
  const lighthouseScored = project.out.sites.filter((s) => unscored(s.lighthouse) === null).length;
  const lighthouseRetried = project.out.sites.filter((s) => s.retries.some((r) => r.startsWith('lighthouse:'))).length;
  row(`project (in process, concurrency ${concurrency})`, project.m, allUrls.length, `${project.out.sites.filter((s) => s.status === 'ok').length}/${S} sites ok; Lighthouse scored ${lighthouseScored}/${S}${lighthouseRetried ? ` (${lighthouseRetried} on a retry)` : ''}; planted ${check.found}/${check.planted} found`);
  // Why a run went unscored, in the log as well as the JSON: a run that is not repeated cannot be asked again.
  for (const s of project.out.sites) {
    const why = unscored(s.lighthouse);
    if (why) log(`Lighthouse unscored on ${s.id} (${s.status}): ${why}`);
    for (const r of s.retries) log(`tried again on ${s.id}: ${r}`);
  }
  report.project = { ...project.m, inProcessWallMs: project.out.wallMs, config: project.out.config, corpusCheck: check, profile: prof, sites: project.out.sites.map(siteSummary) };

  if (values.check) {
    const one = await runProject(1, 'check');
    const cmp = compareIndicators(project.out, one.out);
    row('project, concurrency 1 (check)', one.m, allUrls.length, `indicators equal on ${cmp.equal}/${cmp.sites} sites, on ${cmp.equal + cmp.equalButPerformance} but the Lighthouse performance value`);
    report.check = { ...one.m, comparison: cmp, profile: profile(one.out, origins, corpus.sites) };
  }

  let floorAxe: Measured | null = null;
  if (values.floor) {
    const load = await runFloor(false);
    row('floor: load only (1 Chromium, 2 contexts)', load.m, allUrls.length, `${load.out.pages.filter((p) => !p.error).length}/${allUrls.length} loaded`);
    const axe = await runFloor(true);
    floorAxe = axe.m;
    const axeStat = stat(axe.out.pages.map((p) => p.axeMs));
    row('floor: load + axe-core', axe.m, allUrls.length, `axe p50 ${fmt(axeStat.p50 / 1000, 2)} s/page`);
    report.floor = { loadOnly: { ...load.m, load: stat(load.out.pages.map((p) => p.loadMs)) }, axe: { ...axe.m, load: stat(axe.out.pages.map((p) => p.loadMs)), axeMs: axeStat } };
  }

  let pa11y: Pa11yRun | null = null;
  let lh: LighthouseCliRun | null = null;
  if (values.peers) {
    const installed = installPeers(log);
    log(`pa11y-ci over ${allUrls.length} pages (${uptime()})`);
    pa11y = await runPa11yCi(installed.dir, work, allUrls);
    row('pa11y-ci (axe runner, concurrency 2)', pa11y, allUrls.length, `${pa11y.tested}/${pa11y.pages} pages reported`);
    log(`Lighthouse CLI on ${homeUrls.length} home pages (${uptime()})`);
    lh = await runLighthouseCli(installed.dir, work, homeUrls);
    row(`Lighthouse CLI (${homeUrls.length} home pages, mobile)`, lh, homeUrls.length, `${lh.scored}/${lh.pages} scored; ${fmt(stat(lh.perPageMs).p50 / 1000)} s each`);
    const together = { wallMs: pa11y.wallMs + lh.wallMs, peakRssBytes: Math.max(pa11y.peakRssBytes, lh.peakRssBytes), peakPssBytes: Math.max(pa11y.peakPssBytes, lh.peakPssBytes), cpuSeconds: pa11y.cpuSeconds + lh.cpuSeconds, load: [pa11y.load[0], lh.load[1]] as [number, number] };
    row('peers together (pa11y-ci, then Lighthouse CLI)', together, allUrls.length, 'the work a user would otherwise run');
    report.peers = { versions: installed.versions, pa11yCi: pa11y, lighthouseCli: lh, together };
  }

  printTable(allUrls.length);
  const ratios: Record<string, number> = {};
  if (floorAxe) {
    ratios.projectOverFloor = project.m.wallMs / floorAxe.wallMs;
    console.log(`\nproject / floor (load + axe), wall: ${fmt(ratios.projectOverFloor, 2)}×  (target ≤ 1.3×)`);
  }
  if (pa11y && lh) {
    ratios.peersOverProject = (pa11y.wallMs + lh.wallMs) / project.m.wallMs;
    console.log(`peers / project, wall: ${fmt(ratios.peersOverProject, 2)}×  (the project's throughput is ${fmt(ratios.peersOverProject, 2)}× the peers'; target ≥ 5×)`);
  }
  console.log(`peak memory of the project's process tree: RSS ${fmt(project.m.peakRssBytes / 2 ** 20, 0)} MB, PSS ${fmt(project.m.peakPssBytes / 2 ** 20, 0)} MB (target ≤ 2048 MB)`);
  const c = check;
  console.log(
    `corpus check: ${c.pagesShort.length === 0 ? `all ${P} pages audited on every site` : `short: ${c.pagesShort.join('; ')}`}; planted WCAG problems found by axe ${c.found}/${c.planted}${c.missed.length ? ` (missed: ${c.missed.join(', ')})` : ''}; page text ${fmt(c.textChars.min / 1000)}–${fmt(c.textChars.max / 1000)} k chars`,
  );
  const cmp = (report.check as { comparison?: ReturnType<typeof compareIndicators> } | undefined)?.comparison;
  if (cmp) {
    console.log(
      `indicator values, concurrency ${concurrency} vs 1: ${cmp.differences.length === 0 ? `equal on all ${cmp.sites} sites` : `equal on ${cmp.equal}/${cmp.sites} sites; on ${cmp.equal + cmp.equalButPerformance}/${cmp.sites} all but the Lighthouse performance value; ${cmp.differences.length} differences:\n  ${cmp.differences.join('\n  ')}`}`,
    );
  }
  printPhases(`Site phases of the project run (SiteResult.timings; concurrency ${concurrency})`, project.out);
  printProfile(`Profile of the project run (concurrency ${concurrency}; times include waiting for the 2 cores)`, prof);
  if (report.check) printProfile('Profile at concurrency 1', (report.check as { profile: Profile }).profile);
  report.table = rows;
  report.ratios = ratios;
  report.uptimeAfter = uptime();
  const outFile = values.out ? resolve(values.out) : join(work, 'bench.json');
  writeFileSync(outFile, JSON.stringify(report, null, 2));
  console.log(`\nJSON: ${outFile}`);
} finally {
  await served.close();
  if (!values.keep && values.out) rmSync(work, { recursive: true, force: true });
  else log(`work folder kept: ${work}`);
}

function siteSummary(s: SiteOutcome) {
  return {
    id: s.id,
    status: s.status,
    durationMs: s.durationMs,
    pages: s.pages.length,
    pageErrors: s.pages.filter((p) => p.error).map((p) => `${p.url}: ${p.error}`),
    lighthouse: s.lighthouse,
    collectorErrors: s.collectorErrors,
    retries: s.retries,
    screenshots: s.screenshots,
    indicators: Object.fromEntries(Object.entries(s.indicators).map(([id, r]) => [id, { score: r.score, outcome: r.outcome }])),
  };
}

