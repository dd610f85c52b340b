// The HTTP API of `eindex serve` (node:http, no framework): read-only runs, results and exports from the store, an
// authenticated re-queue, /healthz, /metrics (Prometheus) and its own OpenAPI description at /openapi.json.
// Sealed runs are what the index pipeline reads; open runs are shown as in progress and their exports refused (409)
// unless asked for with ?partial=true. HTTP helpers: http.ts; the re-queue body: requeue-request.ts; the OpenAPI
// document: openapi.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { buildSummary, toCsv, toJsonl, toSummaryJson } from '../publish/export.ts';
import { loadScoring } from '../config.ts';
import { effectiveResults } from '../score/overrides.ts';
import { buildReport } from '../publish/report/build.ts';
import type { AnyIndicator } from '../indicators/indicator.ts';
import { INDICATORS } from '../indicators/index.ts';
import { currentRunId, openRun, requeue, type Queues, type RequeueResult } from './queue.ts';
import { adHocRunId } from './runs.ts';
import type { ServiceConfig } from './service-config.ts';
import type { Store } from '../store/store.ts';
import type { Target } from '../types.ts';
import type { ServiceMetrics } from './metrics.ts';
import { runStatus } from './status.ts';
import { authorised, CONTENT_TYPES, HttpError, readJsonBody, sendCached, sendJson } from './http.ts';
import { OPENAPI } from './openapi.ts';
import { parseRequeueBody, type RequeueRequest } from './requeue-request.ts';

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

export function createApiServer(opts: ApiOptions): Server {
  const { store, queues, log } = opts;
  const indicators = opts.indicators ?? INDICATORS;

  // Built reports by run, rebuilt when anything in the store changed (Store.changeStamp); a few runs at most.
  const reports = new Map<string, { stamp: string; files: Map<string, string | Buffer> }>();
  const reportFiles = async (runId: string): Promise<Map<string, string | Buffer>> => {
    const stamp = await store.changeStamp();
    const cached = reports.get(runId);
    if (cached && cached.stamp === stamp) return cached.files;
    const built = { stamp, files: (await buildReport(store, runId, { indicators })).files };
    reports.delete(runId);
    reports.set(runId, built);
    while (reports.size > 4) reports.delete(reports.keys().next().value!);
    return built.files;
  };

  const runSummary = async (runId: string) => {
    const seal = await store.sealState(runId);
    return seal ? { ...seal, state: seal.sealed ? 'sealed' : 'in-progress' } : null;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));

    if (path === '/requeue') {
      if (method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST' });
      // No token configured: nobody may re-queue here, so the answer is "forbidden", not "log in".
      if (!opts.token) throw new HttpError(403, 're-queue is disabled on this server (EINDEX_API_TOKEN is not set)');
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
        (await store.runs()).length;
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
        sendJson(res, 200, { runs: await Promise.all((await store.runs()).map(async (r) => ({ ...r, ...(await runSummary(r.runId)) }))) });
        return;
      }
      let runId = parts[1]!;
      if (runId === 'latest') {
        const kind = url.searchParams.get('kind') ?? undefined;
        const latest = await store.latestSealedRun(kind);
        if (!latest) throw new HttpError(404, `no sealed run${kind ? ` of kind ${kind}` : ''} yet`);
        runId = latest.runId;
      }
      const seal = await store.sealState(runId);
      if (!seal) throw new HttpError(404, `no run "${runId}"`);
      const sub = parts.slice(2);
      if (sub.length === 0) {
        sendJson(res, 200, await runStatus(store, queues, runId));
        return;
      }
      if (sub[0] === 'results' && sub.length === 1) {
        sendJson(res, 200, { runId, sealed: seal.sealed, state: seal.sealed ? 'sealed' : 'in-progress', targets: seal.targets, results: await store.results(runId) });
        return;
      }
      if (sub[0] === 'results' && sub.length === 2) {
        const result = await store.getResult(runId, sub[1]!);
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
        const results = await effectiveResults(store, runId);
        const ext = sub[0].split('.')[1]!;
        const body =
          ext === 'csv'
            ? toCsv(results, indicators)
            : ext === 'jsonl'
              ? toJsonl(results)
              : toSummaryJson(buildSummary(runId, results, indicators, loadScoring(indicators), (await store.lastChange(runId)) ?? seal.createdAt));
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
        const body = (await reportFiles(runId)).get(file);
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
      const named = request.runId ?? (await currentRunId(queues)) ?? (await store.runs())[0]?.runId;
      if (!named) throw new HttpError(409, 'there is no run to re-queue into yet: give "newRun": true');
      runId = named;
      const seal = await store.sealState(runId);
      if (!seal && request.runId !== undefined && (await currentRunId(queues)) !== runId) throw new HttpError(404, `no run "${runId}"`);
      kind = seal?.kind ?? 'requeue';
      // A target that left the targets file can still be re-audited in a run that has it.
      for (const t of await store.runTargets(runId)) if (!known.has(t.targetId)) known.set(t.targetId, t.target);
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

