// The operators' queue dashboard (Bull Board at /admin/queues) in real Chromium: 401 without the token (the page, its
// static assets and its JSON API alike), the page with the token as Basic password (a browser's log-in) or as a Bearer
// header, the audit, store and control queues listed, and a failed audit job retried from the page. Real Redis with a
// fresh prefix.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { CHROMIUM_FLAGS, chromiumPath } from '../../src/audit/browser.ts';
import { silentLogger } from '../../src/log.ts';
import { auditJobOptions, connectionOptions, QUEUE, Queues, type QueueEnv } from '../../src/service/queue.ts';
import { auditJobId } from '../../src/service/runs.ts';
import { serviceMetrics } from '../../src/service/metrics.ts';
import { createApiServer } from '../../src/service/api.ts';
import { SqliteStore, type Store } from '../../src/store/store.ts';
import { dropPrefix, freshEnv, target, testService } from '../helpers/queue.ts';

const TOKEN = 'dashboard-token-0123456789abcdef';
const RUN = 'nightly-2026-11-23';
let env: QueueEnv;
let queues: Queues;
let store: Store;
let server: FastifyInstance;
let base: string;
let browser: Browser;

beforeAll(async () => {
  env = freshEnv();
  queues = new Queues(env);
  store = new SqliteStore(':memory:');
  const service = testService({ retries: { attempts: 1 } });
  // One failed audit job (a worker that throws) and one waiting.
  await queues.audit.add('audit', { runId: RUN, target: target('alpha'), generation: 0, reason: 'scheduled' }, auditJobOptions(service, auditJobId(RUN, 'alpha')));
  const worker = new Worker(QUEUE.audit, async () => {
    throw new Error('synthetic failure for the dashboard');
  }, { connection: connectionOptions(env), prefix: env.prefix, autorun: false });
  const failed = new Promise((resolve) => worker.once('failed', resolve));
  void worker.run();
  await failed;
  await worker.close();
  await queues.audit.add('audit', { runId: RUN, target: target('beta'), generation: 0, reason: 'scheduled' }, auditJobOptions(service, auditJobId(RUN, 'beta')));
  server = await createApiServer({ store, queues, service, loadTargets: async () => [], token: TOKEN, log: silentLogger, metrics: serviceMetrics(queues, async () => null) });
  base = await server.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await queues?.close();
  store?.close();
  if (env) await dropPrefix(env);
});

describe('queue dashboard', () => {
  test('401 without the token or with a wrong one: page, static assets and its API; a Basic challenge for browsers', async () => {
    const page = await fetch(`${base}/admin/queues`);
    expect(page.status).toBe(401);
    expect(page.headers.get('www-authenticate')).toMatch(/^Basic realm="eindex"/);
    expect(((await page.json()) as { error: string }).error).toMatch(/valid API token/);
    expect((await fetch(`${base}/admin/queues/api/queues`)).status).toBe(401);
    expect((await fetch(`${base}/admin/queues/static/favicon-32x32.png`)).status).toBe(401);
    expect((await fetch(`${base}/admin/queues`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${base}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from('op:wrong').toString('base64')}` } })).status).toBe(401);
    // The queue's jobs are not leaked through the JSON API either.
    expect(await (await fetch(`${base}/admin/queues/api/queues`)).text()).not.toMatch(/alpha/);
  });

  test('in Chromium without credentials: the 401 page, no queue shown', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // Headless Chromium gives up on the Basic challenge (ERR_INVALID_AUTH_CREDENTIALS): read the answer it got.
      const [res] = await Promise.all([page.waitForResponse(`${base}/admin/queues`), page.goto(`${base}/admin/queues`).catch(() => null)]);
      expect(res.status()).toBe(401);
      expect(res.headers()['www-authenticate']).toMatch(/^Basic/);
      expect(await res.text()).not.toMatch(/eindex queues/);
    } finally {
      await context.close();
    }
  });

  test('in Chromium with the token as Basic password: the three queues, the failed job, and a retry from the page', async () => {
    const context = await browser.newContext({ httpCredentials: { username: 'operator', password: TOKEN } });
    const failedRequests: string[] = [];
    try {
      const page = await context.newPage();
      page.on('response', (r) => r.status() >= 400 && failedRequests.push(`${r.status()} ${r.url()}`));
      const res = await page.goto(`${base}/admin/queues`);
      expect(res?.status()).toBe(200);
      for (const name of ['audit', 'store', 'control']) await expect.poll(() => page.getByRole('link', { name, exact: false }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await page.goto(`${base}/admin/queues/queue/${QUEUE.audit}?status=failed`);
      await page.getByText('synthetic failure for the dashboard').first().waitFor({ timeout: 20_000 });
      await page.screenshot({ path: 'test-output/screenshots/dashboard-failed.png' });
      // Retry the failed job: the operator's re-queue in a browser (the job's own retry icon has no accessible name).
      await page.getByRole('button', { name: 'Retry all' }).click();
      const confirm = page.getByRole('button', { name: /^(Confirm|Retry)$/ });
      if (await confirm.isVisible({ timeout: 2000 }).catch(() => false)) await confirm.click();
      await expect.poll(async () => (await queues.audit.getJob(auditJobId(RUN, 'alpha')))!.getState(), { timeout: 20_000 }).toBe('waiting');
      expect(failedRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a Bearer header opens it too (scripts, a proxy that adds the header)', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${TOKEN}` } });
    try {
      const page = await context.newPage();
      expect((await page.goto(`${base}/admin/queues/queue/${QUEUE.audit}`))?.status()).toBe(200);
      await page.getByText(auditJobId(RUN, 'beta')).first().waitFor({ timeout: 20_000 });
    } finally {
      await context.close();
    }
  });
});
