// The queued run of the held-out style (issue 14), end to end on this machine: 11 sites on 127.0.0.1 (ordinary small
// sites, one that answers every request after 8 s, one whose home page redirects, one whose home page answers 404,
// one whose robots.txt disallows everything: test/helpers/soak-sites.ts), a private redis-server, the store writer in
// this process on a SQLite store, N `eindex worker` processes with the default configuration (Lighthouse on) and the
// production service settings (config/service.json). With --kill, one worker that has audits in flight is SIGKILLed
// after the first results land, and no replacement is started: the others must take its sites over.
//
//   npm run soak -- [--workers 2] [--kill] [--sites 11] [--pages 5] [--timeout-min 25] [--slow-ms 8000] [--keep]
//
// Prints whether the run sealed, its wall time, the results per site (exactly one per target), each site's status,
// and for every audited site (status ok) the indicators whose outcome is `error` with their reasons, then
// `indicators error on audited sites: N`. Exit code 0 only when the run sealed with one result per site and N = 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { allowHosts } from '../src/audit/egress/index.ts';
import { silentLogger } from '../src/log.ts';
import { openRun, Queues, type QueueEnv } from '../src/service/queue.ts';
import { loadServiceConfig } from '../src/service/service-config.ts';
import { startStoreWriter } from '../src/service/store-writer.ts';
import { SqliteStore } from '../src/store/store.ts';
import type { SiteResult } from '../src/types.ts';
import { serveSites } from '../dev/site-server.ts';
import { chromiumOf, logEntries, startCli, startRedisServer, stillAlive, queueProcessEnv, waitForLine, type Proc, type ProcInfo } from '../test/helpers/procs.ts';
import { soakTargets, writeSoakSites } from '../test/helpers/soak-sites.ts';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    kill: { type: 'boolean', default: false },
    sites: { type: 'string', default: '11' },
    pages: { type: 'string', default: '5' },
    'timeout-min': { type: 'string', default: '25' },
    'slow-ms': { type: 'string', default: '8000' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
function whole(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    console.error(`soak: --${name} must be a whole number ≥ ${min}, got "${text}"`);
    process.exit(2);
  }
  return n;
}
const WORKERS = whole('workers', values.workers, values.kill ? 2 : 1);
const SITES = whole('sites', values.sites, 5);
const PAGES = whole('pages', values.pages, 1);
const TIMEOUT_MS = whole('timeout-min', values['timeout-min'], 1) * 60_000;
const SLOW_MS = whole('slow-ms', values['slow-ms'], 0);

const t00 = Date.now();
const clock = () => `${((Date.now() - t00) / 1000).toFixed(0).padStart(4)} s`;
const log = (line: string) => console.error(`[soak ${clock()}] ${line}`);

allowHosts('127.0.0.1'); // the sites are on loopback, which the egress proxy refuses otherwise (workers inherit it)
const work = mkdtempSync(join(tmpdir(), 'eindex-soak-'));
const redis = await startRedisServer(join(work, 'redis'));
const sites = await writeSoakSites(join(work, 'sites'), { count: SITES, pages: PAGES, slowMs: SLOW_MS });
const served = await serveSites(join(work, 'sites'));
const targets = soakTargets(served.origins, sites);
const service = loadServiceConfig();
const env: QueueEnv = { redisUrl: redis.url, prefix: 'soak' };
const store = new SqliteStore(join(work, 'store.sqlite'));
const queues = new Queues(env);
const writer = await startStoreWriter({ queues, store, service, log: silentLogger });
const workers: Proc[] = Array.from({ length: WORKERS }, (_, i) => startCli(`worker-${i + 1}`, ['worker'], queueProcessEnv(env)));
const runId = 'soak-1';

/** Audits a worker has in flight, from its log: started minus ended (stored, failed, or put back for a retry). */
const ENDED = new Set(['audit stored', 'transient failure: will retry', 'failed after the last try: failure stored', 'permanent failure stored: no retry']);
function inFlight(w: Proc): string[] {
  const open = new Map<string, number>();
  for (const e of logEntries(w)) {
    const site = typeof e.site === 'string' ? e.site : null;
    if (!site) continue;
    if (e.msg === 'audit started') open.set(site, (open.get(site) ?? 0) + 1);
    else if (typeof e.msg === 'string' && ENDED.has(e.msg)) open.set(site, (open.get(site) ?? 0) - 1);
  }
  return [...open].filter(([, n]) => n > 0).map(([s]) => s);
}
/** Audit starts per site over all workers (a site taken over after a kill or retried is started more than once). */
function starts(): Map<string, number> {
  const n = new Map<string, number>();
  for (const w of workers) for (const e of logEntries(w)) if (e.msg === 'audit started' && typeof e.site === 'string') n.set(e.site, (n.get(e.site) ?? 0) + 1);
  return n;
}

interface Killed {
  worker: string;
  atS: number;
  sitesInFlight: string[];
  chromium: ProcInfo[];
  othersInFlight: number;
}

async function run(): Promise<{ sealed: boolean; wallMs: number; killed: Killed | null; results: SiteResult[] }> {
  await Promise.all(workers.map((w) => waitForLine(w, /"worker ready"/, 180_000)));
  log(`${WORKERS} workers ready; ${SITES} sites × ${PAGES} pages; Lighthouse on; worker concurrency ${service.worker.concurrency}; kill: ${values.kill ? 'yes' : 'no'}`);
  const t0 = Date.now();
  await openRun(queues, { runId, kind: 'run', targets, service });
  let killed: Killed | null = null;
  let seen = 0;
  for (;;) {
    const seal = await store.sealState(runId);
    const results = await store.results(runId);
    if (results.length !== seen) {
      seen = results.length;
      const last = results.map((r) => `${r.target.id} ${r.status}`).join(', ');
      log(`${seen}/${SITES} results: ${last}`);
    }
    if (seal?.sealed) return { sealed: true, wallMs: Date.now() - t0, killed, results };
    if (Date.now() - t0 > TIMEOUT_MS) return { sealed: false, wallMs: Date.now() - t0, killed, results };
    if (values.kill && !killed && results.length >= 1) {
      const alive = workers.filter((w) => w.alive());
      const victim = alive.map((w) => ({ w, sites: inFlight(w) })).sort((a, b) => b.sites.length - a.sites.length)[0];
      // Kill one that is auditing, while another one is too (or at least has work left): not an idle worker.
      if (victim && victim.sites.length > 0) {
        const othersInFlight = alive.filter((w) => w !== victim.w).reduce((n, w) => n + inFlight(w).length, 0);
        const chromium = chromiumOf(victim.w.pid);
        process.kill(victim.w.pid, 'SIGKILL');
        killed = { worker: victim.w.name, atS: (Date.now() - t0) / 1000, sitesInFlight: victim.sites, chromium, othersInFlight };
        log(`SIGKILL ${victim.w.name} (pid ${victim.w.pid}) with ${victim.sites.join(', ')} in flight; ${othersInFlight} audits in flight on the others; no replacement`);
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const provisionalOf = (r: SiteResult): boolean | undefined => (r as unknown as { provisional?: boolean }).provisional;

function printReport(out: Awaited<ReturnType<typeof run>>, orphans: ProcInfo[] | null): number {
  const { sealed, wallMs, killed, results } = out;
  const byId = new Map<string, SiteResult[]>();
  for (const r of results) byId.set(r.target.id, [...(byId.get(r.target.id) ?? []), r]);
  const started = starts();
  const onePerSite = sites.every((s) => byId.get(s.id)?.length === 1) && results.length === sites.length;
  console.log(`\nsoak: ${SITES} sites × ${PAGES} pages, ${WORKERS} workers${killed ? `, one SIGKILLed at ${killed.atS.toFixed(0)} s` : ''}, Lighthouse on`);
  console.log(`sealed: ${sealed ? 'yes' : 'no'}`);
  console.log(`wall time: ${(wallMs / 1000).toFixed(1)} s (openRun to ${sealed ? 'seal' : 'timeout'})`);
  if (killed) {
    console.log(`killed: ${killed.worker} with ${killed.sitesInFlight.join(', ')} in flight (others had ${killed.othersInFlight} in flight); its Chromium processes left alive after the kill: ${orphans === null ? 'not checked' : orphans.length} of ${killed.chromium.length}`);
  } else if (values.kill) console.log('killed: none (no worker had an audit in flight after the first result)');
  console.log(`results: ${results.length} for ${sites.length} targets; one per target: ${onePerSite ? 'yes' : 'no'}`);
  const hasProvisional = results.some((r) => provisionalOf(r) !== undefined);
  if (hasProvisional) console.log(`provisional results: ${results.filter((r) => provisionalOf(r) === true).length} of ${results.length}`);
  let errors = 0;
  console.log('\n| site | behaviour | results | audits started | status | pages | indicators error | message |\n|:--|:--|--:|--:|:--|--:|--:|:--|');
  const details: string[] = [];
  for (const s of sites) {
    const rs = byId.get(s.id) ?? [];
    const r = rs[0];
    const errs = r && r.status === 'ok' ? Object.entries(r.indicators).filter(([, i]) => i.outcome === 'error') : [];
    errors += errs.length;
    for (const [id, i] of errs) details.push(`- ${s.id} ${id}: ${(i.reason ?? '(no reason)').replace(/\s+/g, ' ').slice(0, 400)}`);
    const prov = r && provisionalOf(r) ? ' (provisional)' : '';
    const message = (r?.message ?? '').replace(/\s+/g, ' ').replace(/\|/g, '/').slice(0, 120);
    console.log(`| ${s.id} | ${s.awkward ?? 'ordinary'} | ${rs.length} | ${started.get(s.id) ?? 0} | ${r ? r.status + prov : 'missing'} | ${r?.pages.length ?? ''} | ${r?.status === 'ok' ? errs.length : ''} | ${message} |`);
  }
  if (details.length) console.log(`\nindicators with outcome error on audited sites:\n${details.join('\n')}`);
  console.log(`\nindicators error on audited sites: ${errors}`);
  return sealed && onePerSite && errors === 0 ? 0 : 1;
}

let code = 1;
try {
  const out = await run();
  let orphans: ProcInfo[] | null = null;
  if (out.killed) {
    orphans = stillAlive(out.killed.chromium);
    for (const p of orphans) {
      try {
        process.kill(p.pid, 'SIGKILL'); // the killed worker's own Chromium, started by this script: do not leave it behind
      } catch {
        // gone meanwhile
      }
    }
  }
  code = printReport(out, orphans);
} catch (err) {
  console.error(`soak: ${(err as Error).stack ?? String(err)}`);
  for (const w of workers) console.error(`--- ${w.name} (last lines)\n${w.lines.slice(-15).join('\n')}`);
} finally {
  for (const w of workers) if (w.alive()) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  await writer.close();
  await queues.close();
  await store.close();
  await served.close();
  await redis.stop();
  if (values.keep) log(`work folder kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(code);
