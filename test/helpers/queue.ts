// Shared set-up for the queue and server tests: real Redis (REDIS_URL, default 127.0.0.1:6379) with a fresh key
// prefix per test, a store in a temporary directory, fast service settings, and waiting on events, not on sleeps.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { queueEnv, type QueueEnv } from '../../src/service/queue.ts';
import { loadServiceConfig, type ServiceConfig, type ServiceOverrides } from '../../src/service/service-config.ts';
import type { Store } from '../../src/store/store.ts';
import type { SiteResult, Target } from '../../src/types.ts';

export function freshEnv(): QueueEnv {
  return { redisUrl: queueEnv().redisUrl, prefix: `t-${randomBytes(5).toString('hex')}` };
}

/** Deletes every key under a test's prefix. */
export async function dropPrefix(env: QueueEnv): Promise<void> {
  const redis = new Redis(env.redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Service settings for tests: quick retries, short locks, no long waits anywhere. */
export function testService(overrides: ServiceOverrides = {}): ServiceConfig {
  return loadServiceConfig(undefined, {
    ...overrides,
    worker: { concurrency: 2, timeLimitMs: 30_000, lockDurationMs: 15_000, stalledIntervalMs: 5000, shutdownGraceMs: 500, ...overrides.worker },
    retries: { attempts: 2, backoffDelayMs: 200, ...overrides.retries },
    politeness: { hostBusyDelayMs: 300, ...overrides.politeness },
    store: { sweepIntervalMs: 1000, ...overrides.store },
    followUp: { backoffDelayMs: 300, ...overrides.followUp },
    // In-process queue tests count on their concurrency; a shared test machine's load must not move it.
    admission: { loadPerCore: 1000, maxEventLoopDelayMs: 600_000, ...overrides.admission },
  });
}

export function tempDir(): { path: string; file(name: string, content: unknown): string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'eindex-test-'));
  return {
    path,
    file(name, content) {
      const p = join(path, name);
      writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return p;
    },
    remove() {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Resolves when `check` is true, re-checked after every 'completed' of the given workers (and once at once). */
export function whenAfterJobs(workers: Worker[], check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const w of workers) {
        w.off('completed', onEvent);
        w.off('failed', onEvent);
      }
      if (err) reject(err);
      else resolve();
    };
    const onEvent = () => {
      void Promise.resolve(check()).then((ok) => ok && finish(), (err: Error) => finish(err));
    };
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`)), timeoutMs);
    for (const w of workers) {
      w.on('completed', onEvent);
      w.on('failed', onEvent);
    }
    onEvent();
  });
}

/** A plausible SiteResult without a browser, for store and API tests. */
export function fakeResult(runId: string, target: Target, status: SiteResult['status'] = 'ok', score = 0.8): SiteResult {
  return {
    schemaVersion: 1,
    runId,
    target,
    status,
    ...(status === 'ok' ? {} : { message: `${status}: synthetic failure` }),
    startedAt: new Date().toISOString(),
    durationMs: 1234,
    versions: { auditor: 'test', node: process.version, chromium: 'none', axeCore: 'none', lighthouse: 'none' },
    robots: null,
    pages: [],
    indicators: status === 'ok' ? { wcag: { value: { band: 'high' }, score, outcome: 'pass', evidence: [] } } : {},
  };
}

export function target(id: string, url = `https://${id}.example.lv/`): Target {
  return { id, name: `Target ${id}`, type: 'institution', sector: 'VARAM', url };
}

export async function storeHas(store: Store, runId: string, n: number): Promise<boolean> {
  return (await store.countRows(runId)) >= n;
}
