// Serves folders of static sites on 127.0.0.1, one origin per site, for the demo and the tests (no network needed).
// A site folder may hold `_site.json` with behaviours a static file cannot show:
//   { "routes": { "/": { "status": 302, "location": "/lv/" }, "/slow": { "delayMs": 60000 } },
//     "headers": { "x-frame-options": "DENY" }, "latencyMs": 0 }
// In served text files `{{origin}}` becomes the site's own origin and `{{origin:NAME}}` another site's.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

export interface RouteBehaviour {
  status?: number;
  location?: string;
  delayMs?: number;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Accept the connection and never answer. */
  hang?: boolean;
  /** Never answer these requests of this route (1-based, counted per route): a one-off stall, e.g. [2]. */
  hangRequests?: number[];
  /** Never answer these requests of this route among those whose header `header` contains `includes` (1-based,
   * counted per route over the matching requests only): a stall of one client's load, e.g. Lighthouse's (its
   * emulated `sec-ch-ua` names "Google Chrome"; Playwright's contexts do not). With `forMs`, answer after that long
   * instead of never; with `status`, answer at once with that HTTP status and a short page (a passing overload). */
  hangWhen?: { header: string; includes: string; requests: number[]; forMs?: number; status?: number };
  /** Body generated at request time: head + item × count + tail (10 MB pages, 100 000 elements) without big files. */
  repeat?: { head?: string; item: string; count: number; tail?: string };
  /** Send the body gzip-compressed (content-encoding: gzip); with `repeat`, a gzip bomb of a few hundred KB. */
  gzip?: boolean;
  /** Answer with this file of the site folder (status, type and headers from the route). */
  file?: string;
  /** Encode the text body in this single-byte charset (e.g. windows-1257, iso-8859-13) instead of UTF-8. */
  encodeAs?: string;
  /** Send the body's first part, then one space every trickleMs for ever: a page that never finishes loading. */
  trickleMs?: number;
}

export interface SiteBehaviour {
  routes?: Record<string, RouteBehaviour>;
  headers?: Record<string, string>;
  latencyMs?: number;
}

export interface SeenRequest {
  path: string;
  userAgent: string;
  /** Set when the request carried the header its route's hangWhen looks for (e.g. a load by Lighthouse). */
  hangWhenMatched?: true;
}

export interface ServedSites {
  /** Site folder name -> origin, e.g. "clean" -> "http://127.0.0.1:40123". */
  origins: Record<string, string>;
  /** Requests seen per site, in order (path and user-agent), for politeness and discovery tests. */
  requests: Record<string, SeenRequest[]>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};
const TEXT = new Set(['.html', '.css', '.js', '.json', '.txt', '.xml', '.svg']);

export interface ServeOptions {
  only?: string[];
  latencyMs?: number;
  /** Sites served over https with this key and certificate (tests make them at run time: self-signed, expired). */
  tls?: Record<string, { key: string; cert: string }>;
}

export async function serveSites(root: string, options: ServeOptions = {}): Promise<ServedSites> {
  const entries = await readdir(root, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory() && (!options.only || options.only.includes(e.name)))
    .map((e) => e.name)
    .sort();
  const origins: Record<string, string> = {};
  const requests: ServedSites['requests'] = {};
  const servers: Server[] = [];
  const sockets = new Set<import('node:net').Socket>();

  for (const name of names) {
    const dir = join(root, name);
    const behaviour = await readBehaviour(dir);
    requests[name] = [];
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      const seen: SeenRequest = { path: req.url ?? '/', userAgent: req.headers['user-agent'] ?? '' };
      requests[name]!.push(seen);
      void handle(dir, behaviour, options.latencyMs ?? 0, origins, name, req, res, seen).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    };
    const tls = options.tls?.[name];
    const server: Server = tls ? createHttpsServer(tls, onRequest) : createServer(onRequest);
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origins[name] = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
    servers.push(server);
  }

  return {
    origins,
    requests,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}

/** Requests seen per route behaviour (for hangRequests), and those matching its hangWhen header. */
const routeHits = new WeakMap<RouteBehaviour, number>();
const matchingHits = new WeakMap<RouteBehaviour, number>();

async function readBehaviour(dir: string): Promise<SiteBehaviour> {
  try {
    return JSON.parse(await readFile(join(dir, '_site.json'), 'utf8')) as SiteBehaviour;
  } catch {
    return {};
  }
}

async function handle(
  dir: string,
  behaviour: SiteBehaviour,
  defaultLatency: number,
  origins: Record<string, string>,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
  seen: SeenRequest,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = decodeURIComponent(url.pathname);
  const route = behaviour.routes?.[path] ?? behaviour.routes?.[path + url.search];
  const latency = (behaviour.latencyMs ?? defaultLatency) + (route?.delayMs ?? 0);
  if (route?.hang) return; // never answer; the client's timeout must handle it
  if (route?.hangRequests) {
    const hits = routeHits.get(route) ?? 0;
    routeHits.set(route, hits + 1);
    if (route.hangRequests.includes(hits + 1)) return;
  }
  if (route?.hangWhen) {
    const { header, includes, requests, forMs, status } = route.hangWhen;
    const value = req.headers[header.toLowerCase()];
    if ((Array.isArray(value) ? value.join(', ') : (value ?? '')).includes(includes)) {
      seen.hangWhenMatched = true;
      const hits = (matchingHits.get(route) ?? 0) + 1;
      matchingHits.set(route, hits);
      if (requests.includes(hits)) {
        if (status !== undefined) {
          // A page of text: an empty error answer shows Chromium's own error page (an interstitial) instead.
          res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'retry-after': '1' }).end(`<!doctype html><title>${status}</title><p>Serveris ir pārslogots (${status}).</p>`);
          return;
        }
        if (forMs === undefined) return;
        await new Promise((r) => setTimeout(r, forMs));
      }
    }
  }
  if (latency > 0) await new Promise((r) => setTimeout(r, latency));
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...behaviour.headers, ...route?.headers };

  if (route && (route.location !== undefined || route.status !== undefined || route.body !== undefined || route.repeat || route.file)) {
    if (route.location !== undefined) headers.location = expand(route.location, origins, name);
    let text = route.body !== undefined ? expand(route.body, origins, name) : '';
    if (route.file) {
      const file = await findFile(dir, `/${route.file}`);
      if (!file) throw new Error(`${name}/_site.json: route ${path}: no file ${route.file}`);
      text = expand(await readFile(file, 'utf8'), origins, name);
    }
    let body: Buffer;
    if (route.repeat && route.gzip) body = await gzipRepeat(route.repeat);
    else if (route.repeat) {
      const { head = '', item, count, tail = '' } = route.repeat;
      body = Buffer.from(head + item.repeat(count) + tail);
    } else body = route.encodeAs ? encodeSingleByte(text, route.encodeAs) : Buffer.from(text);
    if (route.gzip) {
      if (!route.repeat) body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    res.writeHead(route.status ?? (route.location ? 302 : 200), {
      'content-type': route.contentType ?? 'text/html; charset=utf-8',
      ...(route.trickleMs ? {} : { 'content-length': String(body.length) }),
      ...headers,
    });
    if (!route.trickleMs) {
      res.end(body);
      return;
    }
    res.write(body);
    const timer = setInterval(() => res.write(' '), route.trickleMs);
    res.on('close', () => clearInterval(timer));
    return;
  }

  const file = await findFile(dir, path);
  if (!file) {
    const notFound = await findFile(dir, '/404.html');
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(notFound ? expand(await readFile(notFound, 'utf8'), origins, name) : '<!doctype html><title>404</title><h1>404</h1>');
    return;
  }
  const ext = extname(file);
  const data = await readFile(file);
  res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', ...headers });
  res.end(TEXT.has(ext) ? expand(data.toString('utf8'), origins, name) : data);
}

const gzipped = new Map<string, Promise<Buffer>>();

/** The gzip of head + item × count + tail, streamed (never the whole text in memory) and made once per process. */
function gzipRepeat(r: NonNullable<RouteBehaviour['repeat']>): Promise<Buffer> {
  const key = JSON.stringify(r);
  let made = gzipped.get(key);
  if (!made) {
    made = (async () => {
      const gzip = createGzip({ level: 9 });
      const chunks: Buffer[] = [];
      gzip.on('data', (c: Buffer) => chunks.push(c));
      const done = new Promise((resolve, reject) => gzip.on('end', resolve).on('error', reject));
      const perChunk = Math.max(1, Math.floor((1 << 20) / Math.max(1, r.item.length)));
      const write = (text: string) => (gzip.write(text) ? Promise.resolve() : new Promise((resolve) => gzip.once('drain', resolve)));
      await write(r.head ?? '');
      for (let left = r.count; left > 0; left -= perChunk) await write(r.item.repeat(Math.min(perChunk, left)));
      gzip.end(r.tail ?? '');
      await done;
      return Buffer.concat(chunks);
    })();
    gzipped.set(key, made);
  }
  return made;
}

const encoders = new Map<string, Map<string, number>>();

/** UTF-8 text to the bytes of a single-byte charset, by inverting the platform's decoder; unmappable → '?'. */
export function encodeSingleByte(text: string, charset: string): Buffer {
  let table = encoders.get(charset);
  if (!table) {
    const decoder = new TextDecoder(charset);
    table = new Map();
    for (let b = 0; b < 256; b++) {
      const ch = decoder.decode(Uint8Array.of(b));
      if (ch !== '\uFFFD' && !table.has(ch)) table.set(ch, b);
    }
    encoders.set(charset, table);
  }
  return Buffer.from(Array.from(text, (ch) => table.get(ch) ?? 0x3f));
}

function expand(text: string, origins: Record<string, string>, self: string): string {
  return text.replace(/\{\{origin(?::([\w-]+))?\}\}/g, (_, other: string | undefined) => origins[other ?? self] ?? '');
}

async function findFile(dir: string, path: string): Promise<string | null> {
  const clean = normalize(path).replace(/^([/\\])+/, '');
  if (clean.startsWith('..') || clean.split(sep).includes('..') || clean.startsWith('_site.json')) return null;
  const base = join(dir, clean);
  for (const candidate of [base, base + '.html', join(base, 'index.html')]) {
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // try the next spelling
    }
  }
  return null;
}
