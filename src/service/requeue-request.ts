// The body of POST /requeue: checked before anything touches the queue (a client's JSON is untrusted). The route's
// JSON schema (RequeueRequest in openapi.ts) refuses a bad body first; this check then says precisely what is wrong.
import { ID_PATTERN } from '../targets.ts';
import { runIdProblem } from '../run-id.ts';
import { HttpError } from './http.ts';
import { MAX_TARGETS_PER_REQUEST } from './openapi.ts';

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
  if (runId !== undefined && (typeof runId !== 'string' || runIdProblem(runId) !== null)) throw new HttpError(400, 'runId is not a run id');
  if (newRun !== undefined && typeof newRun !== 'boolean') throw new HttpError(400, 'newRun must be true or false');
  if (newRun && runId !== undefined) throw new HttpError(400, 'give runId or newRun, not both');
  return { targets: [...new Set(targets as string[])], ...(runId !== undefined ? { runId } : {}), ...(newRun ? { newRun } : {}) };
}
