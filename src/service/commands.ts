// The service's commands, called from src/cli.ts: schedule, worker, serve (long-running, stopped by SIGTERM/SIGINT)
// and run, enqueue, status (one-shot). Each returns the process exit code: 0 done, 1 failed, 2 a start-up check or
// the command line is wrong (with a message saying what to fix).
import { join, resolve } from 'node:path';
import { checkApiToken, checkChromium, checkConfig, checkDataDir, checkRedis, checkTargets, formatChecks, type CheckResult } from './checks.ts';
import { loadConfig, REPO_ROOT, type CrawlConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { currentRunId, openRun, queueEnv, Queues, redactUrl, requeue } from './queue.ts';
import { adHocRunId, checkRunId } from './runs.ts';
import { loadServiceConfig, type ServiceConfig } from './service-config.ts';
import { createApiServer } from './api.ts';
import { openStore } from '../store/store.ts';
import { loadTargets } from '../targets.ts';
import type { Target } from '../types.ts';
import { serviceMetrics } from './metrics.ts';
import { startScheduler, upsertNightlySchedule } from './scheduler.ts';
import { startHealthServer } from './health-server.ts';
import { formatStatus, runStatus } from './status.ts';
import { startStoreWriter } from './store-writer.ts';
import { startWorker } from './worker.ts';

export const SERVICE_COMMANDS = ['schedule', 'worker', 'serve', 'write', 'run', 'enqueue', 'status'] as const;
export type ServiceCommand = (typeof SERVICE_COMMANDS)[number];

export function isServiceCommand(command: string): command is ServiceCommand {
  return (SERVICE_COMMANDS as readonly string[]).includes(command);
}

export const SERVICE_USAGE = `Service (BullMQ on Redis; see docs/service.md):
  eindex schedule [--targets FILE] [--health-port N]  nightly scheduler (config/service.json: cron, Europe/Riga)
  eindex worker [--concurrency N] [--metrics-port N]   audit sites from the queue (Redis + Chromium only)
  eindex serve [--port N] [--no-writer]        HTTP API, /admin/queues, /metrics, /healthz, and the store writer
  eindex write [--health-port N]               the store writer alone, for serve --no-writer (exactly one)
  eindex run [--targets FILE] [--only id,id] [--run ID]   open a run now, enqueue every target, print its id
  eindex enqueue <targetId>... [--run ID | --new-run]     re-queue sites into the current run (or a new one)
  eindex status [runId] [--json]               counts per state, failures, ETA, sealed
Service options: --service-config FILE (overrides of config/service.json), --targets FILE (default
  $EINDEX_TARGETS or ./targets.json), --config FILE and --no-lighthouse (workers).
Environment: REDIS_URL (default redis://127.0.0.1:6379), EINDEX_DATA_DIR (store directory), EINDEX_API_TOKEN
  (re-queue over HTTP), EINDEX_QUEUE_PREFIX (Redis key prefix, default eindex), EINDEX_API_PORT (default 8080).
`;

/** The option values src/cli.ts parses (a subset is used by each command). */
export interface ServiceArgs {
  targets?: string | undefined;
  only?: string | undefined;
  run?: string | undefined;
  json?: boolean | undefined;
  port?: string | undefined;
  concurrency?: string | undefined;
  config?: string | undefined;
  db?: string | undefined;
  'no-lighthouse'?: boolean | undefined;
  'new-run'?: boolean | undefined;
  'service-config'?: string | undefined;
  'metrics-port'?: string | undefined;
  'health-port'?: string | undefined;
  'no-writer'?: boolean | undefined;
}

class ServiceUsageError extends Error {
  override name = 'ServiceUsageError';
}

function dataDir(): string {
  return resolve(process.env.EINDEX_DATA_DIR ?? join(REPO_ROOT, 'data'));
}

function storePath(db: string | undefined): string {
  return db ? resolve(db) : join(dataDir(), 'eindex.sqlite');
}

function targetsPath(args: ServiceArgs): string {
  return resolve(args.targets ?? process.env.EINDEX_TARGETS ?? join(REPO_ROOT, 'targets.json'));
}

function wholeNumber(value: string | undefined, name: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new ServiceUsageError(`--${name} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

/** Prints the checks to stderr; true when all passed. */
function report(results: CheckResult[]): boolean {
  console.error(formatChecks(results));
  return results.every((r) => r.ok);
}

/**
 * Resolves on the first SIGTERM/SIGINT. Called before a long-running command starts up: a signal that arrives while
 * it starts (a container stopped during boot, a test that stops it as soon as it is ready) would otherwise meet no
 * listener and kill the process outright, without its graceful shutdown.
 */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolveSignal(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

/** After a clean stop, leave even if a library left a handle open. */
function exitSoon(): void {
  setTimeout(() => process.exit(process.exitCode ?? 0), 3000).unref();
}

async function readTargets(path: string, log: ReturnType<typeof createLogger>): Promise<Target[]> {
  const parsed = await loadTargets(path);
  for (const e of parsed.errors) log.warn({ targets: path, entry: e.index }, `target skipped: ${e.message}`);
  return parsed.targets;
}

export async function serviceCommand(command: ServiceCommand, args: ServiceArgs, positionals: string[]): Promise<number> {
  try {
    switch (command) {
      case 'schedule':
        return await schedule(args);
      case 'worker':
        return await worker(args);
      case 'serve':
        return await serve(args);
      case 'write':
        return await write(args);
      case 'run':
        return await run(args);
      case 'enqueue':
        return await enqueue(args, positionals);
      case 'status':
        return await status(args, positionals);
    }
  } catch (err) {
    if (err instanceof ServiceUsageError) {
      console.error(`eindex ${command}: ${err.message}\n\n${SERVICE_USAGE}`);
      return 2;
    }
    throw err;
  }
}

function services(args: ServiceArgs): ServiceConfig {
  return loadServiceConfig(args['service-config']);
}

async function schedule(args: ServiceArgs): Promise<number> {
  const stopped = untilStopped();
  const env = queueEnv();
  const targetsFile = targetsPath(args);
  if (!report([...(await checkRedis(env.redisUrl)), checkConfig(args.config, args['service-config']), await checkTargets(targetsFile)])) return 2;
  const service = services(args);
  const log = createLogger().child({ role: 'scheduler' });
  const queues = new Queues(env);
  const { next } = await upsertNightlySchedule(queues, service);
  const scheduler = await startScheduler({ queues, service, log, loadTargets: () => readTargets(targetsFile, log) });
  const healthPort = wholeNumber(args['health-port'] ?? process.env.EINDEX_HEALTH_PORT, 'health-port', 0);
  const health = healthPort === undefined ? null : await startHealthServer(healthPort, () => scheduler.health());
  log.info({ cron: service.schedule.cron, timeZone: service.schedule.timeZone, next: next?.toISOString(), targets: targetsFile, redis: redactUrl(env.redisUrl), healthPort: health?.port ?? null }, 'scheduler ready');
  const signal = await stopped;
  log.info({ signal }, 'scheduler stopping');
  await health?.close();
  await scheduler.close();
  await queues.close();
  exitSoon();
  return 0;
}

async function worker(args: ServiceArgs): Promise<number> {
  const stopped = untilStopped();
  const env = queueEnv();
  if (!report([...(await checkRedis(env.redisUrl)), checkChromium(), checkConfig(args.config, args['service-config'])])) return 2;
  const crawl: Partial<CrawlConfig> = {};
  if (args['no-lighthouse']) crawl.lighthouse = { ...loadConfig(args.config).crawl.lighthouse, enabled: false };
  const config = loadConfig(args.config, crawl);
  const service = services(args);
  const concurrency = wholeNumber(args.concurrency, 'concurrency');
  const metricsPort = wholeNumber(args['metrics-port'] ?? process.env.EINDEX_METRICS_PORT, 'metrics-port', 0);
  const log = createLogger().child({ role: 'worker' });
  const handle = await startWorker({ env, config, service, log, ...(concurrency ? { concurrency } : {}), ...(metricsPort !== undefined ? { metricsPort } : {}) });
  const signal = await stopped;
  log.info({ signal }, 'signal received');
  await handle.close();
  exitSoon();
  return 0;
}

async function serve(args: ServiceArgs): Promise<number> {
  const stopped = untilStopped();
  const env = queueEnv();
  const targetsFile = targetsPath(args);
  const token = process.env.EINDEX_API_TOKEN || undefined;
  const dbPath = storePath(args.db);
  const checks = [
    ...(await checkRedis(env.redisUrl)),
    checkConfig(args.config, args['service-config']),
    await checkTargets(targetsFile),
    checkDataDir(resolve(dbPath, '..')),
    checkApiToken(token),
  ];
  if (!report(checks)) return 2;
  const port = wholeNumber(args.port ?? process.env.EINDEX_API_PORT, 'port', 0) ?? 8080;
  const host = process.env.EINDEX_API_HOST || '0.0.0.0';
  const service = services(args);
  const log = createLogger().child({ role: 'serve' });
  const store = await openStore(dbPath);
  const queues = new Queues(env);
  const latest = async () => {
    const run = (await store.runs())[0];
    const seal = run ? await store.sealState(run.runId) : null;
    return seal ? { runId: seal.runId, sealed: seal.sealed, pending: seal.pending, provisional: seal.provisional, targets: seal.targets } : null;
  };
  const metrics = serviceMetrics(queues, latest);
  // --no-writer: the store writer runs as its own process (`eindex write`), so report builds and exports here never
  // hold up a write, and a busy API never delays a run's seal.
  const writer = args['no-writer'] ? null : await startStoreWriter({ queues, store, service, log, metrics });
  const server = await createApiServer({ store, queues, service, token, log, metrics, trustProxy: process.env.EINDEX_TRUST_PROXY?.trim() || undefined, loadTargets: () => readTargets(targetsFile, log) });
  await server.listen({ port, host });
  const address = server.server.address() as import('node:net').AddressInfo;
  log.info({ port: address.port, host, db: store.path, storeWriter: writer ? 'in this process' : 'separate (eindex write)', reQueue: token ? 'enabled' : 'disabled (no EINDEX_API_TOKEN)' }, 'API listening');
  const signal = await stopped;
  log.info({ signal }, 'serve stopping');
  await server.close();
  await writer?.close();
  await queues.close();
  await store.close();
  exitSoon();
  return 0;
}

/** The store writer alone (for `serve --no-writer`): results into the store, sweeps, seals; /healthz on --health-port. */
async function write(args: ServiceArgs): Promise<number> {
  const stopped = untilStopped();
  const env = queueEnv();
  const dbPath = storePath(args.db);
  if (!report([...(await checkRedis(env.redisUrl)), checkConfig(args.config, args['service-config']), checkDataDir(resolve(dbPath, '..'))])) return 2;
  const service = services(args);
  const log = createLogger().child({ role: 'store-writer' });
  const store = await openStore(dbPath);
  const queues = new Queues(env);
  const metrics = serviceMetrics(queues);
  const writer = await startStoreWriter({ queues, store, service, log, metrics });
  const healthPort = wholeNumber(args['health-port'] ?? process.env.EINDEX_HEALTH_PORT, 'health-port', 0);
  const health =
    healthPort === undefined
      ? null
      : await startHealthServer(
          healthPort,
          async () => {
            const running = writer.worker.isRunning();
            await store.runs(); // the store answers
            return { ok: running, running };
          },
          metrics.registry,
        );
  log.info({ db: store.path, redis: redactUrl(env.redisUrl), healthPort: health?.port ?? null }, 'write: store writer process ready');
  const signal = await stopped;
  log.info({ signal }, 'store writer stopping');
  await health?.close();
  await writer.close();
  await queues.close();
  await store.close();
  exitSoon();
  return 0;
}

async function run(args: ServiceArgs): Promise<number> {
  const env = queueEnv();
  const targetsFile = targetsPath(args);
  if (!report([...(await checkRedis(env.redisUrl)), await checkTargets(targetsFile)].filter((r) => !r.ok || r.warning))) return 2;
  const log = createLogger('warn');
  let targets = await readTargets(targetsFile, log);
  if (args.only) {
    const wanted = args.only.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = wanted.filter((id) => !targets.some((t) => t.id === id));
    if (unknown.length) throw new ServiceUsageError(`--only: no target with id ${unknown.join(', ')} in ${targetsFile}`);
    targets = targets.filter((t) => wanted.includes(t.id));
  }
  const runId = checkRunId(args.run ?? adHocRunId('run'));
  const queues = new Queues(env);
  try {
    const summary = await openRun(queues, { runId, kind: 'run', targets, service: services(args), reason: 'run', current: true });
    console.error(`Run ${runId}: ${summary.added} sites queued${summary.existing ? `, ${summary.existing} already in the run` : ''}.`);
    console.log(runId);
    return 0;
  } finally {
    await queues.close();
  }
}

async function enqueue(args: ServiceArgs, ids: string[]): Promise<number> {
  if (ids.length === 0) throw new ServiceUsageError('enqueue needs target ids (see targets.json)');
  if (args.run && args['new-run']) throw new ServiceUsageError('give --run ID or --new-run, not both');
  const env = queueEnv();
  const targetsFile = targetsPath(args);
  if (!report([...(await checkRedis(env.redisUrl)), await checkTargets(targetsFile)].filter((r) => !r.ok || r.warning))) return 2;
  const log = createLogger('warn');
  const known = new Map((await readTargets(targetsFile, log)).map((t) => [t.id, t]));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) throw new ServiceUsageError(`no target with id ${unknown.map((u) => `"${u}"`).join(', ')} in ${targetsFile}`);
  const targets = [...new Set(ids)].map((id) => known.get(id)!);
  const service = services(args);
  const queues = new Queues(env);
  try {
    if (args['new-run']) {
      const runId = adHocRunId('requeue');
      await openRun(queues, { runId, kind: 'requeue', targets, service, reason: 'requeue', current: false });
      console.error(`New run ${runId}: ${targets.length} sites queued.`);
      console.log(runId);
      return 0;
    }
    // As POST /requeue: without --run, the current run only if it is the nightly one (never an ad-hoc run).
    const current = await currentRunId(queues);
    const runId = args.run ?? (current?.startsWith('nightly-') ? current : null);
    if (!runId) throw new ServiceUsageError(`no current nightly run${current ? ` (the current run, ${current}, is not a nightly one)` : ''}: give --run ID or --new-run`);
    const result = await requeue(queues, { runId: checkRunId(runId), kind: 'requeue', targets, service });
    for (const o of result.outcomes) console.log(`${o.targetId}\t${o.outcome}`);
    console.error(`Run ${runId}: ${result.outcomes.filter((o) => o.outcome === 'queued').length} of ${targets.length} sites re-queued.`);
    return 0;
  } finally {
    await queues.close();
  }
}

async function status(args: ServiceArgs, positionals: string[]): Promise<number> {
  const env = queueEnv();
  const redisOk = (await checkRedis(env.redisUrl, 1500)).every((r) => r.name !== 'redis' || r.ok);
  const queues = redisOk ? new Queues(env) : null;
  const store = await openStore(storePath(args.db));
  try {
    const runId = positionals[0] ?? (queues ? await currentRunId(queues) : null) ?? (await store.runs())[0]?.runId;
    if (!runId) {
      console.error('No runs yet (eindex run opens one).');
      return 1;
    }
    const s = await runStatus(store, queues, runId);
    if (!s) {
      const backlog = queues ? await queues.store.getWaitingCount() : null;
      console.error(`Run ${runId} is not in the store ${store.path} yet` + (backlog ? `: ${backlog} messages wait for the store writer (is "eindex serve" running?)` : '.'));
      return 1;
    }
    if (args.json) console.log(JSON.stringify(s, null, 2));
    else {
      if (!queues) console.error(`(Redis at ${redactUrl(env.redisUrl)} not reachable: queue states unknown)`);
      console.log(formatStatus(s));
    }
    return 0;
  } finally {
    await store.close();
    await queues?.close();
  }
}
