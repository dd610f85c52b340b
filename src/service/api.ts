// The HTTP API of `eindex serve` (node:http, no framework): read-only runs, results and exports from the store, an
// authenticated re-queue, /healthz, /metrics (Prometheus) and its own OpenAPI description at /openapi.json.
// Sealed runs are what the index pipeline reads; open runs are shown as in progress and their exports refused (409)
// unless asked for with ?partial=true.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { buildSummary, toCsv, toJsonl, toSummaryJson } from '../publish/export.ts';
import { loadScoring } from '../config.ts';
import { effectiveResults } from '../score/overrides.ts';
import { buildReport } from '../publish/report/build.ts';
import type { AnyIndicator } from '../indicators/indicator.ts';
import { INDICATORS } from '../indicators/index.ts';
import { currentRunId, openRun, requeue, type Queues, type RequeueResult } from './queue.ts';
import { adHocRunId, RUN_ID_PATTERN } from './runs.ts';
import type { ServiceConfig } from './service-config.ts';
import type { Store } from '../store/store.ts';
import { ID_PATTERN } from '../targets.ts';
import type { Target } from '../types.ts';
import type { ServiceMetrics } from './metrics.ts';
import { runStatus } from './status.ts';

export interface ApiOptions {
  store: Store;
  queues: Queues;
  service: ServiceConfig;
  /** The current targets file (re-read per re-queue, so an edit applies without a restart). */
  loadTargets: () => Promise<Target[]>;
  /** EINDEX_API_TOKEN; unset: re-queue is refused for everyone. */
  token: string | undefined;
  log: Logger;
  metrics: ServiceMetrics;
  indicators?: readonly AnyIndicator[];
}

const MAX_BODY = 16 * 1024;
const MAX_TARGETS_PER_REQUEST = 1000;

class HttpError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  png: 'image/png',
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

function etagOf(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * A cacheable GET: ETag from the body (If-None-Match answers 304), and Cache-Control by the run's state: a sealed
 * run changes only by an operator's override, so caches may keep it 5 minutes; an open run is revalidated each time.
 */
function sendCached(req: IncomingMessage, res: ServerResponse, body: string | Buffer, type: string, sealed: boolean, headers: Record<string, string> = {}): void {
  const etag = etagOf(body);
  const common = { etag, 'cache-control': sealed ? 'public, max-age=300' : 'no-cache', ...headers };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...common });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Bearer token, or HTTP Basic with the token as password (for a browser). */
function authorised(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return false;
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1];
  if (bearer) return sameSecret(bearer.trim(), token);
  const basic = /^Basic\s+(.+)$/i.exec(header)?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const password = decoded.slice(decoded.indexOf(':') + 1);
    return decoded.includes(':') && sameSecret(password, token);
  }
  return false;
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'send the body as application/json');
  const declared = Number(req.headers['content-length'] ?? 0);
  // 413 closes the connection: the rest of an oversized body is never read, so the socket cannot be reused.
  if (declared > MAX_BODY) throw new HttpError(413, `body larger than ${MAX_BODY} bytes`, { connection: 'close' });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, `body larger than ${MAX_BODY} bytes`, { connection: 'close' });
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

export interface RequeueRequest {
  targets: string[];
  runId?: string;
  newRun?: boolean;
}

/** Validates a re-queue body: only known keys, target ids of the right form, either runId or newRun. */
export function parseRequeueBody(body: unknown): RequeueRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'body must be a JSON object');
  const allowed = new Set(['targets', 'runId', 'newRun']);
  for (const key of Object.keys(body)) if (!allowed.has(key)) throw new HttpError(400, `unknown field "${key.slice(0, 40)}" (allowed: targets, runId, newRun)`);
  const { targets, runId, newRun } = body as Record<string, unknown>;
  if (!Array.isArray(targets) || targets.length === 0) throw new HttpError(400, 'targets must be a non-empty array of target ids');
  if (targets.length > MAX_TARGETS_PER_REQUEST) throw new HttpError(400, `at most ${MAX_TARGETS_PER_REQUEST} targets per request`);
  for (const t of targets) {
    if (typeof t !== 'string' || !ID_PATTERN.test(t)) {
      // Never JSON.stringify what a client sent: a 5000-deep array overflows the stack.
      const shown = typeof t === 'string' ? JSON.stringify(t.slice(0, 80)) : t === null ? 'null' : Array.isArray(t) ? 'an array' : typeof t;
      throw new HttpError(400, `targets: ${shown} is not a target id (lower-case letters, digits and '-'; not a URL)`);
    }
  }
  if (runId !== undefined && (typeof runId !== 'string' || !RUN_ID_PATTERN.test(runId) || runId.includes('__'))) throw new HttpError(400, 'runId is not a run id');
  if (newRun !== undefined && typeof newRun !== 'boolean') throw new HttpError(400, 'newRun must be true or false');
  if (newRun && runId !== undefined) throw new HttpError(400, 'give runId or newRun, not both');
  return { targets: [...new Set(targets as string[])], ...(runId !== undefined ? { runId } : {}), ...(newRun ? { newRun } : {}) };
}

export function createApiServer(opts: ApiOptions): Server {
  const { store, queues, log } = opts;
  const indicators = opts.indicators ?? INDICATORS;

  // Built reports by run, rebuilt when anything in the store changed (Store.changeStamp); a few runs at most.
  const reports = new Map<string, { stamp: string; files: Map<string, string | Buffer> }>();
  const reportFiles = (runId: string): Map<string, string | Buffer> => {
    const stamp = store.changeStamp();
    const cached = reports.get(runId);
    if (cached && cached.stamp === stamp) return cached.files;
    const built = { stamp, files: buildReport(store, runId, { indicators }).files };
    reports.delete(runId);
    reports.set(runId, built);
    while (reports.size > 4) reports.delete(reports.keys().next().value!);
    return built.files;
  };

  const runSummary = (runId: string) => {
    const seal = store.sealState(runId);
    return seal ? { ...seal, state: seal.sealed ? 'sealed' : 'in-progress' } : null;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));

    if (path === '/requeue') {
      if (method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST' });
      if (!authorised(req, opts.token)) throw new HttpError(401, 'a valid API token is required (Authorization: Bearer <token>)', { 'www-authenticate': 'Bearer realm="eindex"' });
      const request = parseRequeueBody(await readJsonBody(req));
      sendJson(res, 202, await requeueTargets(request));
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'read-only endpoint: use GET', { allow: 'GET' });

    if (path === '/') {
      sendJson(res, 200, { service: 'eindex', openapi: '/openapi.json', endpoints: Object.keys(OPENAPI.paths) });
      return;
    }
    if (path === '/healthz') {
      const checks: Record<string, string> = {};
      try {
        await Promise.race([queues.redis.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000))]);
        checks.redis = 'ok';
      } catch (err) {
        checks.redis = `unreachable: ${(err as Error).message}`;
      }
      try {
        store.runs().length;
        checks.store = 'ok';
      } catch (err) {
        checks.store = `error: ${(err as Error).message}`;
      }
      const ok = Object.values(checks).every((v) => v === 'ok');
      sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', ...checks });
      return;
    }
    if (path === '/metrics') {
      const text = await opts.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': opts.metrics.registry.contentType });
      res.end(text);
      return;
    }
    if (path === '/openapi.json') {
      sendJson(res, 200, OPENAPI);
      return;
    }
    if (parts[0] === 'runs') {
      if (parts.length === 1) {
        sendJson(res, 200, { runs: store.runs().map((r) => ({ ...r, ...runSummary(r.runId) })) });
        return;
      }
      let runId = parts[1]!;
      if (runId === 'latest') {
        const kind = url.searchParams.get('kind') ?? undefined;
        const latest = store.latestSealedRun(kind);
        if (!latest) throw new HttpError(404, `no sealed run${kind ? ` of kind ${kind}` : ''} yet`);
        runId = latest.runId;
      }
      const seal = store.sealState(runId);
      if (!seal) throw new HttpError(404, `no run "${runId}"`);
      const sub = parts.slice(2);
      if (sub.length === 0) {
        sendJson(res, 200, await runStatus(store, queues, runId));
        return;
      }
      if (sub[0] === 'results' && sub.length === 1) {
        sendJson(res, 200, { runId, sealed: seal.sealed, state: seal.sealed ? 'sealed' : 'in-progress', targets: seal.targets, results: store.results(runId) });
        return;
      }
      if (sub[0] === 'results' && sub.length === 2) {
        const result = store.getResult(runId, sub[1]!);
        if (!result) throw new HttpError(404, `no result for "${sub[1]}" in run ${runId}`);
        sendJson(res, 200, result);
        return;
      }
      if (sub[0] === 'export.csv' || sub[0] === 'export.jsonl' || sub[0] === 'summary.json') {
        const partial = url.searchParams.get('partial') === 'true';
        if (!seal.sealed && !partial) {
          throw new HttpError(409, `run ${runId} is in progress (${seal.terminal}/${seal.targets} sites done): it is exported once sealed; add ?partial=true for what is stored so far`);
        }
        // Operators' overrides replace measured values, flagged, with their trail (src/score/overrides.ts).
        const results = effectiveResults(store, runId);
        const ext = sub[0].split('.')[1]!;
        const body =
          ext === 'csv'
            ? toCsv(results, indicators)
            : ext === 'jsonl'
              ? toJsonl(results)
              : toSummaryJson(buildSummary(runId, results, indicators, loadScoring(indicators), store.lastChange(runId) ?? seal.createdAt));
        sendCached(req, res, body, CONTENT_TYPES[ext]!, seal.sealed, {
          'content-disposition': `${ext === 'json' ? 'inline' : 'attachment'}; filename="${runId}${partial && !seal.sealed ? '-partial' : ''}.${ext === 'json' ? 'summary.json' : ext}"`,
          'x-eindex-sealed': String(seal.sealed),
        });
        return;
      }
      if (sub[0] === 'report') {
        // Relative links in the pages need the trailing slash on the overview's URL.
        if (sub.length === 1 && !url.pathname.endsWith('/')) {
          res.writeHead(301, { location: `${url.pathname}/${url.search}` });
          res.end();
          return;
        }
        const file = sub.length === 1 ? 'index.html' : sub.slice(1).join('/');
        const body = reportFiles(runId).get(file);
        if (body === undefined) throw new HttpError(404, `no report file "${file}" in run ${runId}`);
        sendCached(req, res, body, CONTENT_TYPES[file.split('.').pop()!] ?? 'application/octet-stream', seal.sealed, { 'x-eindex-sealed': String(seal.sealed) });
        return;
      }
    }
    throw new HttpError(404, `no such endpoint: ${method} ${path} (see /openapi.json)`);
  }

  async function requeueTargets(request: RequeueRequest): Promise<RequeueResult & { newRun: boolean }> {
    const known = new Map((await opts.loadTargets()).map((t) => [t.id, t]));
    let runId: string;
    let kind = 'requeue';
    if (request.newRun) runId = adHocRunId('requeue');
    else {
      const named = request.runId ?? (await currentRunId(queues)) ?? store.runs()[0]?.runId;
      if (!named) throw new HttpError(409, 'there is no run to re-queue into yet: give "newRun": true');
      runId = named;
      const seal = store.sealState(runId);
      if (!seal && request.runId !== undefined && (await currentRunId(queues)) !== runId) throw new HttpError(404, `no run "${runId}"`);
      kind = seal?.kind ?? 'requeue';
      // A target that left the targets file can still be re-audited in a run that has it.
      for (const t of store.runTargets(runId)) if (!known.has(t.targetId)) known.set(t.targetId, t.target);
    }
    const unknown = request.targets.filter((id) => !known.has(id));
    if (unknown.length) throw new HttpError(404, `unknown target ids: ${unknown.slice(0, 20).join(', ')}`);
    const targets = request.targets.map((id) => known.get(id)!);
    if (request.newRun) {
      await openRun(queues, { runId, kind, targets, service: opts.service, reason: 'requeue', current: false });
      log.info({ runId, targets: request.targets }, 'targets queued in a new ad-hoc run');
      return { runId, newRun: true, outcomes: targets.map((t) => ({ targetId: t.id, outcome: 'queued' as const })) };
    }
    const result = await requeue(queues, { runId, kind, targets, service: opts.service });
    log.info({ runId, outcomes: result.outcomes }, 'targets re-queued');
    return { ...result, newRun: false };
  }

  return createServer((req, res) => {
    const started = Date.now();
    handle(req, res)
      .catch((err: unknown) => {
        if (err instanceof HttpError) {
          sendJson(res, err.status, { error: err.message }, err.headers);
        } else {
          log.error({ err: (err as Error).message, path: req.url }, 'request failed');
          if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
          else res.end();
        }
      })
      .finally(() => {
        log.debug({ method: req.method, path: (req.url ?? '').split('?')[0], status: res.statusCode, ms: Date.now() - started }, 'request');
      });
  });
}

// ---------------------------------------------------------------------------------------------------------------

const error = { $ref: '#/components/schemas/Error' };
const runIdParam = { name: 'runId', in: 'path', required: true, description: 'A run id, or "latest" for the newest sealed run (?kind= to pick nightly).', schema: { type: 'string' } };
const json = (schema: unknown) => ({ 'application/json': { schema } });

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'eindex audit service',
    version: '1',
    description:
      'Results of the nightly audit of Latvian public-sector websites for the e-index. A run is sealed when every target has its ' +
      'terminal result (audited, or failed with a class and message); the index pipeline reads sealed runs only. Everything is ' +
      'read-only except POST /requeue, which needs the API token.',
  },
  components: {
    securitySchemes: { token: { type: 'http', scheme: 'bearer', description: 'EINDEX_API_TOKEN (HTTP Basic with the token as password also works)' } },
    schemas: {
      Error: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] },
      RunSummary: {
        type: 'object',
        properties: {
          runId: { type: 'string' },
          kind: { type: 'string', description: 'nightly, run, requeue, audit, demo, ...' },
          createdAt: { type: 'string', format: 'date-time' },
          targets: { type: 'integer' },
          terminal: { type: 'integer', description: 'targets with their terminal result' },
          pending: { type: 'integer' },
          sealed: { type: 'boolean' },
          sealedAt: { type: ['string', 'null'], format: 'date-time' },
          state: { enum: ['sealed', 'in-progress'] },
        },
      },
      RunStatus: {
        type: 'object',
        description: 'As printed by `eindex status --json`.',
        properties: {
          runId: { type: 'string' },
          sealed: { type: 'boolean' },
          counts: { type: 'object', additionalProperties: { type: 'integer' }, description: 'targets per state: audited, failed, waiting, delayed, retrying, active, storing, missing, unknown' },
          failures: { type: 'array', items: { type: 'object', properties: { targetId: { type: 'string' }, status: { type: 'string' }, message: { type: ['string', 'null'] } } } },
          etaSeconds: { type: ['integer', 'null'] },
          storeBacklog: { type: ['integer', 'null'] },
        },
      },
      SiteResult: { type: 'object', description: 'One site of a run: schema/site-result.schema.json in the repository.' },
      RequeueRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['targets'],
        properties: {
          targets: { type: 'array', minItems: 1, maxItems: MAX_TARGETS_PER_REQUEST, items: { type: 'string', pattern: ID_PATTERN.source }, description: 'target ids from targets.json (not URLs)' },
          runId: { type: 'string', description: 'run to re-queue into; default: the current run (the newest nightly or manual run)' },
          newRun: { type: 'boolean', description: 'queue the targets in a new ad-hoc run instead' },
        },
      },
      RequeueResponse: {
        type: 'object',
        properties: {
          runId: { type: 'string' },
          newRun: { type: 'boolean' },
          outcomes: {
            type: 'array',
            items: { type: 'object', properties: { targetId: { type: 'string' }, outcome: { enum: ['queued', 'already-queued', 'in-progress'] } } },
          },
        },
      },
    },
  },
  paths: {
    '/healthz': { get: { summary: 'Liveness and readiness: Redis and the store', responses: { '200': { description: 'ok' }, '503': { description: 'Redis or the store unavailable' } } } },
    '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text/plain; version=0.0.4' } } } },
    '/openapi.json': { get: { summary: 'This description', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    '/runs': { get: { summary: 'All runs, newest first, with their seal state', responses: { '200': { description: 'runs', content: json({ type: 'object', properties: { runs: { type: 'array', items: { $ref: '#/components/schemas/RunSummary' } } } }) } } } },
    '/runs/{runId}': {
      get: { summary: 'Status of a run: counts per state, failures, ETA, sealed', parameters: [runIdParam], responses: { '200': { description: 'status', content: json({ $ref: '#/components/schemas/RunStatus' }) }, '404': { description: 'no such run', content: json(error) } } },
    },
    '/runs/{runId}/results': {
      get: {
        summary: 'Every stored site result of a run (open runs too, marked in-progress)',
        parameters: [runIdParam],
        responses: { '200': { description: 'results', content: json({ type: 'object', properties: { runId: { type: 'string' }, sealed: { type: 'boolean' }, state: { enum: ['sealed', 'in-progress'] }, results: { type: 'array', items: { $ref: '#/components/schemas/SiteResult' } } } }) }, '404': { description: 'no such run', content: json(error) } },
      },
    },
    '/runs/{runId}/results/{targetId}': {
      get: { summary: 'One site result', parameters: [runIdParam, { name: 'targetId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'result', content: json({ $ref: '#/components/schemas/SiteResult' }) }, '404': { description: 'none', content: json(error) } } },
    },
    '/runs/{runId}/export.csv': {
      get: {
        summary: 'The index table of a sealed run (CSV, UTF-8 with BOM)',
        parameters: [runIdParam, { name: 'partial', in: 'query', schema: { type: 'boolean' }, description: 'export an open run as far as it is' }],
        responses: { '200': { description: 'CSV' }, '409': { description: 'run in progress', content: json(error) } },
      },
    },
    '/runs/{runId}/export.jsonl': {
      get: { summary: 'Every SiteResult of a sealed run, one JSON per line', parameters: [runIdParam, { name: 'partial', in: 'query', schema: { type: 'boolean' } }], responses: { '200': { description: 'JSON lines' }, '409': { description: 'run in progress', content: json(error) } } },
    },
    '/runs/{runId}/summary.json': {
      get: { summary: 'Coverage, scoring and the aggregates by group and sector (docs/export.md), overrides applied', parameters: [runIdParam, { name: 'partial', in: 'query', schema: { type: 'boolean' } }], responses: { '200': { description: 'JSON' }, '409': { description: 'run in progress', content: json(error) } } },
    },
    '/runs/{runId}/report/': {
      get: {
        summary: 'National overview of the run (HTML, Latvian; index.en.html in English). Institution reports at sites/{targetId}.html, exports at data/, all linked from it',
        description: 'Static pages with relative links (the same files `eindex report` writes). ETag and Cache-Control on every file; a sealed run may be cached 5 minutes.',
        parameters: [runIdParam],
        responses: { '200': { description: 'text/html' }, '304': { description: 'not modified (If-None-Match)' }, '404': { description: 'no such run or file', content: json(error) } },
      },
    },
    '/runs/{runId}/report/sites/{targetId}.html': {
      get: { summary: 'Institution report of one site (Latvian; {targetId}.en.html in English)', parameters: [runIdParam, { name: 'targetId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'text/html' }, '404': { description: 'none', content: json(error) } } },
    },
    '/requeue': {
      post: {
        summary: 'Re-queue sites into the current run, a named run, or a new ad-hoc run',
        description: 'A site already waiting or being audited in that run is left alone (no second audit at once). A sealed run re-opens until the new result is stored.',
        security: [{ token: [] }],
        requestBody: { required: true, content: json({ $ref: '#/components/schemas/RequeueRequest' }) },
        responses: {
          '202': { description: 'queued', content: json({ $ref: '#/components/schemas/RequeueResponse' }) },
          '400': { description: 'invalid body', content: json(error) },
          '401': { description: 'no or wrong token', content: json(error) },
          '404': { description: 'unknown target or run', content: json(error) },
          '413': { description: 'body too large', content: json(error) },
          '415': { description: 'not JSON', content: json(error) },
        },
      },
    },
  },
} as const;
