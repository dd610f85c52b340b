// The service's commands as child processes, as in production, for the tests and scripts that kill them: spawn
// `src/cli.ts <command>` with a queue env, wait for a log line, and read the process table (/proc) to find a worker's
// Chromium and count what is left after it. Also a private redis-server on a free port, to stop and start at will
// (never the shared one on 6379).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { REPO_ROOT } from '../../src/config.ts';
import type { QueueEnv } from '../../src/service/queue.ts';

export interface Proc {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Every output line so far (stdout and stderr). */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
}

/** Starts `node src/cli.ts ...args` in its own process group (so its Chromium can be found and killed with it). */
export function startCli(name: string, args: string[], env: Record<string, string | undefined>): Proc {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'src', 'cli.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, EINDEX_LOG_LEVEL: 'info', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = { out: '', err: '' };
  const collect = (key: 'out' | 'err') => (chunk: Buffer) => {
    const text = partial[key] + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = { ...partial, [key]: parts.pop() ?? '' };
    lines.push(...parts.filter(Boolean));
  };
  child.stdout!.on('data', collect('out'));
  child.stderr!.on('data', collect('err'));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const rest of [partial.out, partial.err]) if (rest) lines.push(rest);
      resolve({ code, signal });
    }),
  );
  return { name, child, pid: child.pid!, lines, exited, alive: () => child.exitCode === null && child.signalCode === null };
}

/** The queue env of a child process. */
export function queueProcessEnv(env: QueueEnv, extra: Record<string, string> = {}): Record<string, string> {
  return { REDIS_URL: env.redisUrl, EINDEX_QUEUE_PREFIX: env.prefix, ...extra };
}

/** Resolves with the first output line matching `pattern` (already printed or to come); rejects on exit or timeout. */
export function waitForLine(proc: Proc, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const look = (): boolean => {
      for (; seen < proc.lines.length; seen++) {
        if (pattern.test(proc.lines[seen]!)) {
          finish(null, proc.lines[seen]!);
          return true;
        }
      }
      return false;
    };
    const timer = setTimeout(() => finish(new Error(`${proc.name}: no line matching ${pattern} in ${timeoutMs} ms; output:\n${proc.lines.slice(-30).join('\n')}`)), timeoutMs);
    const onData = () => setImmediate(look);
    const onExit = () => setImmediate(() => look() || finish(new Error(`${proc.name} exited before printing ${pattern}; output:\n${proc.lines.slice(-30).join('\n')}`)));
    function finish(err: Error | null, line?: string) {
      clearTimeout(timer);
      proc.child.stdout!.off('data', onData);
      proc.child.stderr!.off('data', onData);
      proc.child.off('exit', onExit);
      if (err) reject(err);
      else resolve(line!);
    }
    proc.child.stdout!.on('data', onData);
    proc.child.stderr!.on('data', onData);
    proc.child.once('exit', onExit);
    look();
  });
}

/** Parsed JSON log lines of a process (pino), skipping the start-up checks' plain lines. */
export function logEntries(proc: Proc): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const l of proc.lines) {
    if (!l.startsWith('{')) continue;
    try {
      out.push(JSON.parse(l) as Record<string, unknown>);
    } catch {
      // a line cut by a kill
    }
  }
  return out;
}

export function killGroup(proc: Proc, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // already gone
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The process table

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** One letter: R, S, D, Z (zombie), ... */
  state: string;
  rssBytes: number;
  cmdline: string;
}

const PAGE = 4096;

export function processTable(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push({ pid: Number(name), state: f[0]!, ppid: Number(f[1]), pgid: Number(f[2]), rssBytes: Number(f[21]) * PAGE, cmdline });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

export const isChromium = (p: ProcInfo) => /chrom(e|ium)/i.test(p.cmdline.split(' ')[0] ?? '');

/** A worker's Chromium processes now: every Chromium below it (Playwright starts Chromium in its own process group). */
export function chromiumOf(workerPid: number, table = processTable()): ProcInfo[] {
  const kids = new Map<number, ProcInfo[]>();
  for (const p of table) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), p]);
  const out: ProcInfo[] = [];
  const queue = [...(kids.get(workerPid) ?? [])];
  while (queue.length) {
    const p = queue.shift()!;
    if (p.state !== 'Z' && isChromium(p)) out.push(p);
    queue.push(...(kids.get(p.pid) ?? []));
  }
  return out;
}

/** Which of these processes still live (not zombies): run after their worker is gone, these are orphans. */
export function stillAlive(procs: readonly ProcInfo[], table = processTable()): ProcInfo[] {
  const alive = new Map(table.filter((p) => p.state !== 'Z').map((p) => [p.pid, p]));
  return procs.filter((p) => alive.get(p.pid)?.cmdline === p.cmdline);
}

/**
 * The browser (main) processes a worker launched: its Chromium children started with our remote-debugging port (not a
 * --type= helper, not chrome_crashpad_handler, which is a child of the worker too and whose death changes nothing).
 */
export function browserProcesses(workerPid: number, table = processTable()): ProcInfo[] {
  return table.filter((p) => p.ppid === workerPid && p.state !== 'Z' && isChromium(p) && / --remote-debugging-port=/.test(p.cmdline) && !/ --type=/.test(p.cmdline));
}

/** RSS of a process and all its descendants. */
export function treeRss(root: number, table = processTable()): { rootBytes: number; treeBytes: number; processes: number } {
  const kids = new Map<number, ProcInfo[]>();
  for (const p of table) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), p]);
  const rootInfo = table.find((p) => p.pid === root);
  if (!rootInfo) return { rootBytes: 0, treeBytes: 0, processes: 0 };
  const all = [rootInfo];
  for (let i = 0; i < all.length; i++) all.push(...(kids.get(all[i]!.pid) ?? []));
  return { rootBytes: rootInfo.rssBytes, treeBytes: all.reduce((s, p) => s + p.rssBytes, 0), processes: all.length };
}

// ---------------------------------------------------------------------------------------------------------------
// A private Redis

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  /** Stops it (SIGTERM: it writes its append-only file and exits), like `systemctl stop redis`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory: the jobs come back from the append-only file. */
  start(): Promise<void>;
  running(): boolean;
}

/**
 * redis-server on a free port, persisting to `dir` with an append-only file fsynced on every write (as production
 * should run it, so a restart loses nothing), maxmemory-policy noeviction as BullMQ requires.
 */
export async function startRedisServer(dir: string): Promise<RedisServer> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const ping = async (): Promise<boolean> => {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    r.on('error', () => undefined);
    try {
      await r.connect();
      return (await r.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      r.disconnect();
    }
  };
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 20_000;
    while (!(await ping())) {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer in 20 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await start();
  return {
    url,
    port,
    start,
    running: () => child !== null && child.exitCode === null && child.signalCode === null,
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      c.kill('SIGTERM');
      await exited;
    },
  };
}
