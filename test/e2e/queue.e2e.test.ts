// The queue path in one process: real Redis (fresh prefix), real Chromium on fixture sites, the worker and the store
// writer as `eindex worker` and `eindex serve` wire them. Lighthouse off to stay fast.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditSite } from '../../src/audit/runner.ts';
import { launchBrowser } from '../../src/audit/browser.ts';
import { silentLogger } from '../../src/log.ts';
import { openRun, Queues, requeue, type QueueEnv } from '../../src/service/queue.ts';
import { auditJobId } from '../../src/service/runs.ts';
import type { ServiceConfig } from '../../src/service/service-config.ts';
import { serveSites, type ServedSites } from '../../dev/site-server.ts';
import { SqliteStore, type Store } from '../../src/store/store.ts';
import type { Config } from '../../src/config.ts';
import { startStoreWriter, type StoreWriter } from '../../src/service/store-writer.ts';
import { runStatus } from '../../src/service/status.ts';
import { startWorker, type WorkerHandle } from '../../src/service/worker.ts';
import { FIXTURE_SITES, fixtureTarget, testConfig } from '../helpers/fixtures.ts';
import { dropPrefix, freshEnv, tempDir, testService, whenAfterJobs } from '../helpers/queue.ts';

const SITES = ['clean', 'violations', 'home-404', 'slow'];
let sites: ServedSites;
let env: QueueEnv;
let queues: Queues;
let store: Store;
let dir: ReturnType<typeof tempDir>;
let worker: WorkerHandle;
let writer: StoreWriter;
let config: Config;
let service: ServiceConfig;
const runId = 'nightly-2026-11-23';

const sealed = async () => (await store.sealState(runId))?.sealed === true;

beforeAll(async () => {
  sites = await serveSites(FIXTURE_SITES, { only: SITES });
  env = freshEnv();
  dir = tempDir();
  store = new SqliteStore(`${dir.path}/eindex.sqlite`);
  queues = new Queues(env);
  // The slow site hangs: a 5 s navigation timeout makes it a quick transient failure (timeout). Not shorter: the four
  // home-page collectors load the home page at once, and on a busy 2-core CI machine one load past 1.5 s left
  // lv-aspects unmeasured in the queued audit.
  config = testConfig({ maxPages: 3, navigationTimeoutMs: 5000, lighthouse: { ...testConfig().crawl.lighthouse, enabled: false } });
  service = testService({ retries: { attempts: 2, backoffDelayMs: 300 } });
  writer = await startStoreWriter({ queues, store, service, log: silentLogger });
  worker = await startWorker({ env, config, service, log: silentLogger });
});

afterAll(async () => {
  await worker?.close();
  await writer?.close();
  await queues?.close();
  store?.close();
  await sites?.close();
  await dropPrefix(env);
  dir?.remove();
});

describe('a run through the queue', () => {
  test('every target ends with exactly one terminal result and the run seals', async () => {
    const targets = SITES.map((s) => fixtureTarget(sites, s));
    const summary = await openRun(queues, { runId, kind: 'nightly', targets, service, reason: 'scheduled' });
    expect(summary).toMatchObject({ added: 4, existing: 0 });
    await whenAfterJobs([writer.worker], sealed, 60_000, 'run sealed');

    const results = Object.fromEntries((await store.results(runId)).map((r) => [r.target.id, r]));
    expect(Object.keys(results).sort()).toEqual([...SITES].sort());
    expect(results.clean!.status).toBe('ok');
    expect(results.violations!.status).toBe('ok');
    expect(results['home-404']!.status).toBe('http-error');
    expect(results.slow!.status).toBe('timeout');
    // Artifacts travelled through Redis too, so the run can be re-scored without a browser.
    expect((await store.artifacts(runId, 'clean'))?.pages).toBeTruthy();

    // Permanent failure: one try, no retry. Transient: retried, then stored as failed.
    const notFound = (await queues.audit.getJob(auditJobId(runId, 'home-404')))!;
    expect(await notFound.getState()).toBe('failed');
    expect(notFound.attemptsMade).toBe(1);
    const slow = (await queues.audit.getJob(auditJobId(runId, 'slow')))!;
    expect(await slow.getState()).toBe('failed');
    expect(slow.attemptsMade).toBe(2);
    expect(slow.failedReason).toMatch(/timeout/);

    const status = (await runStatus(store, queues, runId))!;
    expect(status).toMatchObject({ sealed: true, targets: 4, etaSeconds: 0 });
    expect(status.counts).toMatchObject({ audited: 2, failed: 2 });
    expect(status.failures.map((f) => [f.targetId, f.status]).sort()).toEqual([
      ['home-404', 'http-error'],
      ['slow', 'timeout'],
    ]);
  });

  test('indicator values equal an in-process audit of the same site', async () => {
    const browser = await launchBrowser();
    try {
      const direct = await auditSite(fixtureTarget(sites, 'violations'), { browser, config, runId, log: silentLogger });
      const queued = (await store.getResult(runId, 'violations'))!;
      for (const [id, r] of Object.entries(direct.result.indicators)) {
        expect([id, queued.indicators[id]?.score, queued.indicators[id]?.value]).toEqual([id, r.score, r.value]);
      }
    } finally {
      await browser.close();
    }
  });

  test('opening the same run again adds nothing', async () => {
    const again = await openRun(queues, { runId, kind: 'nightly', targets: SITES.map((s) => fixtureTarget(sites, s)), service });
    expect(again).toMatchObject({ added: 0, existing: 4 });
    expect(await queues.audit.getJobCountByTypes('waiting', 'active', 'delayed')).toBe(0);
  });

  test('re-queue after sealing re-opens the run until the new result lands; one row per site', async () => {
    const before = (await store.getResult(runId, 'clean'))!;
    const result = await requeue(queues, { runId, kind: 'nightly', targets: [fixtureTarget(sites, 'clean')], service });
    expect(result.outcomes).toEqual([{ targetId: 'clean', outcome: 'queued' }]);
    await whenAfterJobs([writer.worker], async () => (await store.runTargets(runId)).find((t) => t.targetId === 'clean')!.resultGen === 1 && (await sealed()), 30_000, 'new result');
    expect(await store.countRows(runId)).toBe(4);
    expect((await store.getResult(runId, 'clean'))!.startedAt > before.startedAt).toBe(true);
    expect(await sealed()).toBe(true);
  });

  test('re-queue while a site is being audited adds no second audit', async () => {
    const clean = fixtureTarget(sites, 'clean');
    const generation = async () => (await store.runTargets(runId)).find((t) => t.targetId === 'clean')!.resultGen;
    const genBefore = await generation();
    const active = new Promise<void>((resolve) => worker.worker.once('active', () => resolve()));
    await requeue(queues, { runId, kind: 'nightly', targets: [clean], service });
    await active;
    const during = await Promise.all(Array.from({ length: 20 }, () => requeue(queues, { runId, kind: 'nightly', targets: [clean], service })));
    expect(new Set(during.map((d) => d.outcomes[0]!.outcome))).toEqual(new Set(['in-progress']));
    await whenAfterJobs([writer.worker], sealed, 30_000, 'sealed again');
    expect(await store.countRows(runId)).toBe(4);
    // The audit job leaves "active" just after its result is stored: wait for that. A second audit would have to run
    // too before nothing is left, and would show as a second new result.
    await whenAfterJobs([worker.worker], async () => (await queues.audit.getJobCountByTypes('waiting', 'active', 'delayed')) === 0, 30_000, 'no audit job left');
    expect(await generation()).toBe((genBefore ?? 0) + 1);
  });
});
