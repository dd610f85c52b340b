// Prometheus metrics (prom-client). Two registries:
//  - the service's, served by `eindex serve` at /metrics: jobs by state (read from Redis at scrape time), audit
//    duration per site and per phase and failures by class (observed by the store writer, which sees every result of
//    every worker), browser relaunches (counted by all workers in Redis), follow-up measurements (src/service/follow-up.ts)
//    and the newest run's provisional targets;
//  - a worker's own, served with --metrics-port: the same per-site figures for that process, and its relaunches.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queues } from './queue.ts';
import type { PhaseTimings } from './queue.ts';
import type { SiteResult } from '../types.ts';

const DURATION_BUCKETS = [1, 2, 5, 10, 20, 30, 60, 90, 120, 180, 240, 300, 600];

export interface AuditMetrics {
  registry: Registry;
  observeResult(result: SiteResult, timings: PhaseTimings | null): void;
}

function auditMetrics(registry: Registry): AuditMetrics {
  const siteDuration = new Histogram({
    name: 'eindex_site_audit_duration_seconds',
    help: 'Wall time of one site audit (auditSite), by outcome (ok or failed).',
    labelNames: ['outcome'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const phaseDuration = new Histogram({
    name: 'eindex_audit_phase_duration_seconds',
    help: 'Time per phase of a site: queue_wait (created or re-queued to taken), crawl (pages, axe, mobile), lighthouse.',
    labelNames: ['phase'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const results = new Counter({
    name: 'eindex_site_results_total',
    help: 'Site results produced, by status: ok or the failure class (dns, timeout, http-error, ...).',
    labelNames: ['status'],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'eindex_site_failures_total',
    help: 'Sites that could not be audited, by failure class.',
    labelNames: ['class'],
    registers: [registry],
  });
  return {
    registry,
    observeResult(result, timings) {
      results.inc({ status: result.status });
      if (result.status !== 'ok') failures.inc({ class: result.status });
      siteDuration.observe({ outcome: result.status === 'ok' ? 'ok' : 'failed' }, result.durationMs / 1000);
      if (timings) {
        phaseDuration.observe({ phase: 'queue_wait' }, timings.queueWaitMs / 1000);
        phaseDuration.observe({ phase: 'crawl' }, Math.max(0, timings.auditMs - (timings.lighthouseMs ?? 0)) / 1000);
        if (timings.lighthouseMs !== null) phaseDuration.observe({ phase: 'lighthouse' }, timings.lighthouseMs / 1000);
      }
    },
  };
}

export const JOB_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'] as const;

export interface ServiceMetrics extends AuditMetrics {
  storeWrites: Counter;
  /** Follow-up results written (stored) and provisional results finalized without one (finalized). */
  followUps: Counter;
}

/** The service's registry; `queues` is read at each scrape. */
export function serviceMetrics(queues: Queues, latestRun?: () => Promise<{ runId: string; sealed: boolean; pending: number; provisional?: number; targets: number } | null>): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'eindex_serve_' });
  const base = auditMetrics(registry);
  new Gauge({
    name: 'eindex_jobs',
    help: 'Jobs per queue (audit, collect: follow-up measurements, store, control) and state, read from Redis at scrape time.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const q of [queues.audit, queues.collect, queues.store, queues.control]) {
        const counts = await q.getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) this.set({ queue: q.name, state }, counts[state] ?? 0);
      }
    },
  });
  new Counter({
    name: 'eindex_browser_relaunches_total',
    help: 'Chromium relaunches by all workers since the queue was created, by reason (recycle, crash, time-limit).',
    labelNames: ['reason'],
    registers: [registry],
    async collect() {
      const counts = await queues.redis.hgetall(queues.key('stats', 'browser-relaunches'));
      this.reset();
      for (const [reason, n] of Object.entries(counts)) this.inc({ reason }, Number(n));
    },
  });
  if (latestRun) {
    new Gauge({
      name: 'eindex_current_run_targets',
      help: 'Targets of the newest run by state (terminal: result stored; pending: still to be audited; provisional: stored, a collector being measured again).',
      labelNames: ['run', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        const run = await latestRun();
        if (!run) return;
        const provisional = run.provisional ?? 0;
        this.set({ run: run.runId, state: 'terminal' }, run.targets - run.pending - provisional);
        this.set({ run: run.runId, state: 'pending' }, run.pending);
        this.set({ run: run.runId, state: 'provisional' }, provisional);
      },
    });
    new Gauge({
      name: 'eindex_current_run_sealed',
      help: '1 when the newest run is sealed (every target has its terminal result), else 0.',
      labelNames: ['run'],
      registers: [registry],
      async collect() {
        this.reset();
        const run = await latestRun();
        if (run) this.set({ run: run.runId }, run.sealed ? 1 : 0);
      },
    });
  }
  const storeWrites = new Counter({
    name: 'eindex_store_messages_total',
    help: 'Messages written into the store by this writer, by type.',
    labelNames: ['type'],
    registers: [registry],
  });
  const followUps = new Counter({
    name: 'eindex_follow_ups_total',
    help: 'Follow-up measurements of collectors that failed transiently, by outcome: stored (a final result written by the follow-up) or finalized (the provisional result made final by the sweep: its follow-up was lost or failed).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  return { ...base, storeWrites, followUps };
}

export interface WorkerMetrics extends AuditMetrics {
  relaunches: Counter;
  /** Sites this worker takes at once now (admission by load moves it). */
  concurrency: Gauge;
  /** Sites whose pages are done, waiting on their Lighthouse run in this worker's lane. */
  inLane: Gauge;
}

export function workerMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'eindex_worker_' });
  const base = auditMetrics(registry);
  const relaunches = new Counter({
    name: 'eindex_worker_browser_relaunches_total',
    help: 'Chromium relaunches by this worker process, by reason.',
    labelNames: ['reason'],
    registers: [registry],
  });
  const concurrency = new Gauge({
    name: 'eindex_worker_concurrency',
    help: 'Sites this worker takes at once now: admission by load moves it between admission.minConcurrency and its maximum.',
    registers: [registry],
  });
  const inLane = new Gauge({
    name: 'eindex_worker_lighthouse_lane_sites',
    help: "Sites whose pages are done and whose Lighthouse run waits or runs in this worker's lane (each freed its page slot).",
    registers: [registry],
  });
  return { ...base, relaunches, concurrency, inLane };
}
