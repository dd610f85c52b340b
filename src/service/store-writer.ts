// The one store writer: a BullMQ worker on the store queue that writes what workers and operators sent through Redis
// into the store (SQLite or PostgreSQL), one message at a time. It runs inside `eindex serve`, the one process that
// writes the store; workers and the scheduler never touch it. Messages wait in Redis while it is down and are written when it is back; a
// message it was writing when it died is delivered again (BullMQ stalled-job recovery), and writes are idempotent per
// (run, target, generation), so nothing is lost and nothing is doubled.
//
// It also keeps every run moving to its seal: a sweep over open runs stores a failure for a target whose audit job
// failed without a result (its worker was killed too often, or it was cancelled), and re-adds the job of a target
// whose job is gone from Redis.
import { QueueEvents, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { failureMessage, SiteFailure } from '../failures.ts';
import { auditJobOptions, connectionOptions, QUEUE, RESULT_STORED_MARK, unpackArtifacts, type Queues, type StoreMessage } from './queue.ts';
import { auditJobId } from './runs.ts';
import type { ServiceConfig } from './service-config.ts';
import type { Store } from '../store/store.ts';
import type { AuditMetrics } from './metrics.ts';
import { failureResult } from '../audit/result.ts';

export interface StoreWriterOptions {
  queues: Queues;
  store: Store;
  service: ServiceConfig;
  log: Logger;
  metrics?: AuditMetrics & { storeWrites?: { inc(labels: { type: string }): void } };
}

export interface SweepSummary {
  runs: number;
  failuresStored: number;
  jobsReAdded: number;
}

export interface StoreWriter {
  worker: Worker<StoreMessage>;
  /** One pass over open runs now (also runs every store.sweepIntervalMs and after any audit job fails). */
  sweep(): Promise<SweepSummary>;
  close(): Promise<void>;
}

export async function writeMessage(store: Store, message: StoreMessage): Promise<string> {
  switch (message.type) {
    case 'run-opened':
      await store.addRunTargets(message.runId, message.kind, message.createdAt, message.targets.map((target) => ({ target, generation: 0 })));
      return `run ${message.runId}: ${message.targets.length} targets`;
    case 'targets-requeued':
      await store.addRunTargets(message.runId, message.kind, message.createdAt, message.targets);
      return `run ${message.runId}: re-queued ${message.targets.map((t) => t.target.id).join(', ')}`;
    case 'site-result': {
      const outcome = await store.saveRunResult(message.result, unpackArtifacts(message.artifacts), message.generation);
      return `${message.result.runId}/${message.result.target.id}: ${message.result.status} (${outcome})`;
    }
  }
}

export async function startStoreWriter(opts: StoreWriterOptions): Promise<StoreWriter> {
  const { queues, store, log } = opts;
  const connection = connectionOptions(queues.env);
  const worker = new Worker<StoreMessage>(
    QUEUE.store,
    async (job) => {
      const message = job.data;
      const what = await writeMessage(store, message);
      opts.metrics?.storeWrites?.inc({ type: message.type });
      if (message.type === 'site-result') opts.metrics?.observeResult(message.result, message.timings);
      log.debug({ messageId: job.id, type: message.type }, what);
      if (message.type === 'site-result' || message.type === 'run-opened') await logSeal(message.type === 'run-opened' ? message.runId : message.result.runId);
      return what;
    },
    // One at a time: a store has one writer, and messages keep their order.
    { connection, prefix: queues.env.prefix, concurrency: 1, maxStalledCount: 5, name: 'store-writer' },
  );
  worker.on('error', (err) => log.error({ err: err.message }, 'store writer error'));
  worker.on('failed', (job, err) => log.error({ messageId: job?.id, err: err.message }, 'store message could not be written (will retry)'));

  const sealedLogged = new Set<string>();
  async function logSeal(runId: string): Promise<void> {
    const state = await store.sealState(runId);
    if (state?.sealed && !sealedLogged.has(runId)) {
      sealedLogged.add(runId);
      log.info({ runId, targets: state.targets }, 'run sealed');
    } else if (state && !state.sealed) sealedLogged.delete(runId);
  }

  let sweeping: Promise<SweepSummary> | null = null;
  const sweep = (): Promise<SweepSummary> =>
    (sweeping ??= sweepOnce(opts)
      .catch((err: unknown) => {
        log.warn({ err: (err as Error).message }, 'sweep failed (will try again)');
        return { runs: 0, failuresStored: 0, jobsReAdded: 0 };
      })
      .finally(() => (sweeping = null)));

  // A failed audit job may be one whose worker never stored a result: look at once rather than at the next tick.
  const events = new QueueEvents(QUEUE.audit, { connection, prefix: queues.env.prefix });
  events.on('error', () => undefined);
  let soon: NodeJS.Timeout | null = null;
  events.on('failed', ({ failedReason }) => {
    if (failedReason.startsWith(RESULT_STORED_MARK)) return;
    soon ??= setTimeout(() => {
      soon = null;
      void sweep();
    }, 250);
  });
  const timer = setInterval(() => void sweep(), opts.service.store.sweepIntervalMs);
  await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
  void sweep();
  log.info({ prefix: queues.env.prefix, db: store.path }, 'store writer ready');

  return {
    worker,
    sweep,
    async close() {
      clearInterval(timer);
      if (soon) clearTimeout(soon);
      await sweeping?.catch(() => undefined);
      await Promise.allSettled([worker.close(), events.close()]);
    },
  };
}

async function sweepOnce(opts: StoreWriterOptions): Promise<SweepSummary> {
  const { queues, store, log } = opts;
  const summary: SweepSummary = { runs: 0, failuresStored: 0, jobsReAdded: 0 };
  for (const runId of await store.openServiceRuns()) {
    summary.runs++;
    for (const t of await store.runTargets(runId)) {
      if (!t.pending) continue;
      const id = auditJobId(runId, t.targetId);
      const job = await queues.audit.getJob(id);
      if (!job) {
        // Gone from Redis (retention, or a Redis that lost its data): audit it again rather than leave a gap.
        await queues.audit.add('audit', { runId, target: t.target, generation: t.requestedGen, reason: 'sweep' }, auditJobOptions(opts.service, id));
        summary.jobsReAdded++;
        log.warn({ runId, site: t.targetId, jobId: id }, 'audit job missing for a pending site: added again');
        continue;
      }
      if ((await job.getState()) !== 'failed') continue;
      const reason = job.failedReason ?? 'unknown';
      if (reason.startsWith(RESULT_STORED_MARK)) continue; // its result is on the store queue
      const stalled = /stalled/i.test(reason);
      const failure = new SiteFailure(
        'internal',
        failureMessage('internal', stalled ? `the worker stopped while auditing this site too many times (${reason})` : reason.slice(0, 300)),
      );
      const result = failureResult(t.target, runId, failure, null, new Date(job.processedOn ?? job.timestamp));
      result.durationMs = Math.max(0, (job.finishedOn ?? Date.now()) - (job.processedOn ?? job.timestamp));
      await store.saveRunResult(result, null, Math.max(job.data.generation, t.requestedGen));
      opts.metrics?.observeResult(result, null);
      summary.failuresStored++;
      log.warn({ runId, site: t.targetId, jobId: id, reason }, 'audit job failed without a result: failure stored');
    }
  }
  return summary;
}
