// The queue without a browser: the scheduler (fired twice, restarted mid-enqueue), sealing with re-queue generations,
// the store writer through Redis, the sweep for jobs that ended without a result, and status. Real Redis, a fresh key
// prefix per test. (Ids, artifacts packing and the service config need no Redis: test/unit/service-*.test.ts.)
import { Worker, UnrecoverableError } from 'bullmq';
import { afterEach, describe, expect, test } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import {
  connectionOptions,
  openRun,
  packArtifacts,
  Queues,
  QUEUE,
  requeue,
  type QueueEnv,
} from '../../src/service/queue.ts';
import { auditJobId, nightlyRunId } from '../../src/service/runs.ts';
import { SqliteStore, type Store } from '../../src/store/store.ts';
import { firingTime, startScheduler, upsertNightlySchedule } from '../../src/service/scheduler.ts';
import { formatStatus, runStatus } from '../../src/service/status.ts';
import { startStoreWriter } from '../../src/service/store-writer.ts';
import { postgresKind, sqliteKind } from '../helpers/store-suite.ts';
import { dropPrefix, fakeResult, freshEnv, target, testService, whenAfterJobs } from '../helpers/queue.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(): { env: QueueEnv; queues: Queues } {
  const env = freshEnv();
  const queues = new Queues(env);
  cleanups.push(() => dropPrefix(env), () => queues.close());
  return { env, queues };
}

function memoryStore(): Store {
  const store = new SqliteStore(':memory:');
  cleanups.push(() => store.close());
  return store;
}

describe('scheduler', () => {
  test('the job scheduler is upserted once, with cron and time zone', async () => {
    const { queues } = setup();
    const service = testService();
    await upsertNightlySchedule(queues, service);
    const { next } = await upsertNightlySchedule(queues, service);
    const schedulers = await queues.control.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: 'nightly', pattern: '0 1 * * *', tz: 'Europe/Riga' });
    // Next firing: 01:00 in Riga.
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Riga', hour: '2-digit', minute: '2-digit' }).format(next!)).toBe('01:00');
  });

  test('fired twice in one night: each target is queued once', async () => {
    const { queues } = setup();
    // Every second, so the test sees two real firings of the BullMQ job scheduler.
    const service = testService({ schedule: { cron: '* * * * * *' } });
    const targets = ['a', 'b', 'c'].map((id) => target(id));
    const scheduler = await startScheduler({ queues, service, log: silentLogger, loadTargets: async () => targets });
    cleanups.push(() => scheduler.close());
    let firings = 0;
    const twice = new Promise<void>((resolve) => scheduler.worker.on('completed', () => ++firings === 2 && resolve()));
    await upsertNightlySchedule(queues, service);
    await twice;
    await queues.control.removeJobScheduler('nightly');
    const jobs = await queues.audit.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
    const byRun = new Map<string, string[]>();
    for (const j of jobs) byRun.set(j.data.runId, [...(byRun.get(j.data.runId) ?? []), j.data.target.id]);
    for (const [runId, ids] of byRun) {
      expect(runId).toMatch(/^nightly-\d{4}-\d{2}-\d{2}$/);
      expect(ids.sort()).toEqual(['a', 'b', 'c']);
    }
    expect(jobs.length).toBe(3 * byRun.size);
    expect(byRun.size).toBeLessThanOrEqual(2); // 2 only if the two firings straddled midnight in Riga
  });

  test('restarted half-way through enqueuing: the rest is added, nothing twice', async () => {
    const { queues } = setup();
    const service = testService();
    const targets = Array.from({ length: 250 }, (_, i) => target(`t${i}`));
    const firedAt = new Date('2026-11-23T23:00:00Z');
    // The first scheduler got through 120 targets before it died.
    await openRun(queues, { runId: nightlyRunId(firedAt, 'Europe/Riga'), kind: 'nightly', targets: targets.slice(0, 120), service });
    const scheduler = await startScheduler({ queues, service, log: silentLogger, loadTargets: async () => targets });
    cleanups.push(() => scheduler.close());
    const summary = await scheduler.fire(firedAt);
    expect(summary).toMatchObject({ runId: 'nightly-2026-11-24', targets: 250, added: 130, existing: 120 });
    expect(await queues.audit.getWaitingCount()).toBe(250);
  });

  test('a firing belongs to the night it was scheduled for, even when it runs late', () => {
    const job = { opts: { prevMillis: Date.parse('2026-11-23T23:00:00Z') }, timestamp: Date.parse('2026-11-24T09:00:00Z') };
    expect(firingTime(job as never).toISOString()).toBe('2026-11-23T23:00:00.000Z');
  });
});

// Sealing itself (generations, stale results, in-process runs) is in the store suite: test/helpers/store-suite.ts.

describe('store writer', () => {
  // On both stores: the writer is the one process that writes either.
  test.each([sqliteKind, postgresKind])('writes what arrives through Redis into $name; survives being restarted with messages waiting', async (kind) => {
    const { queues } = setup();
    const service = testService();
    const targets = [target('a'), target('b')];
    // Nothing consumes the store queue yet: the writer is "down".
    await openRun(queues, { runId: 'run-1', kind: 'run', targets, service });
    for (const t of targets) {
      await queues.store.add('site-result', {
        type: 'site-result',
        jobId: auditJobId('run-1', t.id),
        generation: 0,
        attempt: 1,
        result: fakeResult('run-1', t),
        artifacts: packArtifacts({ robots: { url: `${t.url}robots.txt`, status: 404, respected: true, disallowed: [] } }),
        timings: { queueWaitMs: 10, auditMs: 1000, lighthouseMs: null },
        worker: 'test',
      });
    }
    const place = await kind.place();
    cleanups.push(() => place.remove());
    const store = await place.open();
    cleanups.push(() => store.close());
    const writer = await startStoreWriter({ queues, store, service, log: silentLogger });
    cleanups.push(() => writer.close());
    await whenAfterJobs([writer.worker], async () => (await store.sealState('run-1'))?.sealed === true, 10_000, 'sealed');
    expect((await store.results('run-1')).map((r) => r.target.id)).toEqual(['a', 'b']);
    expect((await store.artifacts('run-1', 'a'))?.robots).toMatchObject({ status: 404 });
    expect(await queues.store.getWaitingCount()).toBe(0);
  });

  test('sweep: a job that failed without a result gets a failure stored; a vanished job is added again', async () => {
    const { env, queues } = setup();
    const store = memoryStore();
    const [poison, vanished] = [target('poison'), target('vanished')];
    await store.addRunTargets('run-2', 'run', new Date().toISOString(), [poison, vanished].map((t) => ({ target: t, generation: 0 })));
    // A job that ends failed with no result on the store queue (as when its worker is killed too often).
    await queues.audit.add('audit', { runId: 'run-2', target: poison, generation: 0, reason: 'run' }, { jobId: auditJobId('run-2', 'poison'), attempts: 1 });
    const failing = new Worker(QUEUE.audit, async () => {
      throw new UnrecoverableError('job stalled more than allowable limit');
    }, { connection: connectionOptions(env), prefix: env.prefix });
    cleanups.push(() => failing.close());
    await new Promise<void>((resolve) => failing.once('failed', () => resolve()));
    await failing.close();

    const writer = await startStoreWriter({ queues, store, service: testService({ store: { sweepIntervalMs: 60_000 } }), log: silentLogger });
    cleanups.push(() => writer.close());
    const summary = await writer.sweep();
    expect(summary).toMatchObject({ failuresStored: 1, jobsReAdded: 1 });
    expect(await store.getResult('run-2', 'poison')).toMatchObject({ status: 'internal', message: expect.stringMatching(/worker stopped/) });
    expect(await (await queues.audit.getJob(auditJobId('run-2', 'vanished')))!.getState()).toBe('waiting');
    // Nothing is done twice.
    expect(await writer.sweep()).toMatchObject({ failuresStored: 0, jobsReAdded: 0 });

    const status = (await runStatus(store, queues, 'run-2'))!;
    expect(status).toMatchObject({ sealed: false, targets: 2, counts: { failed: 1, waiting: 1 } });
    expect(formatStatus(status)).toMatch(/in progress/);
  });
});

describe('re-queue', () => {
  test('waiting jobs are left alone; 100 re-queues in a burst add nothing', async () => {
    const { queues } = setup();
    const service = testService();
    await openRun(queues, { runId: 'run-3', kind: 'run', targets: [target('a')], service });
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => requeue(queues, { runId: 'run-3', kind: 'run', targets: [target('a')], service })));
    expect(new Set(outcomes.map((o) => o.outcomes[0]!.outcome))).toEqual(new Set(['already-queued']));
    expect(await queues.audit.getWaitingCount()).toBe(1);
    expect(await queues.store.getWaitingCount()).toBe(1); // only the run-opened message
  });

  test('a target missing from Redis is queued, and the store hears of its generation', async () => {
    const { queues } = setup();
    const result = await requeue(queues, { runId: 'run-4', kind: 'run', targets: [target('b')], service: testService() });
    expect(result.outcomes).toEqual([{ targetId: 'b', outcome: 'queued' }]);
    const job = (await queues.audit.getJob(auditJobId('run-4', 'b')))!;
    expect(job.data).toMatchObject({ generation: 1, reason: 'requeue' });
    const [message] = await queues.store.getWaiting();
    expect(message!.data).toMatchObject({ type: 'targets-requeued', runId: 'run-4', targets: [{ generation: 1 }] });
  });
});
