// The API's OpenAPI document, as @fastify/swagger generates it from the routes' schemas, linted with Redocly's
// `recommended` ruleset: no errors allowed; the warnings are counted and printed. No Redis needed: the document is
// built without a request (the queues point at a closed port and are never used).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import type { FastifyInstance } from 'fastify';
import { createApiServer } from '../../src/service/api.ts';
import { Queues } from '../../src/service/queue.ts';
import { serviceMetrics } from '../../src/service/metrics.ts';
import { silentLogger } from '../../src/log.ts';
import { SqliteStore, type Store } from '../../src/store/store.ts';
import { testService } from '../helpers/queue.ts';

let app: FastifyInstance;
let queues: Queues;
let store: Store;

beforeAll(async () => {
  queues = new Queues({ redisUrl: 'redis://127.0.0.1:1', prefix: 'openapi-lint' });
  store = new SqliteStore(':memory:');
  app = await createApiServer({ store, queues, service: testService(), loadTargets: async () => [], token: 'x'.repeat(24), log: silentLogger, metrics: serviceMetrics(queues, async () => null) });
});

afterAll(async () => {
  await app?.close();
  await queues?.close();
  store?.close();
});

test('the generated /openapi.json lints with 0 errors under Redocly recommended', async () => {
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: res.body, absoluteRef: 'openapi.json', config });
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warn');
  console.log(`[openapi-lint] ${errors.length} errors, ${warnings.length} warnings${warnings.length ? `: ${[...new Set(warnings.map((w) => w.ruleId))].join(', ')}` : ''}`);
  for (const w of warnings) console.log(`  ${w.ruleId}: ${w.message} at ${w.location[0]?.pointer ?? '?'}`);
  expect(errors.map((e) => `${e.ruleId}: ${e.message} at ${e.location[0]?.pointer ?? '?'}`)).toEqual([]);
});
