// The operators' queue dashboard: Bull Board at /admin/queues, with the audit, store and control queues. Behind the
// API token like re-queue (Bearer, or Basic with the token as password so a browser asks for it), rate-limited, and
// its page, static assets and JSON API all in one context, so every one of them is covered by the token check.
// Retrying a failed audit job there re-audits the site in its run: the operator's re-queue in a browser.
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { HttpError, tokenHook } from './http.ts';
import type { Queues } from './queue.ts';
import type { ServiceConfig } from './service-config.ts';

export const DASHBOARD_PATH = '/admin/queues';

export async function dashboardRoutes(app: FastifyInstance, opts: { queues: Queues; service: ServiceConfig; token: string | undefined }): Promise<void> {
  const { api } = opts.service;
  await app.register(rateLimit, {
    global: true,
    max: api.dashboardRateLimit,
    timeWindow: api.rateLimitWindowMs,
    errorResponseBuilder: (_req, ctx) => new HttpError(429, `too many requests: at most ${ctx.max} dashboard requests per ${ctx.after}; try again later`),
  });
  // Basic first: a browser shows its log-in dialog for it (user name: anything, password: the token).
  app.addHook('preParsing', tokenHook(opts.token, 'the queue dashboard', 'Basic realm="eindex", Bearer realm="eindex"'));
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: [
      new BullMQAdapter(opts.queues.audit, { description: 'one job per site and run; retry a failed one to re-audit the site' }),
      new BullMQAdapter(opts.queues.collect, { description: 'follow-up measurements of collectors that failed transiently (provisional results)' }),
      new BullMQAdapter(opts.queues.store, { description: 'results on their way to the store writer (eindex serve)' }),
      // The scheduler's firings: read-only, a nightly run is opened by the schedule or `eindex run`.
      new BullMQAdapter(opts.queues.control, { readOnlyMode: true, description: 'nightly firings of the scheduler' }),
    ],
    // @bull-board/fastify 9.10.1 brings its own copy of @bull-board/api 9.10.1: same interface, separate type declarations.
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: { uiConfig: { boardTitle: 'eindex queues' } },
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: DASHBOARD_PATH });
}
