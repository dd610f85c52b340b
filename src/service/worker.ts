// The worker process's wiring: a BullMQ Worker on the audit queue running the processor (src/service/processor.ts), one
// pooled Chromium, per-host politeness in Redis, graceful shutdown. Stateless: it needs Redis and Chromium only.
import { hostname } from 'node:os';
import { DelayedError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { launchBrowser, type AuditBrowser } from '../audit/browser.ts';
import type { Config } from '../config.ts';
import { connectionOptions, QUEUE, Queues, type AuditJobData, type AuditJobReturn, type CollectJobData, type QueueEnv } from './queue.ts';
import { createFollowUpProcessor, type FollowUpReturn } from './follow-up.ts';
import type { ServiceConfig } from './service-config.ts';
import { BrowserPool } from './browser-pool.ts';
import { HostSlots } from './host-slots.ts';
import { workerMetrics } from './metrics.ts';
import { createProcessor } from './processor.ts';
import { startHealthServer, type HealthServer } from './health-server.ts';
import { startAdmission } from './admission.ts';
import { WorkerSlots } from './worker-slots.ts';

export interface WorkerOptions {
  env: QueueEnv;
  config: Config;
  service: ServiceConfig;
  log: Logger;
  /** Sites at once at most; default service.worker.concurrency. Admission by load may take fewer (service.admission). */
  concurrency?: number;
  /** Serve /metrics and /healthz for this process on this port (0: any free port). */
  metricsPort?: number;
  /** For tests: how to launch Chromium. */
  launch?: () => Promise<AuditBrowser>;
}

export interface WorkerHandle {
  worker: Worker<AuditJobData, AuditJobReturn>;
  /** Follow-up measurements (src/service/follow-up.ts), one at a time, on the same browser pool. */
  followUps: Worker<CollectJobData, FollowUpReturn>;
  name: string;
  /** Port of the metrics server, when one was asked for. */
  metricsPort: number | null;
  /** Stops taking sites, lets audits in flight finish for shutdownGraceMs, hands the rest back; idempotent. */
  close(): Promise<void>;
}

export async function startWorker(opts: WorkerOptions): Promise<WorkerHandle> {
  const { service } = opts;
  const name = `${hostname()}-${process.pid}`;
  const log = opts.log.child({ worker: name });
  const queues = new Queues(opts.env);
  const metrics = workerMetrics();
  const stopping = new AbortController();
  const shutdown = new AbortController();
  const browsers = new BrowserPool({
    recycleEvery: service.worker.recycleBrowserEvery,
    log,
    // Playwright must not close Chromium on SIGTERM under running audits: shutdown is ours (close() below).
    launch: opts.launch ?? (() => launchBrowser({ handleSignals: false })),
    onRelaunch: (reason) => {
      metrics.relaunches.inc({ reason });
      void queues.redis.hincrby(queues.key('stats', 'browser-relaunches'), reason, 1).catch(() => undefined);
    },
  });
  // A slot outlives the hard time limit a little, so only a dead worker's slot ever expires.
  const hosts = new HostSlots(queues.redis, (host) => queues.key('host', host), service.politeness.perHostConcurrency, service.worker.timeLimitMs + 60_000);
  const maxConcurrency = opts.concurrency ?? service.worker.concurrency;
  // Set once the BullMQ worker exists (below); the processor runs only after that.
  let slots: WorkerSlots | undefined;
  const processor = createProcessor({
    config: opts.config,
    service,
    browsers,
    queues,
    hosts,
    log,
    workerName: name,
    stopping: stopping.signal,
    shutdown: shutdown.signal,
    lane: {
      enterLane: () => {
        const leave = slots?.enterLane() ?? (() => undefined);
        metrics.inLane.set(slots?.inLane ?? 0);
        return () => {
          leave();
          metrics.inLane.set(slots?.inLane ?? 0);
        };
      },
    },
    onAudited: (result, timings) => metrics.observeResult(result, timings),
  });
  const worker = new Worker<AuditJobData, AuditJobReturn>(QUEUE.audit, processor, {
    connection: connectionOptions(opts.env),
    prefix: opts.env.prefix,
    name,
    concurrency: maxConcurrency,
    lockDuration: service.worker.lockDurationMs,
    stalledInterval: service.worker.stalledIntervalMs,
    maxStalledCount: service.worker.maxStalledCount,
  });
  // Page slots (moved by admission) plus up to as many sites again waiting only on their Lighthouse run.
  slots = new WorkerSlots(worker, maxConcurrency, maxConcurrency);

  const followUps = new Worker<CollectJobData, FollowUpReturn>(
    QUEUE.collect,
    createFollowUpProcessor({ config: opts.config, service, browsers, queues, hosts, log, workerName: name, stopping: stopping.signal, shutdown: shutdown.signal }),
    {
      connection: connectionOptions(opts.env),
      prefix: opts.env.prefix,
      name,
      // One at a time: a follow-up is a few page loads, alongside the sites this worker audits.
      concurrency: 1,
      lockDuration: service.worker.lockDurationMs,
      stalledInterval: service.worker.stalledIntervalMs,
      maxStalledCount: service.worker.maxStalledCount,
    },
  );
  followUps.on('error', (err) => log.error({ err: err.message }, 'follow-up worker error'));
  followUps.on('failed', (job, err) => {
    if (job) log.info({ jobId: job.id, site: job.data.target.id, attemptsMade: job.attemptsMade, reason: err.message.slice(0, 300) }, 'follow-up job failed');
  });
  // A site handed back at shutdown ends its processor with BullMQ's DelayedError after the job is already back in the
  // queue. The fault tests saw one escape BullMQ as an unhandled rejection while a worker closed (after a Redis outage
  // had cost it job locks), which ended the process with code 1 instead of a clean stop. Nothing is lost by then: note
  // it and go on. Any other unhandled rejection still ends the process.
  const onUnhandled = (err: unknown) => {
    if (err instanceof DelayedError || (err as Error | null)?.name === 'DelayedError') {
      log.warn('a handed-back site\'s DelayedError escaped BullMQ (ignored: the site is back in the queue)');
      return;
    }
    throw err;
  };
  process.on('unhandledRejection', onUnhandled);
  worker.on('error', (err) => log.error({ err: err.message }, 'worker error'));
  worker.on('stalled', (jobId) => log.warn({ jobId }, 'job stalled (its worker stopped): back in the queue'));
  worker.on('failed', (job, err) => {
    if (job) log.info({ jobId: job.id, site: job.data.target.id, attemptsMade: job.attemptsMade, reason: err.message.slice(0, 300) }, 'job failed');
  });

  let server: HealthServer | null = null;
  if (opts.metricsPort !== undefined) {
    server = await startHealthServer(opts.metricsPort, async () => ({ ok: worker.isRunning(), worker: name }), metrics.registry);
  }
  const metricsPort = server?.port ?? null;
  metrics.concurrency.set(maxConcurrency);
  const admission = startAdmission(slots!, maxConcurrency, service.admission, (concurrency, reading) => {
    metrics.concurrency.set(concurrency);
    log.info({ concurrency, max: maxConcurrency, loadPerCore: Number(reading.loadPerCore.toFixed(2)), eventLoopDelayMs: Math.round(reading.eventLoopDelayMs) }, 'admission: concurrency changed with the load');
  });
  await Promise.all([worker.waitUntilReady(), followUps.waitUntilReady()]);
  log.info({ concurrency: worker.concurrency, prefix: opts.env.prefix, metricsPort }, 'worker ready');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      const t0 = Date.now();
      log.info({ graceMs: service.worker.shutdownGraceMs }, 'worker shutting down: no new sites');
      stopping.abort();
      admission.stop();
      const done = Promise.all([worker.close(), followUps.close()]);
      const grace = setTimeout(() => {
        log.warn('grace period over: handing sites in flight back to the queue');
        shutdown.abort();
      }, service.worker.shutdownGraceMs);
      await done;
      clearTimeout(grace);
      shutdown.abort();
      await browsers.close();
      await queues.close();
      if (server) await server.close();
      process.off('unhandledRejection', onUnhandled);
      log.info({ ms: Date.now() - t0 }, 'worker stopped');
    })());
  return { worker, followUps, name, metricsPort, close };
}
