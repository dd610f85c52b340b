// Where the browser's traffic leaves: an in-process forward proxy every Chromium request goes through (pages, frames,
// images, fetch, WebSocket, service workers, Lighthouse's tab, Playwright's own request API). It is the one place that
//  - refuses loopback, private, link-local, metadata and other internal addresses (SSRF), after resolving the name
//    itself and connecting to the address it checked (no second lookup, so no DNS rebinding), unless the address or
//    name is on the EINDEX_ALLOW_HOSTS allow-list;
//  - is polite to each host: at most N requests at once, a minimum gap between request starts, 429/503 Retry-After
//    honoured (up to a cap; beyond it the host is answered locally until the time passes), robots.txt fetched once;
//  - puts the auditor's User-Agent suffix on every plain-http request that lacks it.
// https is tunnelled (CONNECT): only connection-level limits apply there (gap between tunnel opens), since the
// requests inside are encrypted. A CONNECT tunnel that carries plain http (Playwright's request API tunnels http:
// too) is read as http, so those requests get the request-level rules.
// The address policy is in address-policy.ts, the per-host gate in host-gate.ts; other modules import index.ts.
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { blockedReason, EgressRefusal, normalHost, parseAllowList, resolveChecked, systemLookup, type AllowList, type EgressFailure, type Lookup } from './address-policy.ts';
import { DEFAULT_POLITENESS, HostGate, parseRetryAfter, type HostStats, type PolitenessOptions } from './host-gate.ts';

export interface Refusal {
  at: number;
  url: string;
  host: string;
  failure: EgressFailure;
  message: string;
  referer: string | null;
}

export interface EgressOptions {
  politeness?: Partial<PolitenessOptions>;
  /** Default: parsed from EINDEX_ALLOW_HOSTS. */
  allow?: AllowList;
  /** Added to every plain-http request whose User-Agent lacks it. */
  userAgentSuffix?: string;
  /** Name resolution (tests map names to their own hosts); default the system resolver. */
  lookup?: Lookup;
  /** Ports on loopback that are never reachable, allow-list or not (e.g. Chromium's debugging port). */
  protectedPorts?: number[];
}

export interface Egress {
  port: number;
  /** `http://127.0.0.1:<port>` for Chromium's --proxy-server. */
  server: string;
  hosts: Map<string, HostStats>;
  refusals: Refusal[];
  /** The check the proxy applies, for a clear message before navigating (the proxy stays the guarantee). */
  check(host: string): Promise<{ address: string; family: number }>;
  /** Refusals and upstream failures for this URL's host (newest last), for a clear message about the home page. */
  failuresFor(url: string, since?: number): Refusal[];
  protect(port: number): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = ['proxy-connection', 'proxy-authorization', 'connection', 'keep-alive', 'te', 'trailer', 'upgrade'];
const MAX_REFUSALS = 2000;

function hostKey(host: string, port: number | string): string {
  const h = normalHost(host);
  return `${h.includes(':') ? `[${h}]` : h}:${port}`;
}

function splitHostPort(authority: string, defaultPort: number): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(authority) ?? /^([^:]+)(?::(\d+))?$/.exec(authority);
  if (!m) return { host: authority, port: defaultPort };
  return { host: m[1]!, port: m[2] ? Number(m[2]) : defaultPort };
}

function upstreamFailure(err: NodeJS.ErrnoException): EgressFailure {
  if (/ETIMEDOUT|ESOCKETTIMEDOUT/.test(err.code ?? err.message)) return 'timeout';
  return 'connection-refused';
}

export async function startEgress(options: EgressOptions = {}): Promise<Egress> {
  const politeness: PolitenessOptions = { ...DEFAULT_POLITENESS, ...options.politeness };
  const allow = options.allow ?? parseAllowList(process.env.EINDEX_ALLOW_HOSTS);
  const lookup = options.lookup ?? systemLookup;
  const suffix = options.userAgentSuffix?.trim() ?? '';
  const protectedPorts = new Set(options.protectedPorts ?? []);
  const gates = new Map<string, HostGate>();
  const hosts = new Map<string, HostStats>();
  const refusals: Refusal[] = [];
  const robots = new Map<string, { at: number; status: number; headers: Record<string, string>; body: Buffer }>();
  const robotsPending = new Map<string, Promise<void>>();
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const sockets = new Set<Socket>();
  let ownPort = 0;

  const gate = (key: string) => {
    let g = gates.get(key);
    if (!g) {
      g = new HostGate(politeness);
      gates.set(key, g);
      hosts.set(key, g.stats);
    }
    return g;
  };

  const refuse = (url: string, host: string, err: EgressRefusal | NodeJS.ErrnoException, referer: string | null): Refusal => {
    const failure = err instanceof EgressRefusal ? err.failure : upstreamFailure(err);
    const r: Refusal = { at: Date.now(), url, host: normalHost(host), failure, message: err.message, referer };
    refusals.push(r);
    if (refusals.length > MAX_REFUSALS) refusals.splice(0, refusals.length - MAX_REFUSALS);
    return r;
  };

  /** Resolves and checks; loopback ports of the browser and the proxy itself are never reachable. */
  const checked = async (host: string, port: number) => {
    const target = await resolveChecked(host, allow, lookup);
    if (blockedReason(target.address) === 'loopback' && (port === ownPort || protectedPorts.has(port))) {
      throw new EgressRefusal('blocked', `port ${port} on loopback belongs to the auditor itself`, target.address);
    }
    return target;
  };

  /** A 429/503 with Retry-After holds the host: short waits are queued, long ones answered locally. */
  const noteRetryAfter = (g: HostGate, status: number, header: string | undefined) => {
    if (status !== 429 && status !== 503) return;
    const ms = parseRetryAfter(header);
    if (ms === null) return;
    g.stats.retryAfter++;
    g.notBefore = Math.max(g.notBefore, Date.now() + ms);
  };

  const answerLocally = (res: ServerResponse, status: number, failure: string, message: string, headers: Record<string, string> = {}) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-eindex-egress': failure, 'cache-control': 'no-store', ...headers });
    res.end(`eindex egress: ${message}\n`);
  };

  /** One plain-http request, absolute-form from Chromium or origin-form inside a sniffed tunnel. */
  const handleRequest = async (req: IncomingMessage, res: ServerResponse, tunnelAuthority?: string) => {
    let url: URL;
    try {
      url = tunnelAuthority ? new URL(req.url ?? '/', `http://${req.headers.host ?? tunnelAuthority}`) : new URL(req.url ?? '');
      if (url.protocol !== 'http:') throw new Error(`scheme ${url.protocol}`);
    } catch {
      answerLocally(res, 400, 'invalid-url', `not a proxy request: ${req.url}`);
      return;
    }
    const port = Number(url.port || 80);
    const key = hostKey(url.hostname, port);
    const referer = typeof req.headers.referer === 'string' ? req.headers.referer : null;
    let target: { address: string; family: number };
    try {
      target = await checked(url.hostname, port);
    } catch (err) {
      const r = refuse(url.href, url.hostname, err as EgressRefusal, referer);
      answerLocally(res, r.failure === 'blocked' ? 403 : 502, r.failure, r.message);
      return;
    }
    const g = gate(key);
    const isRobots = req.method === 'GET' && url.pathname === '/robots.txt';
    // Several tabs asking at once wait for the one fetch in flight.
    if (isRobots) await robotsPending.get(key);
    const cached = isRobots ? robots.get(key) : undefined;
    if (cached && Date.now() - cached.at < politeness.robotsCacheMs) {
      g.stats.robotsFromCache++;
      res.writeHead(cached.status, cached.headers);
      res.end(cached.body);
      return;
    }
    const waitMs = g.notBefore - Date.now();
    if (waitMs > politeness.retryAfterMaxMs) {
      g.stats.answeredLocally++;
      answerLocally(res, 503, 'retry-after', `${key} asked to wait ${Math.ceil(waitMs / 1000)} s more (Retry-After)`, {
        'retry-after': String(Math.ceil(waitMs / 1000)),
      });
      return;
    }
    let robotsDone = () => {};
    if (isRobots) robotsPending.set(key, new Promise<void>((resolve) => (robotsDone = resolve)));
    const release = await g.acquire();
    if (req.socket.destroyed) {
      release(); // the browser gave up while it waited for its turn
      return;
    }
    g.stats.requests++;
    if (isRobots) g.stats.robotsFetches++;
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.includes(name)) headers[name] = value;
    }
    headers.host = url.host;
    const ua = typeof headers['user-agent'] === 'string' ? headers['user-agent'] : '';
    if (suffix && !ua.includes(suffix)) {
      headers['user-agent'] = ua ? `${ua} ${suffix}` : suffix;
      g.stats.userAgentAdded++;
    }
    const upstream = httpRequest({
      host: target.address,
      family: target.family,
      port,
      method: req.method,
      path: url.pathname + url.search,
      headers,
      agent,
      setHost: false,
      timeout: 60_000,
    });
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        release();
        if (isRobots) {
          robotsPending.delete(key);
          robotsDone();
        }
      }
    };
    upstream.on('timeout', () => upstream.destroy(Object.assign(new Error(`${key}: no answer in 60 s`), { code: 'ETIMEDOUT' })));
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      finish();
      const r = refuse(url.href, url.hostname, err, referer);
      answerLocally(res, 502, r.failure, `${key}: ${err.code ?? err.message}`);
    });
    upstream.on('response', (up) => {
      noteRetryAfter(g, up.statusCode ?? 0, up.headers['retry-after'] as string | undefined);
      const outHeaders: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(up.headers)) {
        if (value !== undefined && !HOP_BY_HOP.includes(name)) outHeaders[name] = value;
      }
      delete outHeaders['x-eindex-egress']; // only the proxy says why it refused; a site cannot fake it
      if (isRobots && (up.statusCode ?? 0) < 500) {
        const chunks: Buffer[] = [];
        let size = 0;
        up.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= 600_000) chunks.push(c);
        });
        up.on('end', () => {
          const body = Buffer.concat(chunks);
          delete outHeaders['transfer-encoding'];
          outHeaders['content-length'] = String(body.length);
          const flat = Object.fromEntries(Object.entries(outHeaders).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
          robots.set(key, { at: Date.now(), status: up.statusCode ?? 200, headers: flat, body });
          finish();
          res.writeHead(up.statusCode ?? 200, flat);
          res.end(body);
        });
        up.on('error', finish);
        return;
      }
      res.writeHead(up.statusCode ?? 502, up.statusMessage, outHeaders);
      up.pipe(res);
      up.on('end', finish);
      up.on('error', finish);
      up.on('close', finish);
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
      finish();
    });
    req.pipe(upstream);
  };

  /** WebSocket over plain http inside a tunnel, and any Upgrade: checked, then piped as bytes. */
  const handleUpgrade = async (req: IncomingMessage, client: Duplex, head: Buffer, tunnelAuthority?: string) => {
    const authority = req.headers.host ?? tunnelAuthority ?? '';
    const { host, port } = splitHostPort(tunnelAuthority ?? authority, 80);
    const referer = typeof req.headers.origin === 'string' ? req.headers.origin : null;
    try {
      const target = await checked(host, port);
      const upstream = connect({ host: target.address, port });
      upstream.on('connect', () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        upstream.write(lines.join('\r\n') + '\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    } catch (err) {
      refuse(`ws://${authority}${req.url}`, host, err as EgressRefusal, referer);
      client.end('HTTP/1.1 403 Forbidden\r\nx-eindex-egress: blocked\r\nconnection: close\r\n\r\n');
    }
  };

  // Plain http found inside CONNECT tunnels is handed to this server, not listening anywhere.
  const tunnelled = createServer();
  tunnelled.on('request', (req: IncomingMessage & { socket: Socket & { eindexAuthority?: string } }, res: ServerResponse) => {
    void handleRequest(req, res, req.socket.eindexAuthority);
  });
  tunnelled.on('upgrade', (req: IncomingMessage, socket: Duplex & { eindexAuthority?: string }, head: Buffer) => {
    void handleUpgrade(req, socket, head, socket.eindexAuthority);
  });

  const handleConnect = async (req: IncomingMessage, client: Socket, head: Buffer) => {
    const authority = req.url ?? '';
    const { host, port } = splitHostPort(authority, 443);
    const key = hostKey(host, port);
    client.on('error', () => undefined);
    let target: { address: string; family: number };
    try {
      target = await checked(host, port);
    } catch (err) {
      const r = refuse(`connect://${authority}`, host, err as EgressRefusal, null);
      client.end(`HTTP/1.1 ${r.failure === 'blocked' ? '403 Forbidden' : '502 Bad Gateway'}\r\nx-eindex-egress: ${r.failure}\r\nconnection: close\r\n\r\n`);
      return;
    }
    const g = gate(key);
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    const start = (first: Buffer) => {
      // TLS (0x16 handshake) stays opaque; anything else is plain http and is read request by request.
      if (first.length > 0 && first[0] !== 0x16) {
        (client as Socket & { eindexAuthority?: string }).eindexAuthority = authority;
        client.unshift(first);
        tunnelled.emit('connection', client);
        return;
      }
      void g.acquire().then((release) => {
        if (client.destroyed) {
          release(); // the browser gave up while it waited for its turn
          return;
        }
        g.stats.tunnels++;
        const upstream = connect({ host: target.address, port });
        upstream.on('close', release);
        upstream.setTimeout(15_000, () => upstream.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })));
        upstream.on('connect', () => {
          upstream.setTimeout(0);
          release(); // tunnels are limited while opening; an idle keep-alive tunnel must not hold a slot
          if (first.length) upstream.write(first);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on('error', (err) => {
          release();
          refuse(`connect://${authority}`, host, err, null);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
      });
    };
    if (head.length) start(head);
    else client.once('data', (chunk: Buffer) => start(chunk));
  };

  const server: Server = createServer((req, res) => void handleRequest(req, res));
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => void handleConnect(req, socket, head));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void handleUpgrade(req, socket, head));
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  tunnelled.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  ownPort = (server.address() as AddressInfo).port;

  return {
    port: ownPort,
    server: `http://127.0.0.1:${ownPort}`,
    hosts,
    refusals,
    check: (host: string) => resolveChecked(host, allow, lookup),
    failuresFor(url: string, since = 0) {
      let host: string;
      try {
        host = normalHost(new URL(url).hostname);
      } catch {
        return [];
      }
      return refusals.filter((r) => r.at >= since && r.host === host);
    },
    protect(port: number) {
      protectedPorts.add(port);
    },
    async close() {
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
