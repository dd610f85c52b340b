// Follow-up measurements: issue 14, "transient failures are retried, not published". A site audited fine except for a
// home-page collector that failed for a transient reason (a stalled load, a closed tab), after its retry inside the
// audit, is stored *provisional* (its run is not sealed) and one job goes on the collect queue with the audit's saved
// artifacts and the ids of the collectors to measure again. A worker runs just those collectors on the home page,
// merges their artifacts into the saved ones, computes the indicators again and stores the result, final, under the
// same generation (it replaces the provisional one). Nothing else of the site is fetched twice.
//
//   measured                       final result stored, job completed
//   failed transiently, tries left nothing stored, job retried with backoff (followUp.attempts/backoffDelayMs)
//   failed on the last try         final result stored with the collector's error (attempts made, retries spent)
//   host busy                      job put back for politeness.hostBusyDelayMs (no try used)
//   worker shutting down           job put back at once (no try used)
//
// A follow-up job that is lost or fails without storing anything leaves the result provisional: the store writer's
// sweep then finalizes it as it is (src/service/store-writer.ts), so every run still reaches its seal.
import { DelayedError, type Job, type Processor } from 'bullmq';
import type { Logger } from 'pino';
import { collectAgain, homeUrlOf, mergeArtifacts, remeasuredResult, spendRetries, transientFailures } from '../audit/recollect.ts';
import { hostKey } from '../audit/politeness.ts';
import type { Config } from '../config.ts';
import { firstLine } from '../failures.ts';
import type { Artifacts } from '../artifacts.ts';
import type { SiteResult } from '../types.ts';
import type { BrowserPool } from './browser-pool.ts';
import type { HostSlots } from './host-slots.ts';
import { collectJobOptions, packArtifacts, unpackArtifacts, type CollectJobData, type Queues } from './queue.ts';
import { collectJobId } from './runs.ts';
import type { ServiceConfig } from './service-config.ts';

export interface FollowUpDeps {
  config: Config;
  service: ServiceConfig;
  browsers: BrowserPool;
  queues: Queues;
  hosts: HostSlots;
  log: Logger;
  workerName: string;
  /** Aborted when the worker begins to stop: a job taken from then on is handed back at once. */
  stopping: AbortSignal;
  /** Aborted when the worker stops past its grace period: a measurement in flight is handed back to the queue. */
  shutdown: AbortSignal;
}

/** What a follow-up job returns. */
export interface FollowUpReturn {
  measured: string[];
  failed: string[];
}

/**
 * The audit processor's side: when an ok audit left transient collector errors, marks the result provisional and
 * queues its follow-up (before the result goes on the store queue, so the follow-up's final result can never be
 * overtaken by it; a provisional result never replaces a final one of its generation). Returns the collector ids.
 */
export async function queueFollowUp(queues: Queues, service: ServiceConfig, result: SiteResult, artifacts: Artifacts, generation: number): Promise<string[]> {
  if (result.status !== 'ok') return [];
  const collectors = transientFailures(artifacts);
  if (collectors.length === 0) return [];
  result.provisional = true;
  const data: CollectJobData = { runId: result.runId, target: result.target, generation, collectors, result, artifacts: packArtifacts(artifacts) };
  await queues.collect.add('collect', data, collectJobOptions(service, collectJobId(result.runId, result.target.id, generation)));
  return collectors;
}

export function createFollowUpProcessor(deps: FollowUpDeps): Processor<CollectJobData, FollowUpReturn> {
  return async (job, token) => {
    const { runId, target, generation, collectors } = job.data;
    const attempt = job.attemptsMade + 1;
    const lastTry = attempt >= (job.opts.attempts ?? 1);
    const log = deps.log.child({ runId, jobId: job.id, site: target.id, attempt, followUp: true });
    if (deps.stopping.aborted) return handBack(job, token, 0, log, 'worker shutting down');
    const host = hostKey(target.url);
    if (!(await deps.hosts.take(host, job.id!))) return handBack(job, token, deps.service.politeness.hostBusyDelayMs, log, `host ${host} busy`);
    try {
      const saved = unpackArtifacts(job.data.artifacts) ?? {};
      const homeLoadMs = Array.isArray(saved.pages) ? (saved.pages.find((p) => p.roles.includes('home'))?.loadMs ?? 0) : 0;
      log.info({ collectors, generation }, 'follow-up measurement started');
      let fresh: Artifacts;
      const lease = await deps.browsers.acquire();
      let onShutdown: (() => void) | undefined;
      const shutdown = new Promise<'shutdown'>((resolve) => {
        onShutdown = () => resolve('shutdown');
        if (deps.shutdown.aborted) onShutdown();
        deps.shutdown.addEventListener('abort', onShutdown, { once: true });
      });
      try {
        const measuring = collectAgain(homeUrlOf(job.data.result), collectors, { browser: lease.browser, config: deps.config }, homeLoadMs);
        measuring.catch(() => undefined); // abandoned at shutdown: its end must not be an unhandled rejection
        const measured = await Promise.race([measuring, shutdown]);
        if (measured === 'shutdown') return await handBack(job, token, 0, log, 'worker shutting down');
        fresh = measured;
      } catch (err) {
        if (err instanceof DelayedError) throw err;
        // The browser itself failed (a crash, a context that would not open): like a collector's transient failure.
        lease.release(/closed|crash|disconnect/i.test(String(err)) ? 'crash' : undefined);
        if (!lastTry) throw err;
        log.warn({ err: firstLine(err) }, 'follow-up measurement failed on its last try');
        fresh = {};
      } finally {
        deps.shutdown.removeEventListener('abort', onShutdown!);
        lease.release();
      }
      let merged = mergeArtifacts(saved, fresh);
      const failed = transientFailures(merged).filter((id) => collectors.includes(id));
      if (failed.length > 0 && !lastTry) {
        log.warn({ failed }, 'follow-up measurement failed again: will retry');
        throw new Error(`collectors failed again: ${failed.join(', ')}`);
      }
      if (failed.length > 0) merged = spendRetries(merged, failed, saved, attempt);
      const result = remeasuredResult(job.data.result, merged, deps.config);
      await deps.queues.store.add('site-result', {
        type: 'site-result',
        jobId: job.id!,
        generation,
        attempt,
        result,
        artifacts: packArtifacts(merged),
        timings: null,
        worker: deps.workerName,
      });
      const measured = collectors.filter((id) => !failed.includes(id));
      if (failed.length) log.warn({ measured, failed }, 'follow-up tries spent: final result stored with the collectors\' errors');
      else log.info({ measured }, 'follow-up measured: final result stored');
      return { measured, failed };
    } finally {
      await deps.hosts.release(host, job.id!).catch(() => undefined);
    }
  };
}

async function handBack(job: Job<CollectJobData>, token: string | undefined, delayMs: number, log: Logger, why: string): Promise<never> {
  log.info({ delayMs }, `follow-up put back: ${why}`);
  await job.moveToDelayed(Date.now() + delayMs, token);
  throw new DelayedError();
}
