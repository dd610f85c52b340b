// Fault injection on the audit service (the hardening issue's queue items): workers and Chromium killed mid-audit, a
// poison site, Redis stopped mid-run and absent at start, SIGTERM in flight, one site queued many ways, the scheduler
// killed mid-enqueue, a crash between a site's rows and its run state, and a soak. Everything real: `eindex worker` and
// `eindex schedule` as child processes, Chromium, a private redis-server on a free port (stopped and started here; the
// shared one on 6379 is never touched), generated tiny sites on 127.0.0.1, the store writer in this process.
//
// Fast by default (a few kills, a 10 s outage, 20 soak pages); EINDEX_LONG_TESTS=1 runs the full counts
// (30 sites, 20 kills each, 60 s outage, 1 000 soak pages). Each test prints its figures as one "FIGURES {...}" line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toCsv } from '../../src/publish/export.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import { silentLogger } from '../../src/log.ts';
import {
  connectionOptions,
  openRun,
  QUEUE,
  Queues,
  requeue,
  type AuditJobData,
  type QueueEnv,
  type StoreMessage,
} from '../../src/service/queue.ts';
import { auditJobId } from '../../src/service/runs.ts';
import { loadServiceConfig, type ServiceConfig } from '../../src/service/service-config.ts';
import { serveSites, type ServedSites } from '../../dev/site-server.ts';
import { SqliteStore, type Store } from '../../src/store/store.ts';
import type { Target } from '../../src/types.ts';
import { startStoreWriter, type StoreWriter } from '../../src/service/store-writer.ts';
import { fakeResult, tempDir } from '../helpers/queue.ts';
import {
  browserProcesses,
  chromiumOf,
  stillAlive,
  freePort,
  logEntries,
  processTable,
  queueProcessEnv,
  startCli,
  startRedisServer,
  treeRss,
  waitForLine,
  type Proc,
  type RedisServer,
} from '../helpers/procs.ts';
import { tinyTargets, writeTinySites } from '../helpers/tiny-sites.ts';
import { pollUntil } from '../helpers/poll.ts';

const LONG = process.env.EINDEX_LONG_TESTS === '1';
const N: { sites: number; workerKills: number; chromiumKills: number; outageMs: number; soakPages: number; schedulerTargets: number; burst: number } = LONG
  ? { sites: 30, workerKills: 20, chromiumKills: 20, outageMs: 60_000, soakPages: 1000, schedulerTargets: 300, burst: 100 }
  : { sites: 4, workerKills: 1, chromiumKills: 1, outageMs: 10_000, soakPages: 10, schedulerTargets: 300, burst: 100 };
// The soak's page count can be set on its own (EINDEX_SOAK_PAGES), it is the longest part of the long run.
if (process.env.EINDEX_SOAK_PAGES) N.soakPages = Number(process.env.EINDEX_SOAK_PAGES);
// With EINDEX_SOAK_LIGHTHOUSE=1 the soak also runs Lighthouse on every home page (its worker thread is replaced every
// 50 runs), so its memory is measured over the long run too; off by default, as it doubles the soak's time.
const SOAK_LIGHTHOUSE = process.env.EINDEX_SOAK_LIGHTHOUSE === '1';
// Generous: a loaded 2-core machine runs these next to other browser tests.
const T = (ms: number) => (LONG ? ms * 4 : ms);

let dir: ReturnType<typeof tempDir>;
let redis: RedisServer;
let env: QueueEnv;
let queues: Queues;
let store: Store;
let writer: StoreWriter;
let events: QueueEvents;
let sites: ServedSites;
let service: ServiceConfig;
let files: { targets: string; crawl: string; soakCrawl: string; service: string };
const names = { site: [] as string[], poison: [] as string[], slow: [] as string[], soak: [] as string[] };
const targets = new Map<string, Target>();
/** Every worker process started, alive or not. */
const workers: Proc[] = [];
const others: Proc[] = [];
/** site-result messages written by the store writer, per run and target. */
const resultMessages = new Map<string, number>();
const figures: Record<string, unknown> = {};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Chromium processes seen under our workers (sampled while they ran), to find orphans after they are gone. */
const chromiumSeen = new Map<number, import('../helpers/procs.ts').ProcInfo>();
const noteChromium = () => {
  for (const w of workers) if (w.alive()) for (const c of chromiumOf(w.pid)) chromiumSeen.set(c.pid, c);
};
const orphans = () => stillAlive([...chromiumSeen.values()]).filter((c) => !workers.some((w) => w.alive() && chromiumOf(w.pid).some((o) => o.pid === c.pid)));
let chromiumSampler: NodeJS.Timeout;
const workerName = (p: Proc) => `${hostname()}-${p.pid}`;
const live = () => workers.filter((w) => w.alive());
const targetsOf = (ids: string[]) => ids.map((id) => targets.get(id)!);

function report(name: string, values: Record<string, unknown>): void {
  figures[name] = values;
  console.log(`FIGURES ${name} ${JSON.stringify(values)}`);
}

async function startWorkers(n: number, extra: string[] = []): Promise<Proc[]> {
  const started = Array.from({ length: n }, (_, i) =>
    startCli(`worker-${workers.length + i + 1}`, ['worker', '--config', files.crawl, '--service-config', files.service, ...extra], queueProcessEnv(env)),
  );
  workers.push(...started);
  await Promise.all(started.map((w) => waitForLine(w, /"worker ready"/, T(60_000))));
  return started;
}

/** Stops every live worker with SIGTERM; each must exit cleanly. */
async function stopWorkers(): Promise<void> {
  const running = live();
  for (const w of running) w.child.kill('SIGTERM');
  for (const w of running) expect(await w.exited, w.lines.slice(-10).join('\n')).toEqual({ code: 0, signal: null });
}

/** Resolves when `check` holds: looked at after every store write and audit job event, and at least every second. */
function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    const look = () =>
      void Promise.resolve()
        .then(check)
        .then(
          (ok) => ok && finish(),
          () => undefined,
        );
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(tick);
      writer.worker.off('completed', look);
      events.off('completed', look);
      events.off('failed', look);
      events.off('active', look);
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`)), timeoutMs);
    const tick = setInterval(look, 1000);
    writer.worker.on('completed', look);
    events.on('completed', look);
    events.on('failed', look);
    events.on('active', look);
    look();
  });
}

const sealed = async (runId: string) => (await store.sealState(runId))?.sealed === true;

async function activeJobs(runId: string): Promise<Job<AuditJobData>[]> {
  return (await queues.audit.getActive()).filter((j) => j?.data?.runId === runId);
}

/** Seconds from `t0` until every job in `jobIds` is taken by a worker other than `victim`, or finished. */
function recovery(jobIds: string[], victim: string, t0: number, timeoutMs: number): Promise<number> {
  const taken = async () => {
    for (const id of jobIds) {
      const job = await queues.audit.getJob(id);
      if (!job) continue;
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') continue;
      if (state === 'active' && job.processedBy && job.processedBy !== victim) continue;
      return false;
    }
    return true;
  };
  return until(taken, timeoutMs, `jobs ${jobIds.join(', ')} taken over`).then(() => Math.round((Date.now() - t0) / 100) / 10);
}

/** Rows, failures and result messages of a sealed (or timed-out) run. */
async function runFigures(runId: string, ids: string[]) {
  const results = await store.results(runId);
  const seal = await store.sealState(runId);
  const messages = ids.map((id) => resultMessages.get(`${runId}/${id}`) ?? 0);
  return {
    sealed: seal?.sealed ?? false,
    jobsLost: seal?.pending ?? ids.length,
    rows: results.length,
    notOk: results.filter((r) => r.status !== 'ok').map((r) => `${r.target.id}:${r.status}`),
    /** Results that reached the store beyond one per site (a site audited again after its worker died after sending). */
    duplicateResultMessages: messages.reduce((s, n) => s + Math.max(0, n - 1), 0),
  };
}

beforeAll(async () => {
  dir = tempDir();
  redis = await startRedisServer(join(dir.path, 'redis'));
  env = { redisUrl: redis.url, prefix: 'faults' };
  const root = join(dir.path, 'sites');
  // A little latency per request, so audits last long enough to be killed in the middle of.
  names.site = writeTinySites(root, { count: N.sites, prefix: 'site-', behaviour: { latencyMs: 150 } });
  names.poison = writeTinySites(root, { count: 1, prefix: 'poison-' });
  names.slow = writeTinySites(root, { count: 1, prefix: 'slow-', behaviour: { routes: { '/': { delayMs: 2500 } } } });
  names.soak = writeTinySites(root, { count: Math.ceil(N.soakPages / 10), prefix: 'soak-', pages: 10 });
  sites = await serveSites(root);
  for (const t of tinyTargets(sites.origins, Object.keys(sites.origins))) targets.set(t.id, t);
  files = {
    targets: dir.file('targets.json', [...targets.values()]),
    crawl: dir.file('crawl.json', { crawl: { maxPages: 2, navigationTimeoutMs: 15_000, settleMs: 100, lighthouse: { enabled: false } } }),
    soakCrawl: dir.file('soak-crawl.json', { crawl: { maxPages: 10, navigationTimeoutMs: 15_000, settleMs: 100, lighthouse: { enabled: SOAK_LIGHTHOUSE } } }),
    service: dir.file('service.json', {
      schedule: { cron: '* * * * * *' },
      // A dead worker's site is taken over after lockDurationMs + stalledIntervalMs: seconds here, a minute in production.
      // Not shorter: lock renewals of live workers must get through on a 2-core machine at a load average of 40.
      worker: { concurrency: 2, lockDurationMs: 10_000, stalledIntervalMs: 1000, shutdownGraceMs: 500 },
      retries: { attempts: 3, backoffDelayMs: 500 },
      politeness: { hostBusyDelayMs: 300 },
      store: { sweepIntervalMs: 1000 },
    }),
  };
  service = loadServiceConfig(files.service);
  store = new SqliteStore(join(dir.path, 'eindex.sqlite'));
  queues = new Queues(env);
  writer = await startStoreWriter({ queues, store, service, log: silentLogger });
  writer.worker.on('completed', (job) => {
    const m = job.data as StoreMessage;
    if (m.type === 'site-result') {
      const key = `${m.result.runId}/${m.result.target.id}`;
      resultMessages.set(key, (resultMessages.get(key) ?? 0) + 1);
    }
  });
  events = new QueueEvents(QUEUE.audit, { connection: connectionOptions(env), prefix: env.prefix });
  events.on('error', () => undefined);
  await events.waitUntilReady();
  chromiumSampler = setInterval(noteChromium, 500);
}, 120_000);

afterAll(async () => {
  clearInterval(chromiumSampler);
  for (const p of [...workers, ...others]) {
    if (p.alive()) {
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  await Promise.all([...workers, ...others].map((p) => p.exited));
  // EINDEX_FAULTS_LOG_DIR=DIR keeps every child process's output, for reading what a worker did.
  const keep = process.env.EINDEX_FAULTS_LOG_DIR;
  if (keep) {
    mkdirSync(keep, { recursive: true });
    for (const p of [...workers, ...others]) writeFileSync(join(keep, `${p.name}-${p.pid}.log`), p.lines.join('\n') + '\n');
  }
  await events?.close();
  await writer?.close();
  await queues?.close();
  store?.close();
  await sites?.close();
  await redis?.stop();
  dir?.remove();
  console.log(`FIGURES all ${JSON.stringify(figures)}`);
}, 60_000);

describe('workers and browsers killed', () => {
  test(`SIGKILL a worker mid-audit ${N.workerKills} times at random moments across ${N.sites} sites: nothing lost, one row per site`, async () => {
    await startWorkers(2);
    const runId = 'kill-workers';
    const ids = names.site;
    await openRun(queues, { runId, kind: 'run', targets: targetsOf(ids), service });
    const recoveries: Promise<number>[] = [];
    let kills = 0;
    while (kills < N.workerKills && !(await sealed(runId))) {
      // Wait for an audit in flight, then a random moment into it.
      await until(async () => (await sealed(runId)) || (await activeJobs(runId)).length > 0, T(60_000), 'an audit in flight');
      await sleep(Math.random() * 1500);
      const held = (await activeJobs(runId)).filter((j) => live().some((w) => workerName(w) === j.processedBy));
      if (held.length === 0) continue;
      const holder = held[Math.floor(Math.random() * held.length)]!.processedBy!;
      const victim = live().find((w) => workerName(w) === holder)!;
      const jobIds = held.filter((j) => j.processedBy === holder).map((j) => j.id!);
      const t0 = Date.now();
      // The node process only, as the kernel's OOM killer would: its Chromium must go by itself.
      noteChromium();
      process.kill(victim.pid, 'SIGKILL');
      await victim.exited;
      kills++;
      recoveries.push(recovery(jobIds, holder, t0, T(60_000)));
      // A replacement, as an orchestrator would start; the other worker keeps going meanwhile.
      void startWorkers(1).catch(() => undefined);
    }
    await until(() => sealed(runId), T(120_000), `run ${runId} sealed`);
    const seconds = await Promise.all(recoveries);
    const f = await runFigures(runId, ids);
    report('worker-sigkill', { sites: ids.length, kills, ...f, secondsToRecovery: { each: seconds, max: Math.max(0, ...seconds) } });
    expect(kills).toBeGreaterThan(0);
    expect(f).toMatchObject({ sealed: true, jobsLost: 0, rows: ids.length });
    // A site may be given up (internal) if it was under a killed worker maxStalledCount + 1 times; nothing else fails.
    expect(f.notOk.filter((s) => !s.endsWith(':internal'))).toEqual([]);
    report('worker-sigkill-orphans', { chromiumSeen: chromiumSeen.size, chromiumLeftByKilledWorkers: orphans().length });
  }, T(240_000));

  test(`SIGKILL Chromium mid-page ${N.chromiumKills} times: sites retried, browsers relaunched, no orphans`, async () => {
    if (live().length < 2) await startWorkers(2 - live().length);
    const runId = 'kill-chromium';
    const ids = names.site;
    const crashesBefore = Number((await queues.redis.hget(queues.key('stats', 'browser-relaunches'), 'crash')) ?? 0);
    await openRun(queues, { runId, kind: 'run', targets: targetsOf(ids), service });
    let kills = 0;
    while (kills < N.chromiumKills && !(await sealed(runId))) {
      await until(async () => (await sealed(runId)) || (await activeJobs(runId)).length > 0, T(60_000), 'an audit in flight');
      await sleep(Math.random() * 1500);
      const held = await activeJobs(runId);
      const holders = live().filter((w) => held.some((j) => j.processedBy === workerName(w)));
      const victim = holders[Math.floor(Math.random() * holders.length)];
      const browser = victim ? browserProcesses(victim.pid)[0] : undefined;
      if (!browser) continue;
      process.kill(browser.pid, 'SIGKILL');
      kills++;
    }
    await until(() => sealed(runId), T(120_000), `run ${runId} sealed`);
    const crashes = Number((await queues.redis.hget(queues.key('stats', 'browser-relaunches'), 'crash')) ?? 0) - crashesBefore;
    const f = await runFigures(runId, ids);
    const results = await store.results(runId);
    // A site whose browser died under a later page could come out "ok" with pages missing: count those too.
    const short = results.filter((r) => r.status === 'ok' && r.pages.length < 2).map((r) => r.target.id);
    noteChromium();
    await stopWorkers();
    // Crash reporters (chrome_crashpad_handler) are counted apart: they are not browsers and run detached by design.
    const left = orphans().filter((p) => !/crashpad/.test(p.cmdline));
    const crashpadLeft = orphans().length - left.length;
    report('chromium-sigkill', { sites: ids.length, kills, sitesLost: f.jobsLost + f.notOk.length, ...f, sitesWithPagesMissing: short, browserRelaunches: crashes, chromiumSeen: chromiumSeen.size, orphanedChromium: left.length, crashpadHandlersLeft: crashpadLeft });
    expect(kills).toBeGreaterThan(0);
    expect(f).toMatchObject({ sealed: true, jobsLost: 0, rows: ids.length });
    // A site whose browser was killed under it on every try is stored as a browser crash, by design; nothing else.
    expect(f.notOk.filter((s) => !s.endsWith(':browser-crash'))).toEqual([]);
    expect(short).toEqual([]);
    expect(crashes).toBeGreaterThanOrEqual(1);
    expect(left.map((p) => p.cmdline.slice(0, 80))).toEqual([]);
  }, T(240_000));

  test('a poison site that kills its worker every time is given up after maxStalledCount + 1 starts; the others complete', async () => {
    // One site per worker, so no other site is in the killed workers' hands.
    const one = ['--concurrency', '1'];
    await startWorkers(2, one);
    const runId = 'poison';
    const ids = [...names.poison, ...names.site.slice(0, 3)];
    const poisonJob = auditJobId(runId, names.poison[0]!);
    let starts = 0;
    const kills: Promise<unknown>[] = [];
    let handedFailure = 0;
    const onActive = ({ jobId }: { jobId: string }) => {
      if (jobId !== poisonJob) return;
      kills.push(
        (async () => {
          const job = await queues.audit.getJob(jobId);
          // Past the limit BullMQ marks the job (deferredFailure) and the next worker fails it without running it.
          if (job?.deferredFailure) return void handedFailure++;
          starts++;
          const victim = live().find((w) => workerName(w) === job?.processedBy);
          if (!victim) return;
          process.kill(-victim.pid, 'SIGKILL');
          await victim.exited;
          // A replacement may take the poison site before it says "ready" and die with it: start another then.
          for (let i = 0; i < 5; i++) if (await startWorkers(1, one).then(() => true, () => false)) break;
        })(),
      );
    };
    events.on('active', onActive);
    try {
      await openRun(queues, { runId, kind: 'run', targets: targetsOf(ids), service });
      await until(() => sealed(runId), T(180_000), `run ${runId} sealed`);
    } finally {
      events.off('active', onActive);
    }
    await Promise.allSettled(kills);
    const poison = (await store.getResult(runId, names.poison[0]!))!;
    const f = await runFigures(runId, ids);
    report('poison-site', { startsBeforeGivenUp: starts, failedWithoutRunning: handedFailure, maxStalledCount: service.worker.maxStalledCount, poisonStatus: poison.status, poisonMessage: poison.message, othersCompleted: ids.length - 1 - f.notOk.filter((s) => !s.startsWith('poison')).length, ...f });
    expect(poison.status).toBe('internal');
    expect(poison.message).toMatch(/stopped while auditing this site too many times/);
    expect(starts).toBe(service.worker.maxStalledCount + 1);
    expect(f.notOk).toEqual([`${names.poison[0]}:internal`]);
    expect(f).toMatchObject({ sealed: true, jobsLost: 0, rows: ids.length });
  }, T(240_000));
});

describe('Redis', () => {
  test('absent at start-up: the worker stops at once with a message naming Redis and the fix', async () => {
    const port = await freePort();
    const t0 = Date.now();
    const w = startCli('worker-no-redis', ['worker', '--config', files.crawl], queueProcessEnv({ redisUrl: `redis://127.0.0.1:${port}`, prefix: 'none' }));
    others.push(w);
    const exit = await w.exited;
    const seconds = (Date.now() - t0) / 1000;
    const text = w.lines.join('\n');
    report('redis-absent-at-start', { exitCode: exit.code, secondsToExit: seconds, message: w.lines.filter((l) => /redis/i.test(l)).join(' | ') });
    expect(exit.code).toBe(2);
    expect(text).toMatch(new RegExp(`FAIL  redis: Redis at redis://127\\.0\\.0\\.1:${port}/? cannot be reached: .*ECONNREFUSED`));
    expect(text).toMatch(/→ Start Redis .* or set REDIS_URL/);
  }, T(60_000));

  test(`stopped for ${N.outageMs / 1000} s mid-run: workers wait and resume; nothing lost`, async () => {
    if (live().length < 2) await startWorkers(2 - live().length);
    const before = live();
    const runId = 'redis-outage';
    const ids = names.site;
    await openRun(queues, { runId, kind: 'run', targets: targetsOf(ids), service });
    await until(async () => (await store.countRows(runId)) >= 1, T(60_000), 'a first result');
    const rowsAtStop = await store.countRows(runId);
    await redis.stop();
    const stoppedAt = Date.now();
    await sleep(N.outageMs);
    const workersAliveDuringOutage = before.filter((w) => w.alive()).length;
    await redis.start();
    const restartedAt = Date.now();
    let firstActive: number | null = null;
    const onActive = () => (firstActive ??= Date.now());
    events.on('active', onActive);
    const rowsAfter = await store.countRows(runId);
    try {
      await until(async () => (await store.countRows(runId)) > rowsAfter || (await sealed(runId)), T(60_000), 'a result after the restart');
      const firstResult = Date.now();
      await until(() => sealed(runId), T(120_000), `run ${runId} sealed`);
      const f = await runFigures(runId, ids);
      report('redis-outage', {
        outageSeconds: (restartedAt - stoppedAt) / 1000,
        rowsAtStop,
        workersAliveDuringOutage,
        secondsToFirstAuditStarted: firstActive === null ? null : Math.max(0, (firstActive - restartedAt) / 1000),
        secondsToFirstResult: (firstResult - restartedAt) / 1000,
        ...f,
      });
      expect(workersAliveDuringOutage).toBe(before.length);
      expect(before.every((w) => w.alive())).toBe(true);
      expect(f).toMatchObject({ sealed: true, jobsLost: 0, rows: ids.length, notOk: [] });
    } finally {
      events.off('active', onActive);
    }
  }, T(240_000));
});

describe('shutdown and duplicates', () => {
  test('SIGTERM with an audit in flight: exits cleanly within seconds; after a restart no job is stalled', async () => {
    await stopWorkers();
    const [worker] = await startWorkers(1, ['--concurrency', '1']);
    const runId = 'sigterm';
    const jobId = auditJobId(runId, names.slow[0]!);
    let stalled = 0;
    const onStalled = () => stalled++;
    events.on('stalled', onStalled);
    try {
      const active = new Promise<void>((resolve) => {
        const on = ({ jobId: id }: { jobId: string }) => id === jobId && (events.off('active', on), resolve());
        events.on('active', on);
      });
      await openRun(queues, { runId, kind: 'run', targets: targetsOf(names.slow), service });
      await active;
      await waitForLine(worker!, /"audit started"/, T(30_000));
      const t0 = Date.now();
      worker!.child.kill('SIGTERM');
      const exit = await worker!.exited;
      const seconds = (Date.now() - t0) / 1000;
      const job = (await queues.audit.getJob(jobId))!;
      const state = await job.getState();
      const attemptsAfterShutdown = job.attemptsMade;
      const [again] = await startWorkers(1, ['--concurrency', '1']);
      await until(() => sealed(runId), T(90_000), `run ${runId} sealed`);
      const f = await runFigures(runId, names.slow);
      report('sigterm-in-flight', { secondsToShutDown: seconds, exit, stateAfterShutdown: state, attemptsAfterShutdown, stalledJobsAfterRestart: stalled, ...f, handedBackTo: again!.name });
      expect(exit).toEqual({ code: 0, signal: null });
      // Grace 0.5 s, a browser launch in progress, the 3 s exit fallback, and a machine at load 40.
      expect(seconds).toBeLessThan(20);
      expect(['waiting', 'delayed', 'active']).toContain(state);
      expect(attemptsAfterShutdown).toBe(0);
      expect(stalled).toBe(0);
      expect(f).toMatchObject({ sealed: true, rows: 1, notOk: [] });
    } finally {
      events.off('stalled', onStalled);
    }
  }, T(180_000));

  test(`one site queued by a double firing, re-queued during its audit and ${N.burst} times in one second: never two audits at once`, async () => {
    if (live().length < 2) await startWorkers(2 - live().length);
    const runId = 'duplicates';
    const site = names.slow[0]!;
    const jobId = auditJobId(runId, site);
    const opened = await Promise.all([0, 1].map(() => openRun(queues, { runId, kind: 'nightly', targets: targetsOf([site]), service })));
    await until(async () => (await queues.audit.getJob(jobId))?.processedOn !== undefined && (await queues.audit.getJob(jobId))!.finishedOn === undefined, T(30_000), 'its audit started');
    const during = await requeue(queues, { runId, kind: 'nightly', targets: targetsOf([site]), service });
    const t0 = Date.now();
    const burstDuring = await Promise.all(Array.from({ length: N.burst }, () => requeue(queues, { runId, kind: 'nightly', targets: targetsOf([site]), service })));
    const burstDuringMs = Date.now() - t0;
    // Sealed in the store and finished in the queue (the result can land before the worker marks its job done).
    await until(async () => (await sealed(runId)) && (await (await queues.audit.getJob(jobId))!.getState()) === 'completed', T(60_000), 'first audit done');
    const t1 = Date.now();
    const burstAfter = await Promise.all(Array.from({ length: N.burst }, () => requeue(queues, { runId, kind: 'nightly', targets: targetsOf([site]), service })));
    const burstAfterMs = Date.now() - t1;
    await until(async () => (await sealed(runId)) && (await queues.audit.getJobCountByTypes('waiting', 'active', 'delayed')) === 0, T(60_000), 'the re-queued audit stored');
    const count = (list: { outcomes: { outcome: string }[] }[]) =>
      list.reduce<Record<string, number>>((acc, r) => ((acc[r.outcomes[0]!.outcome] = (acc[r.outcomes[0]!.outcome] ?? 0) + 1), acc), {});
    // Overlap of audits of the site, from the workers' own logs.
    const auditSpans = (): [number, number][] => {
      const spans: [number, number][] = [];
      for (const w of workers) {
        let start: number | null = null;
        for (const e of logEntries(w)) {
          if (e.jobId !== jobId) continue;
          const at = Date.parse(String(e.time));
          if (e.msg === 'audit started') start = at;
          else if (start !== null && /audit stored|failure stored|will retry|put back/.test(String(e.msg))) {
            spans.push([start, at]);
            start = null;
          }
        }
      }
      return spans;
    };
    // The job's completion reaches us through Redis, the worker's log line through its stderr pipe: two channels
    // with no order between them, so the second audit's "audit stored" line can arrive after the job is seen done.
    // Wait for the lines themselves (with a deadline) rather than reading the logs at once.
    await pollUntil(() => auditSpans().length >= 2, { timeoutMs: T(10_000), what: "the workers' log lines of both audits of the site" }).catch(() => undefined);
    const spans = auditSpans();
    const maxConcurrent = Math.max(0, ...spans.map(([s]) => spans.filter(([a, b]) => a <= s && s < b).length));
    const f = await runFigures(runId, [site]);
    report('same-site-many-ways', {
      firingsAdded: opened.map((o) => o.added),
      requeueDuringAudit: during.outcomes[0]!.outcome,
      burstDuring: { ms: burstDuringMs, ...count(burstDuring) },
      burstAfter: { ms: burstAfterMs, ...count(burstAfter) },
      audits: spans.length,
      maxConcurrentAuditsOfTheSite: maxConcurrent,
      rowsForTheSite: await store.countRows(runId),
      resultMessages: resultMessages.get(`${runId}/${site}`) ?? 0,
      sealed: f.sealed,
    });
    // (openRun's `added` is looked up before the add, so two firings at the same instant may both say 1: the job
    // itself is what counts.)
    expect((await queues.audit.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter((j) => j.data.runId === runId)).toHaveLength(1);
    expect(during.outcomes[0]!.outcome).toBe('in-progress');
    expect(count(burstAfter).queued).toBe(1);
    expect(spans).toHaveLength(2);
    expect(maxConcurrent).toBe(1);
    expect(await store.countRows(runId)).toBe(1);
    expect(f.sealed).toBe(true);
  }, T(180_000));

  test(`the scheduler SIGKILLed half-way through enqueuing ${N.schedulerTargets} targets, then restarted: each target queued once`, async () => {
    let attempt = 0;
    let outcome: Record<string, unknown> | null = null;
    // The kill must land mid-enqueue; on a fast machine it may come too late, then try again on a fresh prefix.
    while (!outcome && attempt < 3) {
      attempt++;
      const e: QueueEnv = { redisUrl: redis.url, prefix: `sched-${attempt}` };
      // Nobody audits these (no worker on this prefix); one URL each, as the targets file requires.
      const many = Array.from({ length: N.schedulerTargets }, (_, i) => ({ id: `t-${String(i + 1).padStart(3, '0')}`, name: `Iestāde ${i + 1}`, type: 'institution', sector: 'VARAM', url: `https://iestade-${i + 1}.example.lv/` }));
      const list = dir.file(`many-${attempt}.json`, many);
      const watcher = new Redis(redis.url);
      try {
        const waiting = () => watcher.llen(`${e.prefix}:${QUEUE.audit}:wait`);
        const s1 = startCli('schedule-1', ['schedule', '--targets', list, '--service-config', files.service], queueProcessEnv(e));
        others.push(s1);
        // Looked at every 2 ms: the kill must land while the scheduler is still enqueuing.
        await pollUntil(async () => (await waiting()) > 0 || !s1.alive(), { timeoutMs: T(60_000), intervalMs: 2, what: 'the scheduler enqueuing its first job' });
        let atKill: number;
        expect(s1.alive(), s1.lines.join('\n')).toBe(true);
        process.kill(-s1.pid, 'SIGKILL');
        await s1.exited;
        atKill = await waiting();
        if (atKill >= N.schedulerTargets) continue;
        const s2 = startCli('schedule-2', ['schedule', '--targets', list, '--service-config', files.service], queueProcessEnv(e));
        others.push(s2);
        const opened = JSON.parse(await waitForLine(s2, /"nightly run (opened|already open)/, T(60_000))) as { runId: string; added: number; existing: number };
        await waitForLine(s2, /"nightly run already open: nothing added"/, T(30_000));
        s2.child.kill('SIGTERM');
        const exit = await s2.exited;
        const q = new Queues(e);
        try {
          const jobs = await q.audit.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed']);
          const ids = jobs.map((j) => j.id!);
          const messages = (await q.store.getJobs(['waiting'])).map((j) => j.data);
          outcome = {
            attempt,
            enqueuedAtKill: atKill,
            addedAfterRestart: opened.added,
            jobs: ids.length,
            distinctJobs: new Set(ids).size,
            duplicateTargets: ids.length - new Set(jobs.map((j) => j.data.target.id)).size,
            runOpenedMessages: messages.filter((m) => m.type === 'run-opened').length,
            schedulerExit: exit,
          };
          expect(ids.length).toBe(N.schedulerTargets);
          expect(new Set(ids).size).toBe(N.schedulerTargets);
          expect(new Set(jobs.map((j) => `${j.data.runId}/${j.data.target.id}`)).size).toBe(N.schedulerTargets);
          expect(opened.added + atKill).toBe(N.schedulerTargets);
          expect(exit).toEqual({ code: 0, signal: null });
        } finally {
          await q.audit.obliterate({ force: true });
          await q.store.obliterate({ force: true });
          await q.control.obliterate({ force: true });
          await q.close();
        }
      } finally {
        watcher.disconnect();
      }
    }
    report('scheduler-killed-mid-enqueue', outcome ?? { attempts: attempt, note: 'every kill came after the last batch' });
    expect(outcome).not.toBeNull();
  }, T(180_000));
});

describe('store', () => {
  test('a crash between writing a site and its run state leaves nothing visible; the message is written again', async () => {
    const runId = 'crash-between';
    const site = targets.get(names.site[0]!)!;
    const other = targets.get(names.site[1]!)!;
    // No audits here, only their results, sent the way a worker sends them (the sweep may queue the sites meanwhile:
    // no worker runs, and those jobs are removed at the end).
    await stopWorkers();
    await queues.store.add('run-opened', { type: 'run-opened', runId, kind: 'run', createdAt: new Date().toISOString(), targets: [site, other] });
    await until(async () => (await store.runTargets(runId)).length === 2, 30_000, 'run known to the store');
    await store.saveRunResult(fakeResult(runId, other), null, 0);
    // The fault: the store dies right after the site's rows, before the run learns of them (a trigger aborts there).
    const side = new DatabaseSync(store.path);
    side.exec('PRAGMA busy_timeout = 5000');
    side.exec(`CREATE TRIGGER crash_between BEFORE UPDATE OF result_gen ON run_targets BEGIN SELECT RAISE(ABORT, 'injected crash'); END`);
    const failedOnce = new Promise<void>((resolve) => {
      const on = (job: Job | undefined) => job?.data?.type === 'site-result' && (writer.worker.off('failed', on), resolve());
      writer.worker.on('failed', on);
    });
    try {
      await queues.store.add('site-result', { type: 'site-result', jobId: auditJobId(runId, site.id), generation: 0, attempt: 1, result: fakeResult(runId, site), artifacts: null, timings: null, worker: 'test' });
      await failedOnce;
      const visible = {
        row: (await store.getResult(runId, site.id)) !== null,
        partialExportRows: toCsv(await store.results(runId), INDICATORS).trim().split('\r\n').length - 1,
        sealed: await sealed(runId),
      };
      expect(visible).toEqual({ row: false, partialExportRows: 1, sealed: false });
      side.exec('DROP TRIGGER crash_between');
      // The store queue retries the message (backoff 1 s): the site lands whole, once.
      await until(() => sealed(runId), 30_000, 'message written again');
      report('crash-between-site-and-result', { partialResultsVisibleAfterCrash: visible.row ? 1 : 0, exportRowsAfterCrash: visible.partialExportRows, rowsAfterRedelivery: await store.countRows(runId), sealed: await sealed(runId) });
      expect(await store.countRows(runId)).toBe(2);
      expect((await store.getResult(runId, site.id))!.target.id).toBe(site.id);
    } finally {
      side.exec('DROP TRIGGER IF EXISTS crash_between');
      side.close();
      for (const t of [site, other]) await queues.audit.remove(auditJobId(runId, t.id)).catch(() => undefined);
    }
  }, 60_000);
});

describe('soak', () => {
  test(`${N.soakPages} page audits on one worker: memory per 100 pages, Chromium processes at the end`, async () => {
    if (live().length) await stopWorkers();
    const soakWorker = startCli('worker-soak', ['worker', '--config', files.soakCrawl, '--service-config', files.service], queueProcessEnv(env));
    workers.push(soakWorker);
    await waitForLine(soakWorker, /"worker ready"/, T(60_000));
    const runId = 'soak';
    const ids = names.soak;
    const samples: { pages: number; rootMb: number; treeMb: number; processes: number }[] = [];
    const pagesStored = async () => (await store.results(runId)).reduce((n, r) => n + r.pages.length, 0);
    // RSS of the worker and of its whole tree (Chromium included) against the pages stored so far, every 2 s.
    const sample = async () => {
      const rss = treeRss(soakWorker.pid);
      if (rss.processes) samples.push({ pages: await pagesStored(), rootMb: rss.rootBytes / 2 ** 20, treeMb: rss.treeBytes / 2 ** 20, processes: rss.processes });
    };
    const sampler = setInterval(() => void sample(), 2000);
    const t0 = Date.now();
    try {
      await openRun(queues, { runId, kind: 'run', targets: targetsOf(ids), service });
      await until(() => sealed(runId), T(LONG ? 3_600_000 : 180_000), `run ${runId} sealed`);
      await sample();
    } finally {
      clearInterval(sampler);
    }
    const pages = await pagesStored();
    const seconds = (Date.now() - t0) / 1000;
    const mine = chromiumOf(soakWorker.pid).filter((p) => !/crashpad/.test(p.cmdline));
    const chromiumIdle = mine.length;
    soakWorker.child.kill('SIGTERM');
    const exit = await soakWorker.exited;
    const chromiumAfterExit = stillAlive(mine).length;
    // Least-squares slope of RSS against pages audited, per 100 pages; the first quarter is warm-up (JIT, caches).
    const slope = (key: 'rootMb' | 'treeMb') => {
      const pts = samples.slice(Math.floor(samples.length / 4));
      if (pts.length < 2) return null;
      const mx = pts.reduce((s, p) => s + p.pages, 0) / pts.length;
      const my = pts.reduce((s, p) => s + p[key], 0) / pts.length;
      const num = pts.reduce((s, p) => s + (p.pages - mx) * (p[key] - my), 0);
      const den = pts.reduce((s, p) => s + (p.pages - mx) ** 2, 0);
      return den === 0 ? null : Math.round((num / den) * 100 * 10) / 10;
    };
    const relaunches = (await queues.redis.hgetall(queues.key('stats', 'browser-relaunches'))) ?? {};
    const f = await runFigures(runId, ids);
    report('soak', {
      pages,
      sites: ids.length,
      seconds,
      workerRssMbFirstLast: [samples[0]?.rootMb, samples.at(-1)?.rootMb].map((v) => (v === undefined ? null : Math.round(v))),
      treeRssMbFirstLast: [samples[0]?.treeMb, samples.at(-1)?.treeMb].map((v) => (v === undefined ? null : Math.round(v))),
      workerRssSlopeMbPer100Pages: slope('rootMb'),
      treeRssSlopeMbPer100Pages: slope('treeMb'),
      chromiumProcessesIdleAtEnd: chromiumIdle,
      chromiumProcessesAfterExit: chromiumAfterExit,
      browserRelaunchesAllTests: relaunches,
      lighthouse: SOAK_LIGHTHOUSE ? { scored: (await store.results(runId)).filter((r) => r.indicators.lighthouse?.score != null).length, of: ids.length } : 'off',
      exit,
      ...f,
    });
    expect(pages).toBe(ids.length * 10);
    expect(f).toMatchObject({ sealed: true, jobsLost: 0, notOk: [] });
    expect(exit).toEqual({ code: 0, signal: null });
    expect(chromiumAfterExit).toBe(0);
    expect(processTable().filter((p) => p.ppid === soakWorker.pid)).toEqual([]);
    if (SOAK_LIGHTHOUSE) expect((await store.results(runId)).filter((r) => r.indicators.lighthouse?.score == null).map((r) => r.target.id)).toEqual([]);
  }, T(LONG ? 3_600_000 : 240_000));
});
