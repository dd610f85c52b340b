// The nightly scheduler: one BullMQ job scheduler (cron and time zone from config/service.json) that drops a firing on
// the control queue, and a worker on that queue that opens the night's run: the run id comes from the firing's
// scheduled time in Europe/Riga, so a double firing or a scheduler restarted mid-enqueue opens the same run, and every
// target's job id is `${runId}__${targetId}`, so no target is queued twice in a run.
import { Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { connectionOptions, NIGHTLY_SCHEDULER_ID, openRun, QUEUE, type OpenRunSummary, type Queues } from './queue.ts';
import { nightlyRunId } from './runs.ts';
import type { ServiceConfig } from './service-config.ts';
import type { Target } from '../types.ts';

export interface FiringData {
  kind: 'nightly';
}

/** Creates or updates the nightly job scheduler. The only place that does. */
export async function upsertNightlySchedule(queues: Queues, service: ServiceConfig): Promise<{ next: Date | null }> {
  await queues.control.upsertJobScheduler(
    NIGHTLY_SCHEDULER_ID,
    { pattern: service.schedule.cron, tz: service.schedule.timeZone },
    {
      name: 'nightly',
      data: { kind: 'nightly' } satisfies FiringData,
      // A firing whose scheduler died half-way is taken up again (stalled) and finishes the enqueue; a failed one
      // (e.g. an unreadable targets file) is retried a few times, then left for the operator to see.
      opts: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: { count: 60 }, removeOnFail: { count: 60 } },
    },
  );
  const scheduler = await queues.control.getJobScheduler(NIGHTLY_SCHEDULER_ID);
  return { next: scheduler?.next ? new Date(scheduler.next) : null };
}

/** The instant a firing was scheduled for (not when it ran: a late firing still belongs to its night). */
export function firingTime(job: Job): Date {
  const scheduled = (job.opts as { prevMillis?: number }).prevMillis;
  return new Date(typeof scheduled === 'number' && scheduled > 0 ? scheduled : job.timestamp);
}

export interface SchedulerOptions {
  queues: Queues;
  service: ServiceConfig;
  /** Read at each firing, so an edited targets file applies from the next night on. */
  loadTargets: () => Promise<Target[]>;
  log: Logger;
}

export interface SchedulerHandle {
  worker: Worker<FiringData, OpenRunSummary>;
  /** Opens the run of a firing (what the control worker does); exposed for tests and `eindex run`. */
  fire(firedAt: Date): Promise<OpenRunSummary>;
  /** Healthy while the control worker runs and Redis holds the nightly schedule with a next firing. */
  health(): Promise<{ ok: boolean; running: boolean; next: string | null }>;
  close(): Promise<void>;
}

export async function startScheduler(opts: SchedulerOptions): Promise<SchedulerHandle> {
  const { queues, service, log } = opts;
  const fire = async (firedAt: Date): Promise<OpenRunSummary> => {
    const runId = nightlyRunId(firedAt, service.schedule.timeZone);
    const targets = await opts.loadTargets();
    if (targets.length === 0) throw new Error('no valid targets to audit: check the targets file');
    const summary = await openRun(queues, { runId, kind: 'nightly', targets, service, reason: 'scheduled', current: true });
    log.info({ ...summary, firedAt: firedAt.toISOString() }, summary.added ? 'nightly run opened' : 'nightly run already open: nothing added');
    return summary;
  };
  const worker = new Worker<FiringData, OpenRunSummary>(QUEUE.control, (job) => fire(firingTime(job)), {
    connection: connectionOptions(queues.env),
    prefix: queues.env.prefix,
    concurrency: 1,
    name: 'scheduler',
  });
  worker.on('error', (err) => log.error({ err: err.message }, 'scheduler worker error'));
  worker.on('failed', (job, err) => log.error({ firing: job?.id, err: err.message }, 'nightly firing failed'));
  await worker.waitUntilReady();
  return {
    worker,
    fire,
    health: async () => {
      const running = worker.isRunning();
      const scheduler = await queues.control.getJobScheduler(NIGHTLY_SCHEDULER_ID);
      const next = scheduler?.next ? new Date(scheduler.next).toISOString() : null;
      return { ok: running && next !== null, running, next };
    },
    close: () => worker.close(),
  };
}
