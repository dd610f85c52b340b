// The HTTP API: read-only runs, results and exports (sealed runs only, unless partial), authenticated re-queue,
// /healthz, /metrics in Prometheus text format, /openapi.json. Real Redis with a fresh prefix; the store is seeded
// directly (no browser needed to test HTTP).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { Queues, type QueueEnv } from '../../src/service/queue.ts';
import { auditJobId } from '../../src/service/runs.ts';
import { createApiServer } from '../../src/service/api.ts';
import { SqliteStore, type Store } from '../../src/store/store.ts';
import { serviceMetrics } from '../../src/service/metrics.ts';
import { dropPrefix, fakeResult, freshEnv, target, testService } from '../helpers/queue.ts';

const TOKEN = 'test-token-0123456789abcdef';
const targets = [target('alpha'), target('beta'), target('gamma')];
let env: QueueEnv;
let queues: Queues;
let store: Store;
let server: FastifyInstance;
let base: string;

beforeAll(async () => {
  env = freshEnv();
  queues = new Queues(env);
  store = new SqliteStore(':memory:');
  // A sealed nightly run and an open one.
  await store.addRunTargets('nightly-2026-11-22', 'nightly', '2026-11-21T23:00:00.000Z', targets.map((t) => ({ target: t, generation: 0 })));
  await store.saveRunResult(fakeResult('nightly-2026-11-22', targets[0]!), null, 0);
  await store.saveRunResult(fakeResult('nightly-2026-11-22', targets[1]!, 'ok', 0.4), null, 0);
  await store.saveRunResult(fakeResult('nightly-2026-11-22', targets[2]!, 'dns'), null, 0);
  await store.addRunTargets('nightly-2026-11-23', 'nightly', '2026-11-22T23:00:00.000Z', targets.map((t) => ({ target: t, generation: 0 })));
  await store.saveRunResult(fakeResult('nightly-2026-11-23', targets[0]!), null, 0);
  await queues.redis.set(queues.key('current-run'), 'nightly-2026-11-23');
  const metrics = serviceMetrics(queues, async () => ({ runId: 'nightly-2026-11-23', sealed: false, pending: 2, targets: 3 }));
  metrics.observeResult(fakeResult('x', targets[2]!, 'timeout'), { queueWaitMs: 100, auditMs: 5000, lighthouseMs: 2000 });
  server = await createApiServer({ store, queues, service: testService(), loadTargets: async () => targets, token: TOKEN, log: silentLogger, metrics });
  base = await server.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await server?.close();
  await queues?.close();
  store?.close();
  await dropPrefix(env);
});

const requeue = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
  fetch(`${base}/requeue`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('read-only API', () => {
  test('/healthz says ok when Redis and the store answer', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', redis: 'ok', store: 'ok' });
  });

  test('/runs lists runs with their seal state', async () => {
    const { runs } = (await (await fetch(`${base}/runs`)).json()) as { runs: { runId: string; sealed: boolean; state: string }[] };
    expect(runs.map((r) => [r.runId, r.state])).toEqual([
      ['nightly-2026-11-23', 'in-progress'],
      ['nightly-2026-11-22', 'sealed'],
    ]);
  });

  test('a run\'s status has counts, failures, ETA and sealed', async () => {
    const status = (await (await fetch(`${base}/runs/nightly-2026-11-22`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ runId: 'nightly-2026-11-22', sealed: true, etaSeconds: 0, counts: { audited: 2, failed: 1 } });
    expect(status.failures).toEqual([{ targetId: 'gamma', status: 'dns', message: 'dns: synthetic failure' }]);
    const open = (await (await fetch(`${base}/runs/nightly-2026-11-23`)).json()) as Record<string, unknown>;
    expect(open).toMatchObject({ sealed: false, counts: { audited: 1, missing: 2 } });
  });

  test('results as JSON; one result; latest sealed run', async () => {
    const body = (await (await fetch(`${base}/runs/nightly-2026-11-22/results`)).json()) as { sealed: boolean; results: { target: { id: string } }[] };
    expect(body.sealed).toBe(true);
    expect(body.results.map((r) => r.target.id)).toEqual(['alpha', 'beta', 'gamma']);
    const one = await fetch(`${base}/runs/nightly-2026-11-22/results/beta`);
    expect(((await one.json()) as { indicators: { wcag: { score: number } } }).indicators.wcag.score).toBe(0.4);
    expect((await fetch(`${base}/runs/nightly-2026-11-22/results/nobody`)).status).toBe(404);
    const latest = (await (await fetch(`${base}/runs/latest`)).json()) as { runId: string };
    expect(latest.runId).toBe('nightly-2026-11-22');
    expect((await fetch(`${base}/runs/no-such-run`)).status).toBe(404);
  });

  test('exports: sealed runs only, unless partial', async () => {
    const csv = await fetch(`${base}/runs/nightly-2026-11-22/export.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    // Read the bytes: Response.text() drops a leading BOM (WHATWG UTF-8 decode), so it cannot show one was sent.
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split(/\r\n/);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^id,name,type/);
    const open = await fetch(`${base}/runs/nightly-2026-11-23/export.jsonl`);
    expect(open.status).toBe(409);
    expect(((await open.json()) as { error: string }).error).toMatch(/in progress \(1\/3/);
    const partial = await fetch(`${base}/runs/nightly-2026-11-23/export.jsonl?partial=true`);
    expect(partial.headers.get('x-eindex-sealed')).toBe('false');
    expect((await partial.text()).trim().split('\n')).toHaveLength(1);
  });

  test('/metrics is Prometheus text: jobs by state, durations, failures by class, relaunches', async () => {
    await queues.redis.hincrby(queues.key('stats', 'browser-relaunches'), 'recycle', 2);
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^# TYPE eindex_jobs gauge$/m);
    expect(text).toMatch(/^eindex_jobs\{queue="audit",state="waiting"\} \d+$/m);
    expect(text).toMatch(/^eindex_site_audit_duration_seconds_bucket\{le="1",outcome="failed"\} 0$/m);
    expect(text).toMatch(/^eindex_site_audit_duration_seconds_bucket\{le="2",outcome="failed"\} 1$/m);
    expect(text).toMatch(/^eindex_audit_phase_duration_seconds_count\{phase="lighthouse"\} 1$/m);
    expect(text).toMatch(/^eindex_site_failures_total\{class="timeout"\} 1$/m);
    expect(text).toMatch(/^eindex_browser_relaunches_total\{reason="recycle"\} 2$/m);
    expect(text).toMatch(/^eindex_current_run_sealed\{run="nightly-2026-11-23"\} 0$/m);
  });

  test('/openapi.json is generated from the routes: every endpoint, operationIds, security per operation, SiteResult embedded', async () => {
    type Op = { operationId?: string; security?: unknown[] };
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, { required?: string[] }> }; servers: unknown[]; info: { license: { name: string } } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/metrics', '/runs', '/runs/{runId}', '/runs/{runId}/results', '/runs/{runId}/results/{targetId}', '/runs/{runId}/export.csv', '/runs/{runId}/report/index.html', '/requeue']));
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/admin'))).toEqual([]);
    expect(doc.paths['/requeue']!.post!.security).toEqual([{ bearerToken: [] }, { basicToken: [] }]);
    expect(doc.paths['/runs']!.get!.security).toEqual([]);
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(ops.every((o) => typeof o.operationId === 'string')).toBe(true);
    expect(doc.components.schemas.SiteResult!.required).toContain('indicators');
    expect(doc.servers.length).toBeGreaterThan(0);
    expect(doc.info.license.name).toBe('MIT');
  });

  test('lists are paginated: limit, an opaque cursor, next', async () => {
    const first = (await (await fetch(`${base}/runs/nightly-2026-11-22/results?limit=2`)).json()) as { results: { target: { id: string } }[]; next: string };
    expect(first.results.map((r) => r.target.id)).toEqual(['alpha', 'beta']);
    expect(typeof first.next).toBe('string');
    const second = (await (await fetch(`${base}/runs/nightly-2026-11-22/results?limit=2&cursor=${first.next}`)).json()) as { results: { target: { id: string } }[]; next: string | null };
    expect(second.results.map((r) => r.target.id)).toEqual(['gamma']);
    expect(second.next).toBeNull();
    const runs = (await (await fetch(`${base}/runs?limit=1`)).json()) as { runs: { runId: string }[]; next: string };
    expect(runs.runs.map((r) => r.runId)).toEqual(['nightly-2026-11-23']);
    const rest = (await (await fetch(`${base}/runs?limit=1&cursor=${runs.next}`)).json()) as { runs: { runId: string }[]; next: string | null };
    expect([rest.runs.map((r) => r.runId), rest.next]).toEqual([['nightly-2026-11-22'], null]);
    for (const bad of ['limit=0', 'limit=abc', 'limit=1001', 'cursor=not-a-cursor']) {
      const res = await fetch(`${base}/runs?${bad}`);
      expect([bad, res.status]).toEqual([bad, 400]);
      expect(((await res.json()) as { error: string }).error).toMatch(/limit|cursor/);
    }
  });

  test('/runs/latest is the newest sealed nightly run unless ?kind= says otherwise', async () => {
    // A newer sealed ad-hoc run must not be what a pipeline that forgets ?kind= reads.
    store.addRunTargets('audit-20261124T100000Z', 'audit', '2026-11-24T10:00:00.000Z', [{ target: targets[0]!, generation: 0 }]);
    store.saveRunResult(fakeResult('audit-20261124T100000Z', targets[0]!), null, 0);
    expect(((await (await fetch(`${base}/runs/latest`)).json()) as { runId: string }).runId).toBe('nightly-2026-11-22');
    expect(((await (await fetch(`${base}/runs/latest?kind=audit`)).json()) as { runId: string }).runId).toBe('audit-20261124T100000Z');
    expect((await fetch(`${base}/runs/latest?kind=demo`)).status).toBe(404);
    expect((await fetch(`${base}/runs/latest/results/alpha?kind=audit`)).status).toBe(200);
  });

  test('writes other than re-queue are refused', async () => {
    expect((await fetch(`${base}/runs`, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('re-queue', () => {
  test('401 without a token or with a wrong one, and nothing is queued', async () => {
    const none = await requeue({ targets: ['alpha'] }, {});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await requeue({ targets: ['alpha'] }, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await requeue({ targets: ['alpha'] }, { authorization: `Basic ${Buffer.from('x:wrong').toString('base64')}` })).status).toBe(401);
    expect(await queues.audit.count()).toBe(0);
  });

  test('403, not 401, when the server has no token: re-queue is disabled there, and nothing is queued', async () => {
    const open = await createApiServer({ store, queues, service: testService(), loadTargets: async () => targets, token: undefined, log: silentLogger, metrics: serviceMetrics(queues, async () => null) });
    const openBase = await open.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${openBase}/requeue`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer anything' }, body: JSON.stringify({ targets: ['alpha'] }) });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/re-queue is disabled on this server/);
      expect((await fetch(`${openBase}/admin/queues`, { headers: { authorization: 'Bearer anything' } })).status).toBe(403);
      expect(await queues.audit.count()).toBe(0);
    } finally {
      await open.close();
    }
  });

  test('invalid bodies are refused before anything is queued', async () => {
    const cases: [unknown, number][] = [
      ['{not json', 400],
      [{}, 400],
      [{ targets: [] }, 400],
      [{ targets: ['https://evil.example/'] }, 400],
      [{ targets: ['alpha'], extra: 1 }, 400],
      ['{"targets":["alpha"],"__proto__":{"admin":true}}', 400],
      [{ targets: ['nobody'] }, 404],
      [{ targets: ['alpha'], runId: 'a:b' }, 400],
      [{ targets: ['x'.repeat(20)], padding: 'y'.repeat(20_000) }, 413],
    ];
    for (const [body, status] of cases) expect([body, (await requeue(body)).status]).toEqual([body, status]);
    const text = await fetch(`${base}/requeue`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' }, body: 'alpha' });
    expect(text.status).toBe(415);
    expect(await queues.audit.count()).toBe(0);
  });

  test('with the token: queued into the current run; again at once: already queued', async () => {
    const res = await requeue({ targets: ['beta', 'gamma'] });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      runId: 'nightly-2026-11-23',
      newRun: false,
      outcomes: [
        { targetId: 'beta', outcome: 'queued' },
        { targetId: 'gamma', outcome: 'queued' },
      ],
    });
    expect(await (await queues.audit.getJob(auditJobId('nightly-2026-11-23', 'beta')))!.getState()).toBe('waiting');
    const again = (await (await requeue({ targets: ['beta'] }, { authorization: `Basic ${Buffer.from(`op:${TOKEN}`).toString('base64')}` })).json()) as { outcomes: unknown };
    expect(again.outcomes).toEqual([{ targetId: 'beta', outcome: 'already-queued' }]);
  });

  test('into a new ad-hoc run', async () => {
    const body = (await (await requeue({ targets: ['alpha'], newRun: true })).json()) as { runId: string; newRun: boolean };
    expect(body.newRun).toBe(true);
    expect(body.runId).toMatch(/^requeue-\d{8}T\d{6}Z$/);
    expect(await (await queues.audit.getJob(auditJobId(body.runId, 'alpha')))!.getState()).toBe('waiting');
    // The current run stays the nightly one.
    expect(await queues.redis.get(queues.key('current-run'))).toBe('nightly-2026-11-23');
  });

  test('without runId: into the newest nightly run, even when a manual run is the current one', async () => {
    await queues.redis.set(queues.key('current-run'), 'audit-20261124T100000Z');
    try {
      const res = await requeue({ targets: ['alpha'] });
      expect(res.status).toBe(202);
      expect(((await res.json()) as { runId: string }).runId).toBe('nightly-2026-11-23');
      expect(await (await queues.audit.getJob(auditJobId('nightly-2026-11-23', 'alpha')))!.getState()).toBe('waiting');
    } finally {
      await queues.redis.set(queues.key('current-run'), 'nightly-2026-11-23');
    }
  });

  test('rate-limited per client: wrong tokens count too, then 429 with Retry-After even for the right one', async () => {
    const limited = await createApiServer({ store, queues, service: testService({ api: { requeueRateLimit: 3 } }), loadTargets: async () => targets, token: TOKEN, log: silentLogger, metrics: serviceMetrics(queues, async () => null) });
    const limitedBase = await limited.listen({ port: 0, host: '127.0.0.1' });
    try {
      const post = (authorization: string) => fetch(`${limitedBase}/requeue`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ targets: ['nobody'] }) });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post('Bearer wrong')).status);
      const refused = await post(`Bearer ${TOKEN}`);
      expect([...statuses, refused.status]).toEqual([401, 401, 401, 429]);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { error: string }).error).toMatch(/too many requests/);
      // Reading is not limited.
      expect((await fetch(`${limitedBase}/runs`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  test('behind a trusted reverse proxy (EINDEX_TRUST_PROXY), each forwarded client has its own limit', async () => {
    const proxied = await createApiServer({ store, queues, service: testService({ api: { requeueRateLimit: 2 } }), loadTargets: async () => targets, token: TOKEN, log: silentLogger, metrics: serviceMetrics(queues, async () => null), trustProxy: '127.0.0.1' });
    const proxiedBase = await proxied.listen({ port: 0, host: '127.0.0.1' });
    try {
      const post = (client: string) => fetch(`${proxiedBase}/requeue`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wrong', 'x-forwarded-for': client }, body: JSON.stringify({ targets: ['nobody'] }) });
      const a = [];
      for (let i = 0; i < 3; i++) a.push((await post('203.0.113.5')).status);
      expect(a).toEqual([401, 401, 429]);
      expect((await post('198.51.100.7')).status).toBe(401);
    } finally {
      await proxied.close();
    }
  });
});
