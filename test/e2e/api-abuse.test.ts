// The operator API under abuse, and secrets in logs (hardening item 15).
// 1. In process: the API with a real Redis (fresh prefix) takes a battery of invalid requests — no token, wrong
//    tokens, unknown sites, free URLs instead of target ids, oversized, malformed and `__proto__` bodies — and every
//    one is refused with the right status; afterwards the queues hold no job at all and the store no new run.
// 2. As processes: `eindex serve`, `eindex worker` and `eindex run` against a Redis of our own that needs a canary
//    password, with a canary API token and a target whose URL carries a canary password, all at debug level; every
//    byte they print is captured and must contain none of the canaries.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer as netServer, type AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../src/config.ts';
import { createLogger, redactText } from '../../src/log.ts';
import { Queues, type QueueEnv } from '../../src/service/queue.ts';
import { createApiServer } from '../../src/service/api.ts';
import { serveSites, type ServedSites } from '../../dev/site-server.ts';
import { SqliteStore, type Store } from '../../src/store/store.ts';
import { serviceMetrics } from '../../src/service/metrics.ts';
import { FIXTURE_SITES } from '../helpers/fixtures.ts';
import { dropPrefix, freshEnv, target, tempDir, testService } from '../helpers/queue.ts';
import { join } from 'node:path';

const TOKEN = 'canary-api-token-5e1b2c8d4f7a';
const targets = [target('alpha'), target('beta')];

interface Answer {
  status: number;
  body: string;
}

/** A raw HTTP request (node:http, so bodies can be bytes, chunked, or declared with a wrong type). */
function raw(base: string, method: string, path: string, headers: Record<string, string>, body?: string | Buffer, chunked = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // The server may answer 413 and close before the whole body is sent.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    if (body !== undefined && chunked) {
      const buf = Buffer.from(body);
      for (let i = 0; i < buf.length; i += 4096) req.write(buf.subarray(i, i + 4096));
    } else if (body !== undefined) req.write(body);
    req.end();
  });
}

describe('invalid requests to the operator API create no job', () => {
  let env: QueueEnv;
  let queues: Queues;
  let store: Store;
  let server: FastifyInstance;
  let base: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    env = freshEnv();
    queues = new Queues(env);
    store = new SqliteStore(':memory:');
    await store.addRunTargets('nightly-2026-11-22', 'nightly', '2026-11-21T23:00:00.000Z', targets.map((t) => ({ target: t, generation: 0 })));
    await queues.redis.set(queues.key('current-run'), 'nightly-2026-11-22');
    const metrics = serviceMetrics(queues, async () => null);
    // The service's own logger at debug level, written into memory.
    const log = createLogger('debug', { write: (s: string) => void logLines.push(s) }, [TOKEN]);
    // A rate limit above the battery's ~60 re-queue requests: the limit itself is tested in server.test.ts.
    server = await createApiServer({ store, queues, service: testService({ api: { requeueRateLimit: 1000 } }), loadTargets: async () => targets, token: TOKEN, log, metrics });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await server?.close();
    await queues?.close();
    store?.close();
    await dropPrefix(env);
  });

  const json = { 'content-type': 'application/json' };
  const bearer = { ...json, authorization: `Bearer ${TOKEN}` };
  const basic = (user: string, pass: string | null) => ({ ...json, authorization: `Basic ${Buffer.from(pass === null ? user : `${user}:${pass}`).toString('base64')}` });
  const good = JSON.stringify({ targets: ['alpha'] });
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  /** [what, method, path, headers, body, expected status, chunked?] */
  const CASES: [string, string, string, Record<string, string>, string | Buffer | undefined, number, boolean?][] = [
    // no token, wrong token
    ['no token', 'POST', '/requeue', json, good, 401],
    ['empty bearer', 'POST', '/requeue', { ...json, authorization: 'Bearer ' }, good, 401],
    ['wrong bearer', 'POST', '/requeue', { ...json, authorization: 'Bearer wrong' }, good, 401],
    ['token plus a character', 'POST', '/requeue', { ...json, authorization: `Bearer ${TOKEN}x` }, good, 401],
    ['token minus a character', 'POST', '/requeue', { ...json, authorization: `Bearer ${TOKEN.slice(0, -1)}` }, good, 401],
    ['token upper-cased', 'POST', '/requeue', { ...json, authorization: `Bearer ${TOKEN.toUpperCase()}` }, good, 401],
    ['other scheme', 'POST', '/requeue', { ...json, authorization: `Token ${TOKEN}` }, good, 401],
    ['bare token', 'POST', '/requeue', { ...json, authorization: TOKEN }, good, 401],
    ['token in the query', 'POST', `/requeue?token=${TOKEN}`, json, good, 401],
    ['token as basic user name', 'POST', '/requeue', basic(TOKEN, ''), good, 401],
    ['basic without a colon', 'POST', '/requeue', basic(TOKEN, null), good, 401],
    ['basic, wrong password', 'POST', '/requeue', basic('op', 'wrong'), good, 401],
    ['basic, not base64', 'POST', '/requeue', { ...json, authorization: 'Basic %%%***' }, good, 401],
    ['8 KB authorization header', 'POST', '/requeue', { ...json, authorization: `Bearer ${'x'.repeat(8192)}` }, good, 401],
    // unknown sites and free URLs
    ['unknown site', 'POST', '/requeue', bearer, JSON.stringify({ targets: ['nobody'] }), 404],
    ['a known and an unknown site', 'POST', '/requeue', bearer, JSON.stringify({ targets: ['alpha', 'nobody'] }), 404],
    ['"constructor" as a target id', 'POST', '/requeue', bearer, JSON.stringify({ targets: ['constructor'] }), 404],
    ['unknown run', 'POST', '/requeue', bearer, JSON.stringify({ targets: ['alpha'], runId: 'constructor' }), 404],
    ['https URL', 'POST', '/requeue', bearer, JSON.stringify({ targets: ['https://evil.example/'] }), 400],
    ['URL of our Redis', 'POST', '/requeue', bearer, JSON.stringify({ targets: ['http://127.0.0.1:6379/'] }), 400],
    ['file: URL', 'POST', '/requeue', bearer, JSON.stringify({ targets: ['file:///etc/passwd'] }), 400],
    ['bare host', 'POST', '/requeue', bearer, JSON.stringify({ targets: ['alpha.example.lv'] }), 400],
    ['a URL field', 'POST', '/requeue', bearer, JSON.stringify({ targets: ['alpha'], url: 'https://evil.example/' }), 400],
    // malformed bodies
    ['not JSON', 'POST', '/requeue', bearer, '{not json', 400],
    ['empty body', 'POST', '/requeue', bearer, '', 400],
    ['JSON null', 'POST', '/requeue', bearer, 'null', 400],
    ['JSON array', 'POST', '/requeue', bearer, '["alpha"]', 400],
    ['JSON string', 'POST', '/requeue', bearer, '"alpha"', 400],
    ['trailing garbage', 'POST', '/requeue', bearer, `${good}}`, 400],
    ['invalid UTF-8', 'POST', '/requeue', bearer, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 400],
    ['targets a string', 'POST', '/requeue', bearer, JSON.stringify({ targets: 'alpha' }), 400],
    ['targets empty', 'POST', '/requeue', bearer, JSON.stringify({ targets: [] }), 400],
    ['target a number', 'POST', '/requeue', bearer, JSON.stringify({ targets: [1] }), 400],
    ['newRun a string', 'POST', '/requeue', bearer, JSON.stringify({ targets: ['alpha'], newRun: 'yes' }), 400],
    ['runId and newRun', 'POST', '/requeue', bearer, JSON.stringify({ targets: ['alpha'], runId: 'nightly-2026-11-22', newRun: true }), 400],
    ['runId with ":"', 'POST', '/requeue', bearer, JSON.stringify({ targets: ['alpha'], runId: 'a:b' }), 400],
    ['8000-deep nesting', 'POST', '/requeue', bearer, nested(8000), 400],
    ['nested target', 'POST', '/requeue', bearer, `{"targets":${nested(5000)}}`, 400],
    ['no content type', 'POST', '/requeue', { authorization: `Bearer ${TOKEN}` }, good, 415],
    ['text/plain', 'POST', '/requeue', { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' }, 'alpha', 415],
    ['form-encoded', 'POST', '/requeue', { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' }, 'targets=alpha', 415],
    // prototype keys
    ['__proto__ at the top', 'POST', '/requeue', bearer, '{"__proto__":{"targets":["alpha"]}}', 400],
    ['__proto__ beside targets', 'POST', '/requeue', bearer, '{"targets":["alpha"],"__proto__":{"admin":true}}', 400],
    ['constructor.prototype', 'POST', '/requeue', bearer, '{"targets":["alpha"],"constructor":{"prototype":{"admin":true}}}', 400],
    ['targets as __proto__ object', 'POST', '/requeue', bearer, '{"targets":{"__proto__":["alpha"]}}', 400],
    ['"__proto__" as a target id', 'POST', '/requeue', bearer, '{"targets":["__proto__"]}', 400],
    ['"__proto__" as runId', 'POST', '/requeue', bearer, '{"targets":["alpha"],"runId":"__proto__"}', 400],
    // oversized
    ['20 KB body', 'POST', '/requeue', bearer, JSON.stringify({ targets: ['alpha'], padding: 'y'.repeat(20_000) }), 413],
    ['20 KB body, chunked (no length)', 'POST', '/requeue', { ...bearer, 'transfer-encoding': 'chunked' }, JSON.stringify({ targets: ['alpha'], padding: 'y'.repeat(20_000) }), 413, true],
    ['1 MB declared length', 'POST', '/requeue', { ...bearer, 'content-length': String(1 << 20) }, undefined, 413],
    ['1001 targets', 'POST', '/requeue', bearer, JSON.stringify({ targets: Array.from({ length: 1001 }, (_, i) => `t${i}`) }), 400],
    // wrong methods
    ['GET /requeue', 'GET', '/requeue', bearer, undefined, 405],
    ['PUT /requeue', 'PUT', '/requeue', bearer, good, 405],
    ['DELETE a run', 'DELETE', '/runs/nightly-2026-11-22', bearer, undefined, 405],
  ];

  test(`${CASES.length} invalid requests: each refused with its status, 0 jobs created, nothing leaked`, async () => {
    const answers: [string, number][] = [];
    for (const [what, method, path, headers, body, , chunked] of CASES) {
      const a = await raw(base, method, path, headers, body, chunked);
      answers.push([what, a.status]);
      if (a.status >= 400) expect(JSON.parse(a.body), what).toHaveProperty('error');
    }
    expect(answers).toEqual(CASES.map(([what, , , , , status]) => [what, status]));

    let jobs = 0;
    for (const q of [queues.audit, queues.store, queues.control]) {
      const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children');
      jobs += Object.values(counts).reduce((a, b) => a + b, 0);
    }
    console.log(`[api-abuse] invalid requests: ${CASES.length}; jobs created by them: ${jobs}`);
    expect(jobs).toBe(0);
    expect((await store.runs()).map((r) => r.runId)).toEqual(['nightly-2026-11-22']);
    expect(({} as Record<string, unknown>).admin).toBeUndefined(); // no prototype was polluted
    // The service still works: a valid request after the battery is queued.
    expect((await raw(base, 'POST', '/requeue', bearer, good)).status).toBe(202);
    expect(await queues.audit.count()).toBe(1);
    const log = logLines.join('');
    expect(log).toMatch(/"msg":"request"/);
    expect(log.split(TOKEN).length - 1).toBe(0);
  });
});

describe('redaction', () => {
  test('userinfo, Authorization values and literal secrets are removed from any text', () => {
    expect(redactText('at https://user:pa55word@www.vid.gov.lv/x and redis://:pw@127.0.0.1:6379/0')).toBe('at https://***@www.vid.gov.lv/x and redis://***@127.0.0.1:6379/0');
    expect(redactText('{"authorization":"Bearer abcdef123","b":"Basic dXNlcjpwYXNz"}')).toBe('{"authorization":"Bearer ***","b":"Basic ***"}');
    expect(redactText('token s3cr"et! here; escaped "s3cr\\"et!"', ['s3cr"et!'])).toBe('token *** here; escaped "***"');
    expect(redactText('https://www.vid.gov.lv/lv?x=a@b')).toBe('https://www.vid.gov.lv/lv?x=a@b');
  });

  test('pino fields by name are blanked too', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (s: string) => void lines.push(s) }, []);
    log.info({ headers: { authorization: 'xyz-secret-xyz' }, token: 'tok-secret-tok', redisUrl: 'redis://h:1' }, 'hello');
    expect(lines.join('')).not.toMatch(/xyz-secret-xyz|tok-secret-tok|redis:\/\/h:1/);
    expect(lines.join('')).toMatch(/"msg":"hello"/);
  });
});

// ---------------------------------------------------------------------------------------------------------------

const REDIS_PASSWORD = 'canaryRedisPw7f3a9c';
const USERINFO_PASSWORD = 'canaryUserinfoPw91xq';

interface Proc {
  name: string;
  child: ChildProcess;
  out: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = netServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves with the `nth` output line matching `pattern` (already printed or to come). */
function waitFor(proc: Proc, pattern: RegExp, timeoutMs: number, nth = 1): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const hit = proc.out.join('').split('\n').filter((l) => pattern.test(l))[nth - 1];
      if (hit !== undefined) {
        cleanup();
        resolve(hit);
      }
    };
    const onExit = () => {
      check();
      cleanup();
      reject(new Error(`${proc.name} exited before ${pattern}:\n${proc.out.join('').slice(-3000)}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${proc.name}: no ${pattern} in ${timeoutMs} ms:\n${proc.out.join('').slice(-3000)}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      proc.child.stdout?.off('data', check);
      proc.child.stderr?.off('data', check);
      proc.child.off('exit', onExit);
    };
    proc.child.stdout?.on('data', check);
    proc.child.stderr?.on('data', check);
    proc.child.once('exit', onExit);
    check();
  });
}

describe('canary secrets never reach the log output of a service run', () => {
  const procs: Proc[] = [];
  let redis: ChildProcess;
  let sites: ServedSites;
  let dir: ReturnType<typeof tempDir>;
  let redisUrl: string;
  const prefix = `canary-${process.pid}`;

  function start(name: string, args: string[], env: Record<string, string>): Proc {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'src', 'cli.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: string[] = [];
    child.stdout!.on('data', (c: Buffer) => out.push(c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => out.push(c.toString('utf8')));
    const proc = { name, child, out };
    procs.push(proc);
    return proc;
  }

  beforeAll(async () => {
    const port = await freePort();
    // A Redis of our own that wants the canary password (the shared one on 6379 is never reconfigured).
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', REDIS_PASSWORD], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      const onData = (c: Buffer) => /Ready to accept connections/.test(c.toString()) && resolve();
      redis.stdout!.on('data', onData);
      redis.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    });
    redisUrl = `redis://default:${REDIS_PASSWORD}@127.0.0.1:${port}`;
    sites = await serveSites(FIXTURE_SITES, { only: ['clean'] });
    dir = tempDir();
  });

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) {
      try {
        process.kill(-p.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    redis?.kill('SIGTERM');
    await sites?.close();
    dir?.remove();
  });

  test('serve, worker and run at debug level: 0 occurrences of the Redis password, the API token and a URL password', async () => {
    const [host, portText] = sites.origins.clean!.replace('http://', '').split(':');
    const targetsFile = dir.file('targets.json', [
      { id: 'clean', name: 'Digitālās pārvaldes birojs', type: 'institution', sector: 'VARAM', url: `${sites.origins.clean}/` },
      { id: 'with-password', name: 'Parole URL', type: 'institution', sector: 'VARAM', url: `http://operator:${USERINFO_PASSWORD}@${host}:${portText}/` },
    ]);
    const env = {
      REDIS_URL: redisUrl,
      EINDEX_QUEUE_PREFIX: prefix,
      EINDEX_DATA_DIR: dir.path,
      EINDEX_API_TOKEN: TOKEN,
      EINDEX_LOG_LEVEL: 'debug',
      EINDEX_TARGETS: targetsFile,
    };
    // Quick service settings (a site waits 300 ms, not 15 s, for a busy host; the store sweep runs every second).
    const service = dir.file('service.json', {
      worker: { shutdownGraceMs: 500, lockDurationMs: 15_000, stalledIntervalMs: 5000 },
      politeness: { hostBusyDelayMs: 300 },
      retries: { attempts: 1, backoffDelayMs: 200 },
      store: { sweepIntervalMs: 1000 },
    });
    // One page per site, no Lighthouse: the subject is what the processes print, not the audit.
    const crawl = dir.file('crawl.json', { crawl: { maxPages: 1, settleMs: 200, lighthouse: { enabled: false } } });
    const serve = start('serve', ['serve', '--port', '0', '--service-config', service], env);
    const worker = start('worker', ['worker', '--concurrency', '1', '--config', crawl, '--service-config', service], env);
    const listening = await waitFor(serve, /API listening/, 60_000);
    const api = `http://127.0.0.1:${(JSON.parse(listening) as { port: number }).port}`;
    const run = start('run', ['run', '--run', 'canary-run', '--service-config', service], env);
    await waitFor(run, /^canary-run$/, 60_000);

    // The API with the right token (queued into a new run), a wrong one, Basic, and the token in a query string.
    const requeue = (headers: Record<string, string>, query = '') => raw(api, 'POST', `/requeue${query}`, { 'content-type': 'application/json', ...headers }, JSON.stringify({ targets: ['clean'], newRun: true }));
    expect((await requeue({ authorization: `Bearer ${TOKEN}` })).status).toBe(202);
    expect((await requeue({ authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await requeue({ authorization: `Basic ${Buffer.from(`op:${TOKEN}x`).toString('base64')}` })).status).toBe(401);
    expect((await requeue({}, `?token=${TOKEN}`)).status).toBe(401);
    await waitFor(serve, /run sealed/, 180_000);
    await waitFor(worker, /audit stored/, 180_000, 2);

    for (const p of [serve, worker]) p.child.kill('SIGTERM');
    await Promise.all([serve, worker].map((p) => (p.child.exitCode !== null ? null : new Promise((r) => p.child.once('exit', r)))));

    const all = procs.map((p) => p.out.join('')).join('\n');
    const count = (s: string) => all.split(s).length - 1;
    const figures = { redisPassword: count(REDIS_PASSWORD), apiToken: count(TOKEN), urlPassword: count(USERINFO_PASSWORD) };
    console.log(`[api-abuse] log output: ${all.length} bytes, ${all.split('\n').length} lines; canary occurrences: ${JSON.stringify(figures)}`);
    expect(figures).toEqual({ redisPassword: 0, apiToken: 0, urlPassword: 0 });
    // The canaries were really in play: the run used the password-protected Redis, and the entry with a URL password
    // was reported (without it).
    expect(all).toMatch(/with-password.*must not contain a user name or password/);
    expect(all).toMatch(/\*\*\*@/);
    expect(all).toMatch(/audit stored/);
  }, 300_000);
});
