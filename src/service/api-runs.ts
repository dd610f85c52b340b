// The read-only routes of the API: runs, their status and results, exports and the HTML report pages. Sealed runs are
// what the index pipeline reads; open runs are shown as in progress and their exports refused (409) unless asked for
// with ?partial=true. Exports and reports are built once per store change (BuildCache), never twice at once.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { buildSummary, toCsv, toJsonl, toSummaryJson } from '../publish/export.ts';
import { loadScoring } from '../config.ts';
import { effectiveResults } from '../score/overrides.ts';
import { buildReport, lighthouseReportFile, lighthouseReportSite } from '../publish/report/build.ts';
import { runStatus } from './status.ts';
import { BuildCache, cached, CONTENT_TYPES, HttpError, paginate, sendCached, type Cached } from './http.ts';
import { kindQuery, nextField, pageQuery, partialQuery, PUBLIC, ref, responses, runIdParam } from './openapi.ts';
import type { ApiOptions } from './api-options.ts';
import type { SealState } from '../store/store.ts';

type RunParams = { runId: string };
type Query = { kind?: string; partial?: boolean; limit: number; cursor?: string };

const EXPORTS = {
  'export.csv': { ext: 'csv', summary: 'The index table of a sealed run (CSV, UTF-8 with BOM)', operationId: 'exportCsv', type: 'text/csv' },
  'export.jsonl': { ext: 'jsonl', summary: 'Every SiteResult of a sealed run, one JSON per line', operationId: 'exportJsonl', type: 'application/x-ndjson' },
  'summary.json': { ext: 'json', summary: 'Coverage, scoring and the aggregates by group and sector (docs/export.md), overrides applied', operationId: 'exportSummary', type: 'application/json' },
} as const;

export async function runRoutes(app: FastifyInstance, opts: ApiOptions): Promise<void> {
  const { store, queues, indicators } = opts;
  const reports = new BuildCache<{ files: Map<string, string | Buffer>; etags: Map<string, Cached> }>(4);
  const exports = new BuildCache<Cached>(12);

  /** The run a request names ("latest": the newest sealed run of ?kind=, nightly by default) and its seal state. */
  async function resolveRun(req: FastifyRequest<{ Params: RunParams; Querystring: Query }>): Promise<SealState> {
    let runId = req.params.runId;
    if (runId === 'latest') {
      const kind = req.query.kind ?? 'nightly';
      const latest = await store.latestSealedRun(kind);
      if (!latest) throw new HttpError(404, `no sealed run of kind ${kind} yet`);
      runId = latest.runId;
    }
    const seal = await store.sealState(runId);
    if (!seal) throw new HttpError(404, `no run "${runId}"`);
    return seal;
  }
  const stateOf = (seal: SealState) => (seal.sealed ? 'sealed' : 'in-progress');
  const runQuery = { type: 'object', properties: kindQuery };
  const common = (operationId: string, tags: string[], summary: string) => ({ operationId, tags, summary, security: PUBLIC, params: runIdParam });

  app.get(
    '/runs',
    {
      schema: {
        operationId: 'listRuns',
        tags: ['runs'],
        summary: 'All runs, newest first, with their seal state (paginated)',
        security: PUBLIC,
        querystring: { type: 'object', properties: pageQuery },
        response: {
          200: responses.json('one page of runs', { type: 'object', properties: { runs: { type: 'array', items: ref('RunSummary') }, ...nextField } }),
          400: responses.badRequest,
        },
      },
    },
    async (req: FastifyRequest<{ Querystring: Query }>) => {
      const page = paginate(await store.runs(), (r) => r.runId, req.query.limit, req.query.cursor);
      const runs = [];
      for (const r of page.items) {
        const seal = await store.sealState(r.runId);
        runs.push({ ...r, ...(seal ? { ...seal, state: stateOf(seal) } : {}) });
      }
      return { runs, next: page.next };
    },
  );

  app.get(
    '/runs/:runId',
    {
      schema: {
        ...common('getRunStatus', ['runs'], 'Status of a run: counts per state, failures, ETA, sealed'),
        description: 'runId "latest" is the newest sealed nightly run; ?kind= picks another kind.',
        querystring: runQuery,
        response: { 200: responses.json('status', ref('RunStatus')), 400: responses.badRequest, 404: responses.noRun },
      },
    },
    async (req: FastifyRequest<{ Params: RunParams; Querystring: Query }>) => runStatus(store, queues, (await resolveRun(req)).runId),
  );

  app.get(
    '/runs/:runId/results',
    {
      schema: {
        ...common('listResults', ['runs'], 'Stored site results of a run in target id order (open runs too, marked in-progress; paginated)'),
        querystring: { type: 'object', properties: { ...kindQuery, ...pageQuery } },
        response: {
          200: responses.json('one page of results', {
            type: 'object',
            properties: { runId: { type: 'string' }, sealed: { type: 'boolean' }, state: { type: 'string', enum: ['sealed', 'in-progress'] }, targets: { type: 'integer' }, results: { type: 'array', items: ref('SiteResult') }, ...nextField },
          }),
          400: responses.badRequest,
          404: responses.noRun,
        },
      },
    },
    async (req: FastifyRequest<{ Params: RunParams; Querystring: Query }>) => {
      const seal = await resolveRun(req);
      const page = paginate(await store.results(seal.runId), (r) => r.target.id, req.query.limit, req.query.cursor);
      return { runId: seal.runId, sealed: seal.sealed, state: stateOf(seal), targets: seal.targets, results: page.items, next: page.next };
    },
  );

  app.get(
    '/runs/:runId/results/:targetId',
    {
      schema: {
        ...common('getResult', ['runs'], 'One site result'),
        params: { type: 'object', required: ['runId', 'targetId'], properties: { ...runIdParam.properties, targetId: { type: 'string', description: 'a target id from targets.json' } } },
        querystring: runQuery,
        response: { 200: responses.json('the result', ref('SiteResult')), 400: responses.badRequest, 404: responses.error('no such run or no result for that target') },
      },
    },
    async (req: FastifyRequest<{ Params: RunParams & { targetId: string }; Querystring: Query }>) => {
      const seal = await resolveRun(req);
      const result = await store.getResult(seal.runId, req.params.targetId);
      if (!result) throw new HttpError(404, `no result for "${req.params.targetId}" in run ${seal.runId}`);
      return result;
    },
  );

  for (const [file, e] of Object.entries(EXPORTS)) {
    app.get(
      `/runs/:runId/${file}`,
      {
        schema: {
          ...common(e.operationId, ['exports'], e.summary),
          description: 'ETag and Cache-Control: a sealed run may be cached 5 minutes. Operators\' overrides replace measured values, flagged.',
          querystring: { type: 'object', properties: { ...kindQuery, ...partialQuery } },
          response: { 200: responses.text(e.type, e.ext.toUpperCase()), 304: responses.notModified, 400: responses.badRequest, 404: responses.noRun, 409: responses.inProgress },
        },
      },
      async (req: FastifyRequest<{ Params: RunParams; Querystring: Query }>, reply: FastifyReply) => {
        const seal = await resolveRun(req);
        const { runId } = seal;
        const partial = req.query.partial === true;
        if (!seal.sealed && !partial) {
          throw new HttpError(409, `run ${runId} is in progress (${seal.terminal}/${seal.targets} sites done): it is exported once sealed; add ?partial=true for what is stored so far`);
        }
        const body = await exports.get(`${runId}/${e.ext}`, await store.changeStamp(), async () => {
          // Operators' overrides replace measured values, flagged, with their trail (src/score/overrides.ts).
          const results = await effectiveResults(store, runId);
          if (e.ext === 'csv') return cached(toCsv(results, indicators));
          if (e.ext === 'jsonl') return cached(toJsonl(results));
          const at = (await store.lastChange(runId)) ?? seal.createdAt;
          return cached(toSummaryJson(buildSummary(runId, results, indicators, loadScoring(indicators), at)));
        });
        const name = `${runId}${partial && !seal.sealed ? '-partial' : ''}.${e.ext === 'json' ? 'summary.json' : e.ext}`;
        return sendCached(req, reply, body, CONTENT_TYPES[e.ext]!, seal.sealed, {
          'content-disposition': `${e.ext === 'json' ? 'inline' : 'attachment'}; filename="${name}"`,
          'x-eindex-sealed': String(seal.sealed),
        });
      },
    );
  }

  // Relative links in the pages need the trailing slash on the overview's URL.
  app.get('/runs/:runId/report', { schema: { hide: true } }, async (req, reply) => {
    const [path, search] = req.url.split('?');
    return reply.redirect(`${path}/${search === undefined ? '' : `?${search}`}`, 301);
  });

  async function sendReportFile(req: FastifyRequest<{ Params: RunParams; Querystring: Query }>, reply: FastifyReply, file: string) {
    const seal = await resolveRun(req);
    // "latest" moves on: send the browser to the run's own address, so the pages' relative links stay in that run.
    if (req.params.runId === 'latest') return reply.redirect(`/runs/${encodeURIComponent(seal.runId)}/report/${file === 'index.html' ? '' : file}`, 302);
    const lighthouseSite = lighthouseReportSite(file);
    if (lighthouseSite !== null) {
      // From the store, not the cached build (see ReportOptions.lighthouseFiles).
      const page = await lighthouseReportFile(store, seal.runId, lighthouseSite);
      if (!page) throw new HttpError(404, `no report file "${file}" in run ${seal.runId}`);
      return sendCached(req, reply, cached(page), CONTENT_TYPES.html!, seal.sealed, { 'x-eindex-sealed': String(seal.sealed) });
    }
    const report = await reports.get(seal.runId, await store.changeStamp(), async () => ({ files: (await buildReport(store, seal.runId, { indicators, lighthouseFiles: false })).files, etags: new Map<string, Cached>() }));
    const body = report.files.get(file);
    if (body === undefined) throw new HttpError(404, `no report file "${file}" in run ${seal.runId}`);
    let c = report.etags.get(file);
    if (!c) report.etags.set(file, (c = cached(body)));
    return sendCached(req, reply, c, CONTENT_TYPES[file.split('.').pop()!] ?? 'application/octet-stream', seal.sealed, { 'x-eindex-sealed': String(seal.sealed) });
  }
  const html = { 200: responses.text('text/html', 'the page'), 304: responses.notModified, 400: responses.badRequest, 404: responses.error('no such run or file') };

  app.get('/runs/:runId/report/', { schema: { hide: true } }, async (req: FastifyRequest<{ Params: RunParams; Querystring: Query }>, reply) => sendReportFile(req, reply, 'index.html'));
  app.get(
    '/runs/:runId/report/index.html',
    {
      schema: {
        ...common('getReportOverview', ['exports'], 'National overview of the run (HTML, Latvian; index.en.html in English)'),
        description: 'Also at report/ (the address to share). Static pages with relative links (the same files `eindex report` writes): institution reports at sites/{targetId}.html, exports at data/, all linked from it. ETag and Cache-Control on every file.',
        querystring: runQuery,
        response: html,
      },
    },
    async (req: FastifyRequest<{ Params: RunParams; Querystring: Query }>, reply) => sendReportFile(req, reply, 'index.html'),
  );
  app.get(
    '/runs/:runId/report/sites/:page',
    {
      schema: {
        ...common('getSiteReport', ['exports'], 'Institution report of one site: {targetId}.html in Latvian, {targetId}.en.html in English; {targetId}.lighthouse.html is Lighthouse\'s own full report (English), when the run has one'),
        params: { type: 'object', required: ['runId', 'page'], properties: { ...runIdParam.properties, page: { type: 'string', description: '{targetId}.html, {targetId}.en.html or {targetId}.lighthouse.html' } } },
        querystring: runQuery,
        response: html,
      },
    },
    async (req: FastifyRequest<{ Params: RunParams & { page: string }; Querystring: Query }>, reply) => sendReportFile(req, reply, `sites/${req.params.page}`),
  );
  // The pages' other files (index.en.html, assets/, shots/, data/): reached by the pages' links, not described.
  app.get('/runs/:runId/report/*', { schema: { hide: true } }, async (req: FastifyRequest<{ Params: RunParams & { '*': string }; Querystring: Query }>, reply) =>
    sendReportFile(req, reply, req.params['*']),
  );
}
