// The API's own OpenAPI 3.1 description, served at /openapi.json (and the endpoint list at /).
import { ID_PATTERN } from '../targets.ts';
import { MAX_TARGETS_PER_REQUEST } from './requeue-request.ts';

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
          '403': { description: 're-queue is disabled on this server (no API token configured)', content: json(error) },
          '404': { description: 'unknown target or run', content: json(error) },
          '413': { description: 'body too large', content: json(error) },
          '415': { description: 'not JSON', content: json(error) },
        },
      },
    },
  },
} as const;
