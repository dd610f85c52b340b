// Serves folders of static sites on 127.0.0.1, one origin per site, for the demo and the tests (no network needed).
// A site folder may hold `_site.json` with behaviours a static file cannot show:
//   { "routes": { "/": { "status": 302, "location": "/lv/" }, "/slow": { "delayMs": 60000 } },
//     "headers": { "x-frame-options": "DENY" }, "latencyMs": 0 }
// In served text files `{{origin}}` becomes the site's own origin and `{{origin:NAME}}` another site's.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
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
}

export interface SiteBehaviour {
  routes?: Record<string, RouteBehaviour>;
  headers?: Record<string, string>;
  latencyMs?: number;
}

export interface ServedSites {
  /** Site folder name -> origin, e.g. "clean" -> "http://127.0.0.1:40123". */
  origins: Record<string, string>;
  /** Requests seen per site, in order (path and user-agent), for politeness and discovery tests. */
  requests: Record<string, { path: string; userAgent: string }[]>;
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

export async function serveSites(root: string, options: { only?: string[]; latencyMs?: number } = {}): Promise<ServedSites> {
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
    const server = createServer((req, res) => {
      requests[name]!.push({ path: req.url ?? '/', userAgent: req.headers['user-agent'] ?? '' });
      void handle(dir, behaviour, options.latencyMs ?? 0, origins, name, req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origins[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = decodeURIComponent(url.pathname);
  const route = behaviour.routes?.[path] ?? behaviour.routes?.[path + url.search];
  const latency = (behaviour.latencyMs ?? defaultLatency) + (route?.delayMs ?? 0);
  if (route?.hang) return; // never answer; the client's timeout must handle it
  if (latency > 0) await new Promise((r) => setTimeout(r, latency));
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...behaviour.headers, ...route?.headers };

  if (route?.location !== undefined || route?.status !== undefined || route?.body !== undefined) {
    if (route.location !== undefined) headers.location = expand(route.location, origins, name);
    const body = route.body !== undefined ? expand(route.body, origins, name) : '';
    res.writeHead(route.status ?? (route.location ? 302 : 200), {
      'content-type': route.contentType ?? 'text/html; charset=utf-8',
      ...headers,
    });
    res.end(body);
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
