// Start-up checks of the service processes: each says what is wrong and what to do about it, before a process starts
// taking work. `eindex schedule|worker|serve` run the ones they need and stop with exit code 2 if any fails.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { Redis } from 'ioredis';
import { chromiumPath } from '../audit/browser.ts';
import { loadConfig } from '../config.ts';
import { redactUrl } from './queue.ts';
import { loadServiceConfig } from './service-config.ts';
import { loadTargets } from '../targets.ts';

export interface CheckResult {
  name: string;
  ok: boolean;
  /** What was found. */
  message: string;
  /** What to do, when not ok (or when a warning). */
  fix?: string;
  /** ok, but worth a look. */
  warning?: boolean;
}

const MIN_REDIS = [6, 2, 0];

function versionAtLeast(version: string, min: number[]): boolean {
  const parts = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < min.length; i++) {
    if ((parts[i] ?? 0) !== min[i]) return (parts[i] ?? 0) > min[i]!;
  }
  return true;
}

/** Redis reachable, recent enough, and not evicting keys (BullMQ needs maxmemory-policy noeviction). */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<CheckResult[]> {
  const shown = redactUrl(url);
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // ioredis rejects connect() with a bare "Connection is closed."; the socket's own error (ECONNREFUSED, ENOTFOUND,
  // a TLS or auth problem) comes as an 'error' event and is what the operator needs to read.
  let socketError: Error | null = null;
  redis.on('error', (err: Error) => (socketError ??= err));
  try {
    await Promise.race([redis.connect(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs))]);
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    const reason = (socketError as Error | null)?.message ?? (err as Error).message;
    return [
      {
        name: 'redis',
        ok: false,
        message: `Redis at ${shown} cannot be reached: ${reason}`,
        fix: 'Start Redis (e.g. redis-server --port 6379) or set REDIS_URL to where it runs (redis://[:password@]host:port[/db]).',
      },
    ];
  }
  try {
    const info = await redis.info();
    const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? '';
    const version = field('redis_version');
    const policy = field('maxmemory_policy');
    const results: CheckResult[] = [];
    results.push(
      versionAtLeast(version, MIN_REDIS)
        ? { name: 'redis', ok: true, message: `Redis ${version} at ${shown}` }
        : { name: 'redis', ok: false, message: `Redis ${version} at ${shown} is older than ${MIN_REDIS.join('.')}`, fix: `Use Redis ${MIN_REDIS.join('.')} or newer (BullMQ needs it).` },
    );
    results.push(
      policy === 'noeviction'
        ? { name: 'redis-eviction', ok: true, message: 'maxmemory-policy is noeviction' }
        : {
            name: 'redis-eviction',
            ok: false,
            message: `maxmemory-policy is "${policy || 'unknown'}": Redis may delete queue keys when memory runs short, losing jobs silently`,
            fix: 'Set it with: redis-cli CONFIG SET maxmemory-policy noeviction (and "maxmemory-policy noeviction" in redis.conf so it survives a restart).',
          },
    );
    return results;
  } catch (err) {
    return [{ name: 'redis', ok: false, message: `Redis at ${shown} answered PING but not INFO: ${(err as Error).message}`, fix: 'Allow the INFO command for this Redis user.' }];
  } finally {
    redis.disconnect();
  }
}

export function checkChromium(env: NodeJS.ProcessEnv = process.env): CheckResult {
  try {
    const path = chromiumPath(env);
    accessSync(path, constants.X_OK);
    return { name: 'chromium', ok: true, message: `Chromium at ${path}` };
  } catch (err) {
    return { name: 'chromium', ok: false, message: (err as Error).message, fix: 'Install Chromium (Debian: apt-get install -y chromium) or set EINDEX_CHROMIUM to its path.' };
  }
}

export function checkConfig(crawlOverrides?: string, serviceOverrides?: string): CheckResult {
  try {
    loadConfig(crawlOverrides);
    const service = loadServiceConfig(serviceOverrides);
    return { name: 'config', ok: true, message: `config valid; nightly at "${service.schedule.cron}" (${service.schedule.timeZone})` };
  } catch (err) {
    return { name: 'config', ok: false, message: (err as Error).message, fix: 'Fix the setting named above in config/ (or in the file given with --config / --service-config).' };
  }
}

export async function checkTargets(path: string): Promise<CheckResult> {
  try {
    const parsed = await loadTargets(path);
    if (parsed.targets.length === 0) {
      return { name: 'targets', ok: false, message: `${path}: no valid targets (${parsed.errors.length} entries rejected)`, fix: parsed.errors.slice(0, 3).map((e) => e.message).join('; ') || 'Add targets to the file.' };
    }
    const skipped = parsed.errors.length;
    return {
      name: 'targets',
      ok: true,
      message: `${parsed.targets.length} targets in ${path}${skipped ? `; ${skipped} problems with entries that will be skipped` : ''}`,
      ...(skipped ? { warning: true, fix: parsed.errors.slice(0, 3).map((e) => e.message).join('; ') } : {}),
    };
  } catch (err) {
    return { name: 'targets', ok: false, message: (err as Error).message, fix: 'Point --targets (or EINDEX_TARGETS) at a JSON array of targets, saved as UTF-8.' };
  }
}

export function checkDataDir(dir: string): CheckResult {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return { name: 'data-dir', ok: true, message: `store directory ${dir} is writable` };
  } catch (err) {
    return { name: 'data-dir', ok: false, message: `store directory ${dir} is not writable: ${(err as Error).message}`, fix: 'Set EINDEX_DATA_DIR to a directory this user can write (a mounted volume in a container).' };
  }
}

export function checkApiToken(token: string | undefined): CheckResult {
  if (!token) {
    return { name: 'api-token', ok: true, warning: true, message: 'EINDEX_API_TOKEN is not set: re-queue over HTTP is refused (401) for everyone', fix: 'Set EINDEX_API_TOKEN to a long random secret (e.g. openssl rand -hex 32) to allow it.' };
  }
  if (token.length < 16) {
    return { name: 'api-token', ok: false, message: 'EINDEX_API_TOKEN is shorter than 16 characters', fix: 'Use a long random secret, e.g. openssl rand -hex 32.' };
  }
  return { name: 'api-token', ok: true, message: 'API token set' };
}

/** The checks as lines: "ok", "warn" or "FAIL", and what to do. */
export function formatChecks(results: readonly CheckResult[]): string {
  return results
    .map((r) => {
      const head = `${r.ok ? (r.warning ? 'warn' : ' ok ') : 'FAIL'}  ${r.name}: ${r.message}`;
      return r.fix && (!r.ok || r.warning) ? `${head}\n        → ${r.fix}` : head;
    })
    .join('\n');
}
