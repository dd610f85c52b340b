// The audit job processor: one site of one run through auditSite, its result onto the store queue.
// Runs in the worker process (not sandboxed): an audit is almost all waiting on Chromium and the network, the process
// keeps one browser across many sites (recycled every N), and the heaviest synchronous step, Lighthouse's trace
// processing, holds the event loop for a few seconds at most, far below the lock renewal time (lockDurationMs / 2).
//
// What happens to a site, by its result:
//   ok                          result stored, job completed
//   ok, a collector failed transiently   result stored provisional, a follow-up measures the collector again
//                               (src/service/follow-up.ts), job completed
//   transient failure, tries left   nothing stored, job retried with backoff (BullMQ attempts/backoff)
//   transient failure, last try     failure result stored, job failed
//   permanent failure           failure result stored, job failed at once (UnrecoverableError: no retry)
//   host busy (politeness)      job put back for politeness.hostBusyDelayMs (DelayedError: no try used)
//   worker shutting down        job put back at once (DelayedError) for another worker
import { DelayedError, UnrecoverableError, type Job, type Processor } from 'bullmq';
import type { Logger } from 'pino';
import { auditSite, type SiteAudit } from '../audit/runner.ts';
import { failureResult } from '../audit/result.ts';
import { classifyError, failureMessage, firstLine, isTransient, SiteFailure } from '../failures.ts';
import {
  currentGeneration,
  packArtifacts,
  RESULT_STORED_MARK,
  type AuditJobData,
  type AuditJobReturn,
  type PhaseTimings,
} from './queue.ts';
import { type SiteResult } from '../types.ts';
import { isCollectorError } from '../artifacts.ts';
import type { BrowserPool } from './browser-pool.ts';
import type { LaneSlots } from './worker-slots.ts';
import { hostKey } from '../audit/politeness.ts';
import { queueFollowUp, type FollowUpDeps } from './follow-up.ts';

/** The follow-up processor's needs (browsers, queues, host slots, the worker's name and stop signals), and: */
export interface ProcessorDeps extends FollowUpDeps {
  /** The worker's lane slots: a site whose pages are done frees its page slot while Lighthouse runs (worker-slots.ts). */
  lane?: LaneSlots;
  /** Called once per site that reached a result (for this process's metrics). */
  onAudited?: (result: SiteResult, timings: PhaseTimings) => void;
}

type AuditOutcome = { kind: 'done'; audit: SiteAudit } | { kind: 'aborted'; why: 'shutdown' | 'cancelled' };

export function createProcessor(deps: ProcessorDeps): Processor<AuditJobData, AuditJobReturn> {
  return async (job, token, signal) => {
    const { runId, target } = job.data;
    const jobId = job.id!;
    const attempt = job.attemptsMade + 1;
    const jobLog = deps.log.child({ runId, jobId, attempt });
    const log = jobLog.child({ site: target.id });

    if (deps.stopping.aborted) return handBack(job, token, 0, log, 'worker shutting down');
    const host = hostKey(target.url);
    if (!(await deps.hosts.take(host, jobId))) {
      return handBack(job, token, deps.service.politeness.hostBusyDelayMs, log, `host ${host} busy`);
    }
    try {
      // The newest re-queue before this start is what this audit answers.
      const generation = Math.max(job.data.generation, await currentGeneration(deps.queues, runId, target.id));
      const queueWaitMs = Math.max(0, (job.processedOn ?? Date.now()) - job.timestamp);
      log.info({ generation, queueWaitMs }, 'audit started');
      const started = Date.now();
      const outcome = await audit(job.data, deps, jobLog, signal);
      if (outcome.kind === 'aborted') {
        if (outcome.why === 'cancelled') throw new UnrecoverableError(`cancelled: ${String(signal?.reason ?? 'by operator')}`);
        return handBack(job, token, 0, log, 'worker shutting down');
      }
      const { result, artifacts } = outcome.audit;
      const lh = artifacts.lighthouse;
      const timings: PhaseTimings = {
        queueWaitMs,
        auditMs: Date.now() - started,
        lighthouseMs: lh && !isCollectorError(lh) ? lh.durationMs : null,
      };

      if (result.status !== 'ok') {
        const transient = isTransient(result.status, result.message ?? '');
        const lastTry = attempt >= (job.opts.attempts ?? 1);
        if (transient && !lastTry) {
          log.warn({ failure: result.status, reason: result.message }, 'transient failure: will retry');
          throw new Error(`${result.status}: ${result.message ?? ''}`);
        }
      }
      const followUp = await queueFollowUp(deps.queues, deps.service, result, artifacts, generation);
      if (followUp.length) log.info({ collectors: followUp }, 'collectors failed transiently: result provisional, follow-up queued');
      await deps.queues.store.add('site-result', {
        type: 'site-result',
        jobId,
        generation,
        attempt,
        result,
        artifacts: packArtifacts(artifacts),
        timings,
        worker: deps.workerName,
      });
      deps.onAudited?.(result, timings);
      if (result.status === 'ok') {
        log.info({ durationMs: result.durationMs, pages: result.pages.length }, 'audit stored');
        return { status: result.status, durationMs: result.durationMs };
      }
      const reason = `${RESULT_STORED_MARK}${result.status}: ${result.message ?? ''}`;
      const transient = isTransient(result.status, result.message ?? '');
      log.warn({ failure: result.status, reason: result.message, transient }, transient ? 'failed after the last try: failure stored' : 'permanent failure stored: no retry');
      throw transient ? new Error(reason) : new UnrecoverableError(reason);
    } finally {
      await deps.hosts.release(host, jobId).catch(() => undefined);
    }
  };
}

/** Puts the job back (delayed by `delayMs`) without using up a try; only its lock holder may do so. */
async function handBack(job: Job<AuditJobData>, token: string | undefined, delayMs: number, log: Logger, why: string): Promise<never> {
  log.info({ delayMs }, `site put back: ${why}`);
  await job.moveToDelayed(Date.now() + delayMs, token);
  throw new DelayedError();
}

/** auditSite on a pooled browser, under the hard time limit, abandoned on shutdown or cancellation. */
async function audit(data: AuditJobData, deps: ProcessorDeps, jobLog: Logger, cancel: AbortSignal | undefined): Promise<AuditOutcome> {
  const startedAt = new Date();
  const { target, runId } = data;
  let lease: Awaited<ReturnType<BrowserPool['acquire']>>;
  try {
    // A browser still being launched when the worker's grace period ends must not hold up the shutdown.
    const shutdown = new Promise<never>((_, reject) => {
      if (deps.shutdown.aborted) reject(new Error('shutdown'));
      deps.shutdown.addEventListener('abort', () => reject(new Error('shutdown')), { once: true });
    });
    shutdown.catch(() => undefined);
    lease = await Promise.race([deps.browsers.acquire(), shutdown]);
  } catch (err) {
    if (deps.shutdown.aborted) return { kind: 'aborted', why: 'shutdown' };
    const failure = new SiteFailure('browser-crash', failureMessage('browser-crash', `launch: ${firstLine(err)}`));
    return { kind: 'done', audit: { result: failureResult(target, runId, failure, null, startedAt), artifacts: {} } };
  }
  let timer: NodeJS.Timeout | undefined;
  let timeUp: (() => void) | undefined;
  const cleanups: (() => void)[] = [];
  const stop = new Promise<AuditOutcome | 'time-limit'>((resolve) => {
    timeUp = () => resolve('time-limit');
    timer = setTimeout(timeUp, deps.service.worker.timeLimitMs);
    const onShutdown = () => resolve({ kind: 'aborted', why: 'shutdown' });
    const onCancel = () => resolve({ kind: 'aborted', why: 'cancelled' });
    // Either may have fired while the browser was being launched.
    if (deps.shutdown.aborted) onShutdown();
    if (cancel?.aborted) onCancel();
    deps.shutdown.addEventListener('abort', onShutdown, { once: true });
    cancel?.addEventListener('abort', onCancel, { once: true });
    cleanups.push(() => deps.shutdown.removeEventListener('abort', onShutdown), () => cancel?.removeEventListener('abort', onCancel));
  });
  let leaveLane: (() => void) | undefined;
  // Pages done: the hard limit starts again for the Lighthouse lane (its turn, then its run with its own limit).
  const onPagesDone = () => {
    leaveLane ??= deps.lane?.enterLane();
    clearTimeout(timer);
    timer = setTimeout(timeUp!, deps.service.worker.timeLimitMs);
  };
  const work: Promise<AuditOutcome> = auditSite(target, { browser: lease.browser, config: deps.config, runId, log: jobLog, onPagesDone }).then(
    (audit) => ({ kind: 'done', audit }),
    (err: unknown) => {
      // auditSite turns site problems into results; a throw means the browser itself failed (e.g. newContext).
      const failure = classifyError(err);
      return { kind: 'done', audit: { result: failureResult(target, runId, failure, lease.browser, startedAt), artifacts: {} } };
    },
  );
  try {
    const first = await Promise.race([work, stop]);
    if (first === 'time-limit') {
      // auditSite has its own deadline (crawl.siteTimeoutMs); reaching this one means the browser is stuck.
      lease.release('time-limit');
      const failure = new SiteFailure('timeout', failureMessage('timeout', `worker time limit of ${deps.service.worker.timeLimitMs} ms`));
      return { kind: 'done', audit: { result: failureResult(target, runId, failure, lease.browser, startedAt), artifacts: {} } };
    }
    if (first.kind === 'done' && first.audit.result.status === 'browser-crash') lease.release('crash');
    return first;
  } finally {
    clearTimeout(timer);
    leaveLane?.();
    for (const c of cleanups) c();
    lease.release();
  }
}
