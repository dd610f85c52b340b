// Small HTTP helpers of the API (Fastify): errors that become status codes, cached responses with ETags, the token
// check, opaque pagination cursors, and a single-flight cache for what is expensive to build.
import { createHash, timingSafeEqual } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The largest request body accepted (POST /requeue): 1000 target ids fit easily. */
export const MAX_BODY = 16 * 1024;

/** Thrown by a route or hook: answered with its status, headers and { error: message }. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  constructor(statusCode: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.statusCode = statusCode;
    this.headers = headers;
  }
}

export const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  png: 'image/png',
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** A body with its ETag, computed once when it is built (not on every request). */
export interface Cached {
  body: string | Buffer;
  etag: string;
}

export function cached(body: string | Buffer): Cached {
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

/**
 * A cacheable GET: If-None-Match answers 304, and Cache-Control follows the run's state: a sealed run changes only by
 * an operator's override, so caches may keep it 5 minutes; an open run is revalidated each time.
 */
export function sendCached(req: FastifyRequest, reply: FastifyReply, c: Cached, type: string, sealed: boolean, headers: Record<string, string> = {}): FastifyReply {
  reply.headers({ etag: c.etag, 'cache-control': sealed ? 'public, max-age=300' : 'no-cache', ...headers });
  if (req.headers['if-none-match'] === c.etag) return reply.code(304).send();
  return reply.type(type).send(c.body);
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Bearer token, or HTTP Basic with the token as password (any user name; for a browser). */
export function authorised(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header) return false;
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

/**
 * A preParsing hook for the token-protected routes: after the rate limit (onRequest), so refused tokens count against
 * it, and before the body is read. No token configured: nobody may use them here, so the answer is 403 "disabled",
 * not 401 "log in". Otherwise 401 with `challenge` (Basic makes a browser ask for the password). It answers itself
 * rather than throwing: Bull Board's routes have their own error handler, which would drop the challenge header.
 */
export function tokenHook(token: string | undefined, what: string, challenge: string) {
  return async <P>(req: FastifyRequest, reply: FastifyReply, payload: P): Promise<P> => {
    if (!token) await reply.code(403).send({ error: `${what} is disabled on this server (EINDEX_API_TOKEN is not set)` });
    else if (!authorised(req.headers.authorization, token)) {
      await reply.code(401).header('www-authenticate', challenge).send({ error: 'a valid API token is required (Authorization: Bearer <token>, or Basic with the token as password)' });
    }
    return payload;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Pagination: `limit` and an opaque `cursor` (the key of the last item of the previous page); `next` is null at the end.

export interface Page<T> {
  items: T[];
  next: string | null;
}

export function paginate<T>(all: readonly T[], keyOf: (item: T) => string, limit: number, cursor: string | undefined): Page<T> {
  let start = 0;
  if (cursor !== undefined) {
    let after: unknown;
    try {
      after = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown }).after;
    } catch {
      after = undefined;
    }
    if (typeof after !== 'string') throw new HttpError(400, 'cursor: not a cursor of this API (pass the "next" value of the previous page)');
    const at = all.findIndex((item) => keyOf(item) === after);
    if (at < 0) throw new HttpError(400, 'cursor: its entry is no longer listed; start again without a cursor');
    start = at + 1;
  }
  const items = all.slice(start, start + limit);
  const more = start + limit < all.length;
  return { items, next: more && items.length ? Buffer.from(JSON.stringify({ after: keyOf(items.at(-1)!) })).toString('base64url') : null };
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Built values (reports, exports) by key, valid while the store's change stamp is the same. A build starts on the next
 * turn of the event loop and is shared by every request that asks meanwhile, so a burst of readers costs one build,
 * and requests already waiting are answered first. At most `max` entries are kept.
 */
export class BuildCache<V> {
  private readonly entries = new Map<string, { stamp: string; value: Promise<V> }>();
  private readonly max: number;
  constructor(max: number) {
    this.max = max;
  }

  get(key: string, stamp: string, build: () => V | Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.stamp === stamp) return hit.value;
    const value = nextTurn().then(build);
    const entry = { stamp, value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    // A failed build is not kept: the next request tries again.
    value.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
