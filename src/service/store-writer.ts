// The one store writer: a BullMQ worker on the store queue that writes what workers and operators sent through Redis
// into the store (SQLite or PostgreSQL), one message at a time. It runs inside `eindex serve`, the one process that
// writes the store; workers and the scheduler never touch it. Messages wait in Redis while it is down and are written when it is back; a
// message it was writing when it died is delivered again (BullMQ stalled-job recovery), and writes are idempotent per
// (run, target, generation), so nothing is lost and nothing is doubled.
//
// It also keeps every run moving to its seal: a sweep over open runs stores a failure for a target whose audit job
// failed without a result (its worker was killed too often, or it was cancelled), and re-adds the job of a target
// whose job is gone from Redis. A provisional result (src/service/follow-up.ts) whose follow-up job is gone, or failed
// without storing a result, is finalized as it is (a 'finalize-provisional' message, written in turn with the others,
// so a follow-up's result already on its way is never overwritten).
import { QueueEvents, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { failureMessage, SiteFailure } from '../failures.ts';
import { auditJobOptions, connectionOptions, QUEUE, RESULT_STORED_MARK, unpackArtifacts, type Queues, type StoreMessage } from './queue.ts';
import { auditJobId, collectJobId } from './runs.ts';
import type { ServiceConfig } from './service-config.ts';
import type { Store } from '../store/store.ts';
import type { AuditMetrics } from './metrics.ts';
import { failureResult } from '../audit/result.ts';

export interface StoreWriterOptions {
  queues: Queues;
  store: Store;
  service: ServiceConfig;
  log: Logger;
  metrics?: AuditMetrics & { storeWrites?: { inc(labels: { type: string }): void }; followUps?: { inc(labels: { outcome: string }): void } };
}

export interface SweepSummary {
  runs: number;
  failuresStored: number;
  jobsReAdded: number;
  /** Provisional results whose follow-up ended without a result, finalized as they were. */
  provisionalFinalized: number;
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
      const provisional = message.result.provisional ? ', provisional' : message.result.provisional === false ? ', follow-up' : '';
      return `${message.result.runId}/${message.result.target.id}: ${message.result.status}${provisional} (${outcome})`;
    }
    case 'finalize-provisional': {
      const { runId, targetId, generation } = message;
      const t = (await store.runTargets(runId)).find((r) => r.targetId === targetId);
      const result = t?.provisional && t.resultGen === generation ? await store.getResult(runId, targetId) : null;
      if (!result) return `${runId}/${targetId}: nothing provisional to finalize`;
      // Artifacts untouched (null): the stored ones, screenshots and Lighthouse report stay as the audit left them.
      const outcome = await store.saveRunResult({ ...result, provisional: false }, null, generation);
      return `${runId}/${targetId}: provisional result finalized (${message.reason}; ${outcome})`;
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
      // A follow-up's result (provisional false) is the same site again: counted as a follow-up, not a second audit.
      if (message.type === 'site-result' && message.result.provisional === false) opts.metrics?.followUps?.inc({ outcome: 'stored' });
      else if (message.type === 'site-result') opts.metrics?.observeResult(message.result, message.timings);
      if (message.type === 'finalize-provisional') opts.metrics?.followUps?.inc({ outcome: 'finalized' });
      log.debug({ messageId: job.id, type: message.type }, what);
      if (message.type !== 'targets-requeued') await logSeal(message.type === 'site-result' ? message.result.runId : message.runId);
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
        return { runs: 0, failuresStored: 0, jobsReAdded: 0, provisionalFinalized: 0 };
      })
      .finally(() => (sweeping = null)));

  // A failed audit job may be one whose worker never stored a result: look at once rather than at the next tick.
  // So may a follow-up job that failed for good.
  const events = new QueueEvents(QUEUE.audit, { connection, prefix: queues.env.prefix });
  const followUpEvents = new QueueEvents(QUEUE.collect, { connection, prefix: queues.env.prefix });
  events.on('error', () => undefined);
  followUpEvents.on('error', () => undefined);
  let soon: NodeJS.Timeout | null = null;
  const sweepSoon = () => {
    soon ??= setTimeout(() => {
      soon = null;
      void sweep();
    }, 250);
  };
  events.on('failed', ({ failedReason }) => {
    if (failedReason.startsWith(RESULT_STORED_MARK)) return;
    sweepSoon();
  });
  followUpEvents.on('failed', sweepSoon);
  const timer = setInterval(() => void sweep(), opts.service.store.sweepIntervalMs);
  await Promise.all([worker.waitUntilReady(), events.waitUntilReady(), followUpEvents.waitUntilReady()]);
  void sweep();
  log.info({ prefix: queues.env.prefix, db: store.path }, 'store writer ready');

  return {
    worker,
    sweep,
    async close() {
      clearInterval(timer);
      if (soon) clearTimeout(soon);
      await sweeping?.catch(() => undefined);
      await Promise.allSettled([worker.close(), events.close(), followUpEvents.close()]);
    },
  };
}

async function sweepOnce(opts: StoreWriterOptions): Promise<SweepSummary> {
  const { queues, store, log } = opts;
  const summary: SweepSummary = { runs: 0, failuresStored: 0, jobsReAdded: 0, provisionalFinalized: 0 };
  for (const runId of await store.openServiceRuns()) {
    summary.runs++;
    for (const t of await store.runTargets(runId)) {
      if (t.provisional && t.resultGen !== null) {
        if (await finalizeIfFollowUpEnded(opts, runId, t.targetId, t.resultGen)) summary.provisionalFinalized++;
        continue;
      }
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

/**
 * A provisional result whose follow-up job is gone from Redis, or failed for good, will get no final result: puts a
 * 'finalize-provisional' message on the store queue (one per target and generation), written in turn after anything
 * already queued, so a result of the follow-up on its way is never overwritten: the message then finds nothing to do.
 */
async function finalizeIfFollowUpEnded(opts: StoreWriterOptions, runId: string, targetId: string, generation: number): Promise<boolean> {
  const { queues, log } = opts;
  const id = collectJobId(runId, targetId, generation);
  const job = await queues.collect.getJob(id);
  const state = job ? await job.getState() : 'unknown';
  // Waiting, delayed (backoff), active: still to come. Completed: its result is on the store queue (added before).
  if (state !== 'unknown' && state !== 'failed') return false;
  const reason = state === 'failed' ? `follow-up failed: ${(job?.failedReason ?? 'unknown').slice(0, 200)}` : 'follow-up job missing';
  await queues.store.add(
    'finalize-provisional',
    { type: 'finalize-provisional', runId, targetId, generation, reason },
    { jobId: `finalize__${runId}__${targetId}__g${generation}` },
  );
  log.warn({ runId, site: targetId, jobId: id, reason }, 'provisional result without a follow-up to come: finalized as it is');
  return true;
}
