// The queue: names, job data, the connection, and the helpers that put work on Redis. Run and job ids are in
// src/service/runs.ts, the service's config in src/service/service-config.ts.
// BullMQ is the engine. Four queues under one key prefix:
//   audit   one job per (run, target), id `${runId}__${targetId}`; processed by workers (src/service/processor.ts)
//   collect follow-up measurements of collectors that failed transiently, id `${runId}__${targetId}__g${generation}`;
//           processed by workers too (src/service/follow-up.ts)
//   store   messages for the one store writer (src/service/store-writer.ts): runs opened, sites re-queued, site results
//   control the nightly job scheduler's firings, processed by `eindex schedule` (src/service/scheduler.ts)
// Workers only ever talk to Redis and Chromium: what they produce reaches the SQLite store through the store queue.
import { gunzipSync, gzipSync } from 'node:zlib';
import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { SiteResult, SiteStatus, Target } from '../types.ts';
import type { Artifacts } from '../artifacts.ts';
import { auditJobId, checkRunId } from './runs.ts';
import type { ServiceConfig } from './service-config.ts';

export const QUEUE = { audit: 'audit', collect: 'collect', store: 'store', control: 'control' } as const;
export const NIGHTLY_SCHEDULER_ID = 'nightly';
/** Prepended to the reason of an audit job that failed after its failure result was put on the store queue. */
export const RESULT_STORED_MARK = '[result stored] ';

// ---------------------------------------------------------------------------------------------------------------
// Job data

/** Why an audit job exists. */
export type AuditReason = 'scheduled' | 'run' | 'requeue' | 'sweep';

export interface AuditJobData {
  runId: string;
  target: Target;
  /** 0 for the run's first audit of the target, raised by every re-queue; the store keeps the newest. */
  generation: number;
  reason: AuditReason;
}

/** A follow-up measurement: the collectors of a provisional result to measure again, and what the audit saved. */
export interface CollectJobData {
  runId: string;
  target: Target;
  /** The generation of the provisional result: the final one is stored under the same. */
  generation: number;
  /** Ids of the home-page collectors (src/collectors/index.ts) whose artifacts failed transiently. */
  collectors: string[];
  /** The provisional result (pages, robots, versions, start time are kept). */
  result: SiteResult;
  /** The site's artifacts as saved by the audit (packArtifacts): nothing else is fetched again. */
  artifacts: string | null;
}

/** What an audit job returns (kept small: the result itself travels on the store queue). */
export interface AuditJobReturn {
  status: SiteStatus;
  durationMs: number;
}

export interface PhaseTimings {
  /** From the job's creation (or re-queue) to a worker taking it, including backoff and host-busy waits. */
  queueWaitMs: number;
  /** auditSite from start to end, Lighthouse included. */
  auditMs: number;
  lighthouseMs: number | null;
}

export type StoreMessage =
  | {
      type: 'run-opened';
      runId: string;
      kind: string;
      createdAt: string;
      targets: Target[];
    }
  | {
      type: 'targets-requeued';
      runId: string;
      kind: string;
      createdAt: string;
      targets: { target: Target; generation: number }[];
    }
  | {
      /** The store writer's sweep: finalize a provisional result whose follow-up ended without one (no-op if final). */
      type: 'finalize-provisional';
      runId: string;
      targetId: string;
      generation: number;
      reason: string;
    }
  | {
      type: 'site-result';
      jobId: string;
      generation: number;
      attempt: number;
      result: SiteResult;
      /** Artifacts as gzipped JSON, base64: a site's artifacts are ~10x smaller so. null when none were collected. */
      artifacts: string | null;
      timings: PhaseTimings | null;
      worker: string;
    };

export function packArtifacts(artifacts: Artifacts | null): string | null {
  if (!artifacts || Object.keys(artifacts).length === 0) return null;
  return gzipSync(JSON.stringify(artifacts)).toString('base64');
}

export function unpackArtifacts(packed: string | null): Artifacts | null {
  return packed === null ? null : (JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8')) as Artifacts);
}

// ---------------------------------------------------------------------------------------------------------------
// Connection

export interface QueueEnv {
  /** redis://[user:password@]host:port[/db]; REDIS_URL, default redis://127.0.0.1:6379. */
  redisUrl: string;
  /** Key prefix of every queue and of our own keys; EINDEX_QUEUE_PREFIX, default "eindex". Tests use a fresh one. */
  prefix: string;
}

export function queueEnv(env: NodeJS.ProcessEnv = process.env): QueueEnv {
  return { redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379', prefix: env.EINDEX_QUEUE_PREFIX || 'eindex' };
}

/** Connection options for BullMQ: workers must retry forever (maxRetriesPerRequest null), so they ride out a Redis restart. */
export function connectionOptions(env: QueueEnv): { url: string; maxRetriesPerRequest: null } {
  return { url: env.redisUrl, maxRetriesPerRequest: null };
}

/** The Redis URL with any password replaced, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.username && u.password === '') u.username = '***';
    return u.href;
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

/** The producer side: the three queues and a plain client for our own keys. */
export class Queues {
  readonly env: QueueEnv;
  readonly audit: Queue<AuditJobData, AuditJobReturn>;
  readonly collect: Queue<CollectJobData>;
  readonly store: Queue<StoreMessage>;
  readonly control: Queue;
  readonly redis: Redis;

  constructor(env: QueueEnv = queueEnv()) {
    this.env = env;
    const opts = { connection: connectionOptions(env), prefix: env.prefix };
    this.audit = new Queue<AuditJobData, AuditJobReturn>(QUEUE.audit, opts);
    this.collect = new Queue<CollectJobData>(QUEUE.collect, opts);
    this.store = new Queue<StoreMessage>(QUEUE.store, {
      ...opts,
      // Messages are processed once into SQLite; keep a few for inspection, not the artifacts of a whole night.
      defaultJobOptions: { attempts: 10, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { count: 50 }, removeOnFail: { age: 14 * 86_400 } },
    });
    this.control = new Queue(QUEUE.control, opts);
    this.redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    // Errors surface through commands; an unhandled 'error' event would crash the process on a Redis restart.
    this.redis.on('error', () => undefined);
    for (const q of [this.audit, this.collect, this.store, this.control]) q.on('error', () => undefined);
  }

  /** Our own keys live beside BullMQ's under the same prefix. */
  key(...parts: string[]): string {
    return [this.env.prefix, 'eindex', ...parts].join(':');
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.audit.close(), this.collect.close(), this.store.close(), this.control.close()]);
    this.redis.disconnect();
  }
}

export function auditJobOptions(service: ServiceConfig, jobId: string): JobsOptions {
  return {
    jobId,
    attempts: service.retries.attempts,
    backoff: { type: 'exponential', delay: service.retries.backoffDelayMs },
    removeOnComplete: { age: Math.round(service.retention.completedJobsDays * 86_400) },
    removeOnFail: { age: Math.round(service.retention.failedJobsDays * 86_400) },
  };
}

/** A follow-up measurement's options: its own tries and backoff (followUp), kept as long as audit jobs. */
export function collectJobOptions(service: ServiceConfig, jobId: string): JobsOptions {
  return {
    jobId,
    attempts: service.followUp.attempts,
    // The first try waits too: whatever made the collector fail may still be going on.
    delay: service.followUp.backoffDelayMs,
    backoff: { type: 'exponential', delay: service.followUp.backoffDelayMs },
    removeOnComplete: { age: Math.round(service.retention.completedJobsDays * 86_400) },
    removeOnFail: { age: Math.round(service.retention.failedJobsDays * 86_400) },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Enqueue helpers

export interface OpenRunOptions {
  runId: string;
  kind: string;
  targets: readonly Target[];
  service: ServiceConfig;
  reason?: AuditReason;
  createdAt?: string;
  /** Make this the run that re-queues go to by default (nightly and manual runs; not ad-hoc re-queue runs). */
  current?: boolean;
}

export interface OpenRunSummary {
  runId: string;
  targets: number;
  /** Jobs created now; the others already existed (a second firing, a restarted scheduler). */
  added: number;
  existing: number;
}

/**
 * Opens a run: tells the store writer which targets the run has, then enqueues one audit job per target with the
 * job id `${runId}__${targetId}`. Calling it again for the same run adds no job twice (BullMQ ignores an add whose id
 * exists), so a double firing or a scheduler restarted half-way is harmless.
 */
export async function openRun(queues: Queues, opts: OpenRunOptions): Promise<OpenRunSummary> {
  checkRunId(opts.runId);
  const createdAt = opts.createdAt ?? new Date().toISOString();
  // The store learns the run's targets first, so a run is never sealed before all its targets are known.
  await queues.store.add('run-opened', { type: 'run-opened', runId: opts.runId, kind: opts.kind, createdAt, targets: [...opts.targets] });
  if (opts.current ?? true) await queues.redis.set(queues.key('current-run'), opts.runId);
  let added = 0;
  for (let i = 0; i < opts.targets.length; i += 100) {
    const batch = opts.targets.slice(i, i + 100);
    const ids = batch.map((t) => auditJobId(opts.runId, t.id));
    const before = await Promise.all(ids.map((id) => queues.audit.getJobState(id)));
    await queues.audit.addBulk(
      batch.map((target, j) => ({
        name: 'audit',
        data: { runId: opts.runId, target, generation: 0, reason: opts.reason ?? 'run' },
        opts: auditJobOptions(opts.service, ids[j]!),
      })),
    );
    added += before.filter((s) => s === 'unknown').length;
  }
  return { runId: opts.runId, targets: opts.targets.length, added, existing: opts.targets.length - added };
}

export async function currentRunId(queues: Queues): Promise<string | null> {
  return queues.redis.get(queues.key('current-run'));
}

export type RequeueOutcome =
  /** A new audit of the target is queued. */
  | 'queued'
  /** An audit of the target in this run is already waiting: nothing added. */
  | 'already-queued'
  /** The target is being audited right now: nothing added (one audit of a site at a time). */
  | 'in-progress';

export interface RequeueResult {
  runId: string;
  outcomes: { targetId: string; outcome: RequeueOutcome }[];
}

/** The target's generation in a run: 0 at first, raised by every re-queue. A worker reads it when it starts. */
export async function currentGeneration(queues: Queues, runId: string, targetId: string): Promise<number> {
  const value = await queues.redis.hget(queues.key('generation', runId), targetId);
  return value === null ? 0 : Number(value);
}

/**
 * Re-queues targets into an existing run. Never two audits of one target in a run at once: a target whose job waits or
 * runs is left alone. A finished job is retried in place (same job id), and the store writer is told the target's new
 * generation, so the run counts as open until a result of that generation lands. (A new ad-hoc run is `openRun`.)
 *
 * Order-independent by construction: the generation is raised in Redis before the retry, the worker reads it when it
 * starts, and the store keeps a result only if it is at least as new as the newest request it has heard of.
 */
export async function requeue(
  queues: Queues,
  opts: { runId: string; kind: string; targets: readonly Target[]; service: ServiceConfig; createdAt?: string },
): Promise<RequeueResult> {
  checkRunId(opts.runId);
  const createdAt = opts.createdAt ?? new Date().toISOString();
  const outcomes: RequeueResult['outcomes'] = [];
  const requested: { target: Target; generation: number }[] = [];
  for (const target of opts.targets) {
    const id = auditJobId(opts.runId, target.id);
    const job = await queues.audit.getJob(id);
    const state = job ? await job.getState() : 'unknown';
    if (state === 'active') {
      outcomes.push({ targetId: target.id, outcome: 'in-progress' });
      continue;
    }
    if (job && state !== 'completed' && state !== 'failed') {
      outcomes.push({ targetId: target.id, outcome: 'already-queued' });
      continue;
    }
    const generation = await queues.redis.hincrby(queues.key('generation', opts.runId), target.id, 1);
    const data: AuditJobData = { runId: opts.runId, target, generation, reason: 'requeue' };
    if (!job) {
      // Gone from Redis (retention) or never in this run. A concurrent add with the same id is ignored by BullMQ.
      await queues.audit.add('audit', data, auditJobOptions(opts.service, id));
    } else {
      await job.updateData(data);
      try {
        await job.retry(state as 'completed' | 'failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      } catch {
        // Someone else re-queued it between our look and our retry: theirs is the one queued.
        outcomes.push({ targetId: target.id, outcome: 'already-queued' });
        continue;
      }
    }
    outcomes.push({ targetId: target.id, outcome: 'queued' });
    requested.push({ target, generation });
  }
  if (requested.length > 0) {
    await queues.store.add('targets-requeued', { type: 'targets-requeued', runId: opts.runId, kind: opts.kind, createdAt, targets: requested });
  }
  return { runId: opts.runId, outcomes };
}
