// POST /requeue: re-queue sites into the current nightly run, a named run, or a new ad-hoc run. Token-protected and
// rate-limited per client address (config/service.json "api"); the token is checked before the body is read.
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { currentRunId, openRun, requeue, type RequeueResult } from './queue.ts';
import { adHocRunId } from './runs.ts';
import { HttpError, MAX_BODY, tokenHook } from './http.ts';
import { ref, responses, TOKEN_SECURITY } from './openapi.ts';
import { parseRequeueBody, type RequeueRequest } from './requeue-request.ts';
import type { ApiOptions } from './api-options.ts';

/** The run a re-queue without runId goes to: the current run if it is a nightly one, else the newest nightly run. */
async function defaultRunId(opts: ApiOptions): Promise<string | null> {
  const current = await currentRunId(opts.queues);
  if (current) {
    const seal = await opts.store.sealState(current);
    // Not in the store yet: the store writer has not read the run's opening; its id tells its kind.
    if (seal ? seal.kind === 'nightly' : current.startsWith('nightly-')) return current;
  }
  const runs = await opts.store.runs();
  return runs.find((r) => r.kind === 'nightly')?.runId ?? null;
}

async function requeueTargets(opts: ApiOptions, request: RequeueRequest): Promise<RequeueResult & { newRun: boolean }> {
  const { store, queues, log } = opts;
  const known = new Map((await opts.loadTargets()).map((t) => [t.id, t]));
  let runId: string;
  let kind = 'requeue';
  if (request.newRun) runId = adHocRunId('requeue');
  else {
    const named = request.runId ?? (await defaultRunId(opts));
    if (!named) throw new HttpError(409, 'there is no nightly run to re-queue into yet: give "runId", or "newRun": true');
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

/** Registered in its own context: the rate limit and the token check apply to this route only. */
export async function requeueRoutes(app: FastifyInstance, opts: ApiOptions): Promise<void> {
  const { api } = opts.service;
  await app.register(rateLimit, {
    global: true,
    max: api.requeueRateLimit,
    timeWindow: api.rateLimitWindowMs,
    errorResponseBuilder: (_req, ctx) => new HttpError(429, `too many requests: at most ${ctx.max} re-queue requests per ${ctx.after}; try again later`),
  });
  // JSON only: Fastify would otherwise read a text/plain body as a string.
  app.removeContentTypeParser('text/plain');
  // preParsing: after the rate limit (refused tokens count against it), before the body is read.
  app.addHook('preParsing', tokenHook(opts.token, 're-queue', 'Bearer realm="eindex"'));
  app.post(
    '/requeue',
    {
      bodyLimit: MAX_BODY,
      // The schema documents the body and refuses it first; parseRequeueBody then names what is wrong.
      attachValidation: true,
      schema: {
        operationId: 'requeueTargets',
        tags: ['operations'],
        summary: 'Re-queue sites into the current nightly run, a named run, or a new ad-hoc run',
        description:
          'Without runId the sites go to the current nightly run (never to an ad-hoc or manual run). A site already waiting or being ' +
          'audited in that run is left alone (no second audit at once). A sealed run re-opens until the new result is stored. ' +
          'Rate-limited per client address (config/service.json api.requeueRateLimit per api.rateLimitWindowMs).',
        security: TOKEN_SECURITY,
        body: ref('RequeueRequest'),
        response: {
          202: responses.json('queued', ref('RequeueResponse')),
          400: responses.error('invalid body'),
          401: responses.error('no or wrong token'),
          403: responses.error('re-queue is disabled on this server (no API token configured)'),
          404: responses.error('unknown target or run'),
          409: responses.error('no nightly run yet (give runId or newRun)'),
          413: responses.error('body too large'),
          415: responses.error('not JSON'),
          429: responses.error('too many requests from this address'),
        },
      },
    },
    async (req, reply) => {
      const request = parseRequeueBody(req.body);
      if (req.validationError) throw new HttpError(400, `body: ${req.validationError.message}`);
      return reply.code(202).send(await requeueTargets(opts, request));
    },
  );
}
