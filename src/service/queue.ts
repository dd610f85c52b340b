// The queue: names, job data, run and job ids, the service's config, and the helpers that put work on Redis.
// BullMQ is the engine. Three queues under one key prefix:
//   audit   one job per (run, target), id `${runId}__${targetId}`; processed by workers (src/service/processor.ts)
//   store   messages for the one store writer (src/service/store-writer.ts): runs opened, sites re-queued, site results
//   control the nightly job scheduler's firings, processed by `eindex schedule` (src/service/scheduler.ts)
// Workers only ever talk to Redis and Chromium: what they produce reaches the SQLite store through the store queue.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { CONFIG_DIR, ConfigError } from '../config.ts';
import type { SiteResult, SiteStatus, Target } from '../types.ts';
import type { Artifacts } from '../artifacts.ts';

export const QUEUE = { audit: 'audit', store: 'store', control: 'control' } as const;
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
// Ids

export const RUN_ID_PATTERN = /^[A-Za-z0-9][\w.-]{0,99}$/;

/** The job id of a target in a run. Ids never contain ':' (target ids are checked at load, run ids here). */
export function auditJobId(runId: string, targetId: string): string {
  return `${runId}__${targetId}`;
}

export function checkRunId(runId: string): string {
  if (!RUN_ID_PATTERN.test(runId) || runId.includes('__')) {
    throw new ConfigError(`run id "${runId}": use letters, digits, ".", "_" and "-" only (no "__", no ":"), at most 100 characters`);
  }
  return runId;
}

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Nightly runs are named after their night in Latvia, so a second firing on the same night reuses the run. */
export function nightlyRunId(firedAt: Date, timeZone: string): string {
  return `nightly-${localDate(firedAt, timeZone)}`;
}

/** A run id for a run opened by hand: kind and UTC time to the second, e.g. "run-20261123T124501Z". */
export function adHocRunId(kind: string, now = new Date()): string {
  return `${kind}-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Service config (config/service.json)

export interface ServiceConfig {
  schedule: { cron: string; timeZone: string };
  worker: {
    concurrency: number;
    timeLimitMs: number;
    recycleBrowserEvery: number;
    lockDurationMs: number;
    stalledIntervalMs: number;
    maxStalledCount: number;
    shutdownGraceMs: number;
  };
  politeness: { perHostConcurrency: number; hostBusyDelayMs: number };
  retries: { attempts: number; backoffDelayMs: number };
  retention: { completedJobsDays: number; failedJobsDays: number };
  store: { sweepIntervalMs: number };
}

export type ServiceOverrides = { [K in keyof ServiceConfig]?: Partial<ServiceConfig[K]> };

function readSection(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (!key.startsWith('$')) out[key] = value;
  return out;
}

/** config/service.json, then a JSON file of overrides (same shape), then `overrides` (tests, flags). */
export function loadServiceConfig(overridesPath?: string, overrides: ServiceOverrides = {}): ServiceConfig {
  const basePath = join(CONFIG_DIR, 'service.json');
  const base = readJsonObject(basePath);
  const layers: [Record<string, unknown>, string][] = [];
  if (overridesPath) layers.push([readJsonObject(overridesPath), overridesPath]);
  layers.push([overrides as Record<string, unknown>, 'overrides']);
  const merged: Record<string, Record<string, unknown>> = {};
  for (const [section, value] of Object.entries(base)) {
    if (section.startsWith('$')) continue;
    merged[section] = readSection(value as Record<string, unknown>);
  }
  for (const [layer, where] of layers) {
    for (const [section, value] of Object.entries(layer)) {
      if (section.startsWith('$') || value === undefined) continue;
      const target = merged[section];
      if (!target) throw new ConfigError(`${where}: unknown section "${section}" (known: ${Object.keys(merged).join(', ')})`);
      if (typeof value !== 'object' || value === null) throw new ConfigError(`${where}: ${section}: expected an object`);
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        if (key.startsWith('$') || v === undefined) continue;
        if (!(key in target)) throw new ConfigError(`${where}: ${section}: unknown setting "${key}"`);
        if (typeof v !== typeof target[key]) throw new ConfigError(`${where}: ${section}.${key}: expected ${typeof target[key]}, got ${typeof v}`);
        target[key] = v;
      }
    }
  }
  const config = merged as unknown as ServiceConfig;
  validateServiceConfig(config);
  return config;
}

function readJsonObject(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${path}: cannot be read (${(err as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(`${path}: is not valid JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${path}: must be a JSON object`);
  return value as Record<string, unknown>;
}

function validateServiceConfig(c: ServiceConfig): void {
  const wholeAtLeast = (value: number, min: number, name: string) => {
    if (!Number.isInteger(value) || value < min) throw new ConfigError(`service config ${name}: must be a whole number ≥ ${min}, got ${value}`);
  };
  wholeAtLeast(c.worker.concurrency, 1, 'worker.concurrency');
  wholeAtLeast(c.worker.timeLimitMs, 1000, 'worker.timeLimitMs');
  wholeAtLeast(c.worker.recycleBrowserEvery, 1, 'worker.recycleBrowserEvery');
  wholeAtLeast(c.worker.lockDurationMs, 1000, 'worker.lockDurationMs');
  wholeAtLeast(c.worker.stalledIntervalMs, 500, 'worker.stalledIntervalMs');
  wholeAtLeast(c.worker.maxStalledCount, 0, 'worker.maxStalledCount');
  wholeAtLeast(c.worker.shutdownGraceMs, 0, 'worker.shutdownGraceMs');
  wholeAtLeast(c.politeness.perHostConcurrency, 1, 'politeness.perHostConcurrency');
  wholeAtLeast(c.politeness.hostBusyDelayMs, 1, 'politeness.hostBusyDelayMs');
  wholeAtLeast(c.retries.attempts, 1, 'retries.attempts');
  wholeAtLeast(c.retries.backoffDelayMs, 0, 'retries.backoffDelayMs');
  wholeAtLeast(c.store.sweepIntervalMs, 100, 'store.sweepIntervalMs');
  if (c.retention.completedJobsDays <= 0 || c.retention.failedJobsDays <= 0) throw new ConfigError('service config retention: days must be > 0');
  if (c.schedule.cron.trim().split(/\s+/).length < 5) {
    throw new ConfigError(`service config schedule.cron: "${c.schedule.cron}" is not a cron pattern (e.g. "0 1 * * *")`);
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: c.schedule.timeZone });
  } catch {
    throw new ConfigError(`service config schedule.timeZone: "${c.schedule.timeZone}" is not an IANA time zone (e.g. "Europe/Riga")`);
  }
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
  readonly store: Queue<StoreMessage>;
  readonly control: Queue;
  readonly redis: Redis;

  constructor(env: QueueEnv = queueEnv()) {
    this.env = env;
    const opts = { connection: connectionOptions(env), prefix: env.prefix };
    this.audit = new Queue<AuditJobData, AuditJobReturn>(QUEUE.audit, opts);
    this.store = new Queue<StoreMessage>(QUEUE.store, {
      ...opts,
      // Messages are processed once into SQLite; keep a few for inspection, not the artifacts of a whole night.
      defaultJobOptions: { attempts: 10, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { count: 50 }, removeOnFail: { age: 14 * 86_400 } },
    });
    this.control = new Queue(QUEUE.control, opts);
    this.redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    // Errors surface through commands; an unhandled 'error' event would crash the process on a Redis restart.
    this.redis.on('error', () => undefined);
    for (const q of [this.audit, this.store, this.control]) q.on('error', () => undefined);
  }

  /** Our own keys live beside BullMQ's under the same prefix. */
  key(...parts: string[]): string {
    return [this.env.prefix, 'eindex', ...parts].join(':');
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.audit.close(), this.store.close(), this.control.close()]);
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
