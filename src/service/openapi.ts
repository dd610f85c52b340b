// JSON schemas of the API's requests and responses, and the document frame. @fastify/swagger generates /openapi.json
// from the routes' schemas (src/service/api-*.ts); the shared schemas here become its components, the published
// schema/site-result.schema.json among them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SwaggerOptions } from '@fastify/swagger';
import { REPO_ROOT } from '../config.ts';
import { ID_PATTERN } from '../targets.ts';
import { RUN_ID_PATTERN } from '../run-id.ts';

export const MAX_TARGETS_PER_REQUEST = 1000;
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

/** A reference to a shared schema (by its $id; swagger turns it into #/components/schemas/<id>). */
export const ref = (id: string) => ({ $ref: `${id}#` });

const siteResult = JSON.parse(readFileSync(join(REPO_ROOT, 'schema', 'site-result.schema.json'), 'utf8')) as Record<string, unknown>;
// Fastify names shared schemas by $id; the published id stays in the description.
const { $schema: _draft, $id: publishedId, ...siteResultBody } = siteResult;

const runState = { type: 'string', enum: ['sealed', 'in-progress'] } as const;

export const SHARED_SCHEMAS = [
  { $id: 'Error', type: 'object', description: 'Every 4xx and 5xx answer.', properties: { error: { type: 'string', description: 'what was wrong, and what to do' } }, required: ['error'] },
  { ...siteResultBody, $id: 'SiteResult', description: `${String(siteResult.description)} Published as ${String(publishedId)}.` },
  {
    $id: 'RunSummary',
    type: 'object',
    properties: {
      runId: { type: 'string' },
      kind: { type: 'string', description: 'nightly, run, requeue, audit, demo, ...' },
      createdAt: { type: 'string', format: 'date-time' },
      targets: { type: 'integer' },
      stored: { type: 'integer' },
      failed: { type: 'integer' },
      finishedAt: { type: ['string', 'null'], format: 'date-time' },
      terminal: { type: 'integer', description: 'targets with their terminal result' },
      pending: { type: 'integer' },
      provisional: { type: 'integer', description: 'targets whose stored result is provisional (a collector being measured again): the run is not sealed while any is' },
      sealed: { type: 'boolean' },
      sealedAt: { type: ['string', 'null'], format: 'date-time' },
      state: runState,
    },
  },
  {
    $id: 'RunStatus',
    type: 'object',
    description: 'As printed by `eindex status --json`.',
    properties: {
      runId: { type: 'string' },
      kind: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      sealed: { type: 'boolean' },
      sealedAt: { type: ['string', 'null'], format: 'date-time' },
      targets: { type: 'integer' },
      counts: { type: 'object', additionalProperties: { type: 'integer' }, description: 'targets per state: audited, failed, provisional, waiting, delayed, retrying, active, storing, missing, unknown' },
      failures: { type: 'array', items: { type: 'object', properties: { targetId: { type: 'string' }, status: { type: 'string' }, message: { type: ['string', 'null'] } } } },
      pending: { type: 'array', items: { type: 'object', properties: { targetId: { type: 'string' }, state: { type: 'string' }, attemptsMade: { type: 'integer' }, lastError: { type: 'string' } } } },
      provisional: {
        type: 'array',
        description: 'targets whose stored result is provisional, with the state of their follow-up measurement',
        items: { type: 'object', properties: { targetId: { type: 'string' }, followUp: { type: 'string' }, collectors: { type: 'array', items: { type: 'string' } }, attemptsMade: { type: 'integer' }, lastError: { type: 'string' } } },
      },
      followUps: { type: 'integer', description: 'follow-up measurements queued again and not yet ended (waiting, retrying, active)' },
      etaSeconds: { type: ['integer', 'null'] },
      storeBacklog: { type: ['integer', 'null'] },
    },
  },
  {
    $id: 'RequeueRequest',
    type: 'object',
    additionalProperties: false,
    required: ['targets'],
    properties: {
      targets: { type: 'array', minItems: 1, maxItems: MAX_TARGETS_PER_REQUEST, items: { type: 'string', pattern: ID_PATTERN.source }, description: 'target ids from targets.json (not URLs)' },
      runId: { type: 'string', pattern: RUN_ID_PATTERN.source, description: 'run to re-queue into; default: the current nightly run' },
      newRun: { type: 'boolean', description: 'queue the targets in a new ad-hoc run instead (not with runId)' },
    },
  },
  {
    $id: 'RequeueResponse',
    type: 'object',
    properties: {
      runId: { type: 'string' },
      newRun: { type: 'boolean' },
      outcomes: { type: 'array', items: { type: 'object', properties: { targetId: { type: 'string' }, outcome: { type: 'string', enum: ['queued', 'already-queued', 'in-progress'] } } } },
    },
  },
];

const errorBody = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const jsonBody = (description: string, schema: unknown) => ({ description, content: { 'application/json': { schema } } });

export const responses = {
  error: errorBody,
  json: jsonBody,
  noRun: errorBody('no such run (or no sealed run of that kind yet)'),
  badRequest: errorBody('invalid parameter'),
  inProgress: errorBody('the run is in progress (add ?partial=true)'),
  notModified: { description: 'not modified (If-None-Match matched the ETag)', type: 'null' },
  text: (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string' } } } }),
};

export const runIdParam = {
  type: 'object',
  required: ['runId'],
  properties: { runId: { type: 'string', description: 'A run id, or "latest" for the newest sealed run of ?kind= (default nightly).' } },
};

export const kindQuery = { kind: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,30}$', description: 'with runId "latest": the kind of run (default nightly; audit, run, requeue, ...)' } };
export const partialQuery = { partial: { type: 'boolean', default: false, description: 'export an open run as far as it is' } };
export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE, description: `items per page (default ${DEFAULT_PAGE}, at most ${MAX_PAGE})` },
  cursor: { type: 'string', maxLength: 400, description: 'the "next" value of the previous page (opaque)' },
};
export const nextField = { next: { type: ['string', 'null'], description: 'cursor of the next page; null on the last page' } };

/** Routes of the protected kind carry this; the public ones an empty list (Redocly wants `security` on every operation). */
export const TOKEN_SECURITY: Record<string, string[]>[] = [{ bearerToken: [] }, { basicToken: [] }];
export const PUBLIC: [] = [];

export const SWAGGER_OPTIONS: SwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'eindex audit service',
      version: '1',
      description:
        'Results of the nightly audit of Latvian public-sector websites for the e-index. A run is sealed when every target has its ' +
        'terminal result (audited, or failed with a class and message); the index pipeline reads sealed runs only. Everything is ' +
        'read-only except POST /requeue, which needs the API token (EINDEX_API_TOKEN). Lists are paginated: `limit` and `cursor`, ' +
        'and the `next` cursor of each page. Generated from the routes\' schemas by @fastify/swagger.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'the server that serves this document (`eindex serve`, port EINDEX_API_PORT, default 8080; or its reverse proxy)' }],
    tags: [
      { name: 'runs', description: 'Runs, their status and results' },
      { name: 'exports', description: 'The index table and reports of a run' },
      { name: 'operations', description: 'Re-queue, health, metrics and this description' },
    ],
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'EINDEX_API_TOKEN as a bearer token' },
        basicToken: { type: 'http', scheme: 'basic', description: 'HTTP Basic with EINDEX_API_TOKEN as the password (any user name), for a browser' },
      },
    },
  },
  refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  // The queue dashboard's routes (Bull Board, its own UI and JSON API) are not part of the described API.
  transform: ({ schema, url }) => ({ schema: url.startsWith('/admin/') ? { ...schema, hide: true } : schema, url }),
};
