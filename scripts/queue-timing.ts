// Wall time of one run of N generated tiny sites through the queue with 1 and with 2 `eindex worker` processes (each
// at the service's default concurrency), and, for scale, the in-process `audit` of the same sites at concurrency 2.
// Real Chromium, a private redis-server on a free port, the store writer in this process; Lighthouse off, so the
// figures are the queue's and the crawl's, not Lighthouse's.
//
//   node scripts/queue-timing.ts [--sites 20] [--rounds 1]
//
// Timed from openRun to the run's seal (worker start-up is not counted: workers are long-lived).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { allowHosts } from '../src/audit/egress/index.ts';
import { silentLogger } from '../src/log.ts';
import { openRun, Queues, type QueueEnv } from '../src/service/queue.ts';
import { loadServiceConfig } from '../src/service/service-config.ts';
import { runAudit } from '../src/audit/run.ts';
import { serveSites } from '../dev/site-server.ts';
import { SqliteStore, type Store } from '../src/store/store.ts';
import { startStoreWriter } from '../src/service/store-writer.ts';
import { queueProcessEnv, startCli, startRedisServer, waitForLine, type Proc } from '../test/helpers/procs.ts';
import { tinyTargets, writeTinySites } from '../test/helpers/tiny-sites.ts';

const { values } = parseArgs({ options: { sites: { type: 'string', default: '20' }, rounds: { type: 'string', default: '1' } } });
const SITES = Number(values.sites);
const ROUNDS = Number(values.rounds);
if (!Number.isInteger(SITES) || SITES < 1 || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error('queue-timing: --sites and --rounds must be whole numbers ≥ 1');
  process.exit(2);
}

allowHosts('127.0.0.1'); // the tiny sites are on loopback, which the egress proxy refuses otherwise (workers inherit it)
const work = mkdtempSync(join(tmpdir(), 'eindex-queue-timing-'));
const redis = await startRedisServer(join(work, 'redis'));
const root = join(work, 'sites');
const names = writeTinySites(root, { count: SITES, prefix: 'site-', behaviour: { latencyMs: 150 } });
const sites = await serveSites(root);
const targets = tinyTargets(sites.origins, names);
const crawlOverrides = { maxPages: 2, navigationTimeoutMs: 15_000, settleMs: 100 };
const crawlFile = join(work, 'crawl.json');
writeFileSync(crawlFile, JSON.stringify({ crawl: { ...crawlOverrides, lighthouse: { enabled: false } } }));
const service = loadServiceConfig();

async function queued(workerCount: number, round: number): Promise<number> {
  const env: QueueEnv = { redisUrl: redis.url, prefix: `timing-${workerCount}-${round}` };
  const store = new SqliteStore(join(work, `store-${workerCount}-${round}.sqlite`));
  const queues = new Queues(env);
  const writer = await startStoreWriter({ queues, store, service, log: silentLogger });
  const workers: Proc[] = Array.from({ length: workerCount }, (_, i) => startCli(`worker-${i + 1}`, ['worker', '--config', crawlFile], queueProcessEnv(env)));
  try {
    await Promise.all(workers.map((w) => waitForLine(w, /"worker ready"/, 120_000)));
    const runId = `timing-${workerCount}`;
    const t0 = Date.now();
    await openRun(queues, { runId, kind: 'run', targets, service });
    await new Promise<void>((resolve, reject) => {
      const check = async () => {
        const seal = await store.sealState(runId);
        if (seal?.sealed) {
          writer.worker.off('completed', check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => reject(new Error(`run ${runId} not sealed in 20 minutes`)), 20 * 60_000);
      writer.worker.on('completed', check);
      void check();
    });
    const ms = Date.now() - t0;
    await failIfNotOk(store, runId);
    lastInFlight = await inFlight(store, runId, ms);
    return ms;
  } finally {
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await writer.close();
    await queues.close();
    await store.close();
  }
}

async function inProcess(round: number): Promise<number> {
  const store = new SqliteStore(join(work, `store-inprocess-${round}.sqlite`));
  try {
    const config = loadConfig(undefined, { ...crawlOverrides, lighthouse: { ...loadConfig().crawl.lighthouse, enabled: false } });
    const t0 = Date.now();
    await runAudit({ runId: `inprocess-${round}`, kind: 'audit', targets, config, concurrency: 2, store, log: silentLogger });
    const ms = Date.now() - t0;
    await failIfNotOk(store, `inprocess-${round}`);
    lastInFlight = await inFlight(store, `inprocess-${round}`, ms);
    return ms;
  } finally {
    await store.close();
  }
}

/** A time of audits that failed measures nothing: stop with the sites and their reasons. */
async function failIfNotOk(store: Store, runId: string): Promise<void> {
  const notOk = (await store.results(runId)).filter((r) => r.status !== 'ok');
  if (notOk.length) throw new Error(`run ${runId}: ${notOk.length} of ${SITES} sites not audited: ${notOk.map((r) => `${r.target.id} ${r.status} (${r.message ?? ''})`).join('; ').slice(0, 1500)}`);
}

/** How many audits ran at once: the mean (audit time summed over wall time) and the most at one moment. */
async function inFlight(store: Store, runId: string, wallMs: number): Promise<{ mean: number; max: number; medianSiteS: number }> {
  const spans = (await store.results(runId)).map((r) => ({ start: Date.parse(r.startedAt), end: Date.parse(r.startedAt) + r.durationMs }));
  const edges = spans.flatMap((x) => [[x.start, 1], [x.end, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (now += d));
  const durations = spans.map((x) => x.end - x.start).sort((a, b) => a - b);
  const sum = durations.reduce((a, b) => a + b, 0);
  return { mean: Math.round((sum / wallMs) * 10) / 10, max, medianSiteS: Math.round(durations[Math.floor(durations.length / 2)]! / 100) / 10 };
}

let lastInFlight: Awaited<ReturnType<typeof inFlight>> | null = null;
const rows: { mode: string; round: number; seconds: number; sitesPerMinute: number; inFlight: Awaited<ReturnType<typeof inFlight>> | null }[] = [];
const record = (mode: string, round: number, ms: number) => {
  const row = { mode, round, seconds: Math.round(ms / 100) / 10, sitesPerMinute: Math.round((SITES / (ms / 60_000)) * 10) / 10, inFlight: lastInFlight };
  rows.push(row);
  const f = lastInFlight;
  console.log(`${mode.padEnd(28)} round ${round}: ${row.seconds} s (${row.sitesPerMinute} sites/min)${f ? `; audits at once: mean ${f.mean}, max ${f.max}; median site ${f.medianSiteS} s` : ''}`);
};
try {
  console.log(`${SITES} tiny sites (2 pages each, 150 ms per request), Lighthouse off, worker concurrency ${service.worker.concurrency}`);
  for (let round = 1; round <= ROUNDS; round++) {
    record('queue, 1 worker process', round, await queued(1, round));
    record('queue, 2 worker processes', round, await queued(2, round));
    record('in-process audit, conc. 2', round, await inProcess(round));
  }
  console.log(JSON.stringify({ sites: SITES, workerConcurrency: service.worker.concurrency, rows }));
} finally {
  await sites.close();
  await redis.stop();
  rmSync(work, { recursive: true, force: true });
}
