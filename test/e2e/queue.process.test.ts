// The service as separate processes, as in production: `eindex serve --no-writer` (the API) and `eindex write` (the store
// writer), `eindex schedule` (cron every second here, so it fires again and again into the same nightly run), two `eindex worker`s. Then a worker is
// killed with SIGKILL mid-audit (its site is audited once, by the other), and one is stopped with SIGTERM mid-audit
// (it exits cleanly and hands the site back). Real Redis, fresh prefix; real Chromium; fixture sites on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditSite } from '../../src/audit/runner.ts';
import { launchBrowser } from '../../src/audit/browser.ts';
import { loadConfig, REPO_ROOT } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { connectionOptions, Queues, QUEUE, type QueueEnv } from '../../src/service/queue.ts';
import { auditJobId, nightlyRunId } from '../../src/service/runs.ts';
import { serveSites, type ServedSites } from '../../dev/site-server.ts';
import type { SiteResult } from '../../src/types.ts';
import type { RunStatus } from '../../src/service/status.ts';
import { FIXTURE_SITES } from '../helpers/fixtures.ts';
import { dropPrefix, freshEnv, tempDir } from '../helpers/queue.ts';

const SITES = ['clean', 'violations', 'not-mobile', 'redirect', 'alert', 'home-404'];
const TOKEN = 'process-test-token-0123456789';

interface Proc {
  name: string;
  child: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let sites: ServedSites;
let env: QueueEnv;
let queues: Queues;
let events: QueueEvents;
let storeEvents: QueueEvents;
let dir: ReturnType<typeof tempDir>;
const procs: Proc[] = [];
let api: string;
let files: { targets: string; nightly: string; crawl: string; service: string };

function start(name: string, args: string[]): Proc {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'src', 'cli.ts'), ...args], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      REDIS_URL: env.redisUrl,
      EINDEX_QUEUE_PREFIX: env.prefix,
      EINDEX_DATA_DIR: dir.path,
      EINDEX_API_TOKEN: TOKEN,
      EINDEX_LOG_LEVEL: 'info',
    },
    // Its own process group, so killing it takes its Chromium along, as a crashed host or container would.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const proc = { name, child, lines, exited };
  procs.push(proc);
  return proc;
}

/** Resolves with the first output line matching `pattern` (already printed or to come). */
function line(proc: Proc, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const found = proc.lines.find((l) => pattern.test(l));
    if (found) return resolve(found);
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${proc.name}: no line matching ${pattern} in ${timeoutMs} ms; output:\n${proc.lines.slice(-30).join('\n')}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      const hit = chunk.toString('utf8').split('\n').find((l) => pattern.test(l));
      if (hit) {
        cleanup();
        resolve(hit);
      }
    };
    const onExit = () => {
      cleanup();
      reject(new Error(`${proc.name} exited before printing ${pattern}; output:\n${proc.lines.slice(-30).join('\n')}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      proc.child.stdout!.off('data', onData);
      proc.child.stderr!.off('data', onData);
      proc.child.off('exit', onExit);
    };
    proc.child.stdout!.on('data', onData);
    proc.child.stderr!.on('data', onData);
    proc.child.once('exit', onExit);
  });
}

async function status(runId: string): Promise<RunStatus | null> {
  const res = await fetch(`${api}/runs/${runId}`);
  return res.status === 200 ? ((await res.json()) as RunStatus) : null;
}

/** Resolves when the run is sealed, checked after every message the store writer finishes. */
function sealed(runId: string, timeoutMs: number): Promise<RunStatus> {
  return new Promise((resolve, reject) => {
    const check = () =>
      void status(runId).then((s) => {
        if (s?.sealed) {
          clearTimeout(timer);
          storeEvents.off('completed', check);
          resolve(s);
        }
      });
    const timer = setTimeout(() => {
      storeEvents.off('completed', check);
      reject(new Error(`run ${runId} not sealed in ${timeoutMs} ms`));
    }, timeoutMs);
    storeEvents.on('completed', check);
    check();
  });
}

function nextActive(): Promise<string> {
  return new Promise((resolve) => {
    const on = ({ jobId }: { jobId: string }) => {
      events.off('active', on);
      resolve(jobId);
    };
    events.on('active', on);
  });
}

beforeAll(async () => {
  sites = await serveSites(FIXTURE_SITES, { only: [...SITES, 'slow'] });
  env = freshEnv();
  dir = tempDir();
  queues = new Queues(env);
  events = new QueueEvents(QUEUE.audit, { connection: connectionOptions(env), prefix: env.prefix });
  storeEvents = new QueueEvents(QUEUE.store, { connection: connectionOptions(env), prefix: env.prefix });
  await Promise.all([events.waitUntilReady(), storeEvents.waitUntilReady()]);
  const entry = (s: string) => ({ id: s, name: `Fixture ${s}`, type: 'institution', sector: 'VARAM', url: `${sites.origins[s]}/` });
  files = {
    // The API knows the slow site too (for the SIGTERM test); the nightly list does not.
    targets: dir.file('targets.json', [...SITES, 'slow'].map(entry)),
    nightly: dir.file('nightly.json', SITES.map(entry)),
    // 15 s to load a page: a site's pages and its four home-page collectors load at once, two workers audit at once,
    // and on a loaded CI machine a 4 s limit left a page or a home collector unmeasured in the queued run only.
    crawl: dir.file('crawl.json', { crawl: { maxPages: 3, navigationTimeoutMs: 15_000, settleMs: 300, lighthouse: { enabled: false } } }),
    service: dir.file('service.json', {
      schedule: { cron: '* * * * * *' },
      // Short enough for the SIGKILL test to recover in seconds, long enough for a loaded 2-core machine.
      worker: { lockDurationMs: 8000, stalledIntervalMs: 2000, shutdownGraceMs: 500 },
      retries: { attempts: 2, backoffDelayMs: 200 },
      store: { sweepIntervalMs: 1000 },
    }),
  };
  // The API and the store writer as separate processes (serve --no-writer + write), sharing the store file.
  const serve = start('serve', ['serve', '--port', '0', '--no-writer', '--targets', files.targets, '--service-config', files.service]);
  const writer = start('write', ['write', '--health-port', '0', '--service-config', files.service]);
  const listening = JSON.parse(await line(serve, /"API listening"/)) as { port: number; storeWriter: string };
  expect(listening.storeWriter).toBe('separate (eindex write)');
  api = `http://127.0.0.1:${listening.port}`;
  const writerReady = JSON.parse(await line(writer, /"write: store writer process ready"/)) as { healthPort: number };
  expect((await fetch(`http://127.0.0.1:${writerReady.healthPort}/healthz`)).status).toBe(200);
}, 60_000);

afterAll(async () => {
  for (const p of procs) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      try {
        process.kill(-p.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await Promise.all(procs.map((p) => p.exited));
  await events?.close();
  await storeEvents?.close();
  await queues?.close();
  await sites?.close();
  await dropPrefix(env);
  dir?.remove();
});

const workerArgs = () => ['worker', '--concurrency', '1', '--config', files.crawl, '--service-config', files.service];

describe('the nightly path in separate processes', () => {
  test('schedule (firing every second) + two workers: one sealed run, each site once, export served and equal to the in-process audit', async () => {
    const schedule = start('schedule', ['schedule', '--targets', files.nightly, '--service-config', files.service, '--health-port', '0']);
    const ready = JSON.parse(await line(schedule, /"scheduler ready"/)) as { healthPort: number };
    // The container health check's answer: the control worker runs and Redis holds the schedule with a next firing.
    const health = await fetch(`http://127.0.0.1:${ready.healthPort}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, running: true, next: expect.any(String) });
    const firing = JSON.parse(await line(schedule, /"nightly run opened"/)) as { runId: string; added: number };
    expect(firing.added).toBe(SITES.length);
    const runId = firing.runId;
    expect(runId).toBe(nightlyRunId(new Date(), 'Europe/Riga'));

    const w1 = start('worker-1', workerArgs());
    const w2 = start('worker-2', workerArgs());
    await Promise.all([line(w1, /"worker ready"/), line(w2, /"worker ready"/)]);
    const s = await sealed(runId, 300_000);
    // More firings happened meanwhile; none added a job.
    await line(schedule, /"nightly run already open: nothing added"/);
    schedule.child.kill('SIGTERM');
    expect((await schedule.exited).code).toBe(0);

    expect(s).toMatchObject({ sealed: true, targets: SITES.length });
    expect(s.counts.audited + s.counts.failed).toBe(SITES.length);
    expect(s.failures.map((f) => f.targetId)).toContain('home-404');
    const jobs = await queues.audit.getJobs(['completed', 'failed']);
    expect(jobs.filter((j) => j.data.runId === runId)).toHaveLength(SITES.length);
    expect(new Set(jobs.map((j) => j.processedBy)).size).toBe(2);

    // `eindex enqueue` without --run, like POST /requeue, never re-queues into an ad-hoc current run.
    await queues.redis.set(queues.key('current-run'), 'run-20261123T124501Z');
    try {
      const enqueue = start('enqueue', ['enqueue', 'clean', '--targets', files.nightly]);
      expect((await enqueue.exited).code).not.toBe(0);
      expect(enqueue.lines.join('\n')).toMatch(/no current nightly run \(the current run, run-20261123T124501Z, is not a nightly one\)/);
    } finally {
      await queues.redis.set(queues.key('current-run'), runId);
    }

    const exported = await fetch(`${api}/runs/${runId}/export.jsonl`);
    expect(exported.status).toBe(200);
    const rows = (await exported.text()).trim().split('\n').map((l) => JSON.parse(l) as SiteResult);
    expect(rows.map((r) => r.target.id).sort()).toEqual([...SITES].sort());
    expect(rows.find((r) => r.target.id === 'clean')!.indicators.wcag!.score).toBe(1);

    // The service's done-when: the export equals the in-process audit of the same sites (`eindex audit` runs
    // auditSite in process), indicator by indicator, with the workers' crawl config.
    const config = loadConfig(files.crawl);
    const browser = await launchBrowser();
    try {
      for (const row of rows) {
        const direct = await auditSite(row.target, { browser, config, runId, log: silentLogger });
        expect([row.target.id, row.status, row.message]).toEqual([row.target.id, direct.result.status, direct.result.message]);
        const values = (r: SiteResult) => Object.fromEntries(Object.entries(r.indicators).map(([id, i]) => [id, { score: i.score, value: i.value, outcome: i.outcome }]));
        expect([row.target.id, values(row)]).toEqual([row.target.id, values(direct.result)]);
      }
    } finally {
      await browser.close();
    }
  }, 420_000);

  test('SIGKILL of a worker mid-audit: the site is audited once, by the other worker; nothing lost', async () => {
    const [w1, w2] = procs.filter((p) => p.name === 'worker-1' || p.name === 'worker-2');
    const active = nextActive();
    const res = await fetch(`${api}/requeue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ targets: ['violations'], newRun: true }),
    });
    const { runId } = (await res.json()) as { runId: string };
    const jobId = await active;
    expect(jobId).toBe(auditJobId(runId, 'violations'));
    const holder = (await queues.audit.getJob(jobId))!.processedBy!;
    const victim = [w1!, w2!].find((w) => holder.endsWith(`-${w.child.pid}`))!;
    const survivor = victim === w1 ? w2! : w1!;
    process.kill(-victim.child.pid!, 'SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');

    const s = await sealed(runId, 60_000);
    expect(s).toMatchObject({ sealed: true, targets: 1, counts: { audited: 1 } });
    const job = (await queues.audit.getJob(jobId))!;
    expect(job.processedBy).toBe(`${holder.replace(/-\d+$/, '')}-${survivor.child.pid}`);
    expect(job.attemptsStarted).toBeGreaterThanOrEqual(2);
    const results = ((await (await fetch(`${api}/runs/${runId}/results`)).json()) as { results: SiteResult[] }).results;
    expect(results.map((r) => r.target.id)).toEqual(['violations']);
  }, 90_000);

  test('SIGTERM mid-audit: the worker exits cleanly within seconds and hands the site back', async () => {
    // The other test's surviving worker would race this one for the site: stop it first (idle, it exits cleanly).
    for (const idle of procs.filter((p) => p.name.startsWith('worker-') && p.child.exitCode === null && p.child.signalCode === null)) {
      idle.child.kill('SIGTERM');
      expect(await idle.exited, idle.lines.slice(-12).join('\n')).toEqual({ code: 0, signal: null });
    }
    const worker = start('worker-term', workerArgs());
    await line(worker, /"worker ready"/);
    const active = nextActive();
    const res = await fetch(`${api}/requeue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ targets: ['slow'], newRun: true }),
    });
    const { runId } = (await res.json()) as { runId: string };
    const jobId = await active;
    const t0 = Date.now();
    worker.child.kill('SIGTERM');
    const exit = await worker.exited;
    const seconds = (Date.now() - t0) / 1000;
    expect(exit, worker.lines.slice(-12).join('\n')).toEqual({ code: 0, signal: null });
    expect(seconds).toBeLessThan(8);
    expect(worker.lines.some((l) => /"worker stopped"/.test(l))).toBe(true);
    const job = (await queues.audit.getJob(jobId))!;
    expect(['waiting', 'delayed']).toContain(await job.getState());
    expect(job.attemptsMade, worker.lines.slice(-12).join('\n')).toBe(0);
    expect((await status(runId))!.sealed).toBe(false);
    await job.remove();
  }, 60_000);
});
