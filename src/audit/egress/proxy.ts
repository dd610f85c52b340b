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
import { lookup as dnsLookup } from 'node:dns/promises';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, isIP, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

// ---------------------------------------------------------------------------------------------------------------
// Address policy

type Range = { bytes: number[]; prefix: number; what: string };

function v4Bytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** 16 bytes of an IPv6 address (with an optional dotted IPv4 tail); no zone id. */
function v6Bytes(ip: string): number[] {
  let text = ip.split('%')[0]!.toLowerCase();
  let tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail = v4Bytes(dotted[1]!);
    text = text.slice(0, -dotted[1]!.length) + '0:0';
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...Array(8 - h.length - r.length).fill('0'), ...r];
  const bytes = groups.flatMap((g) => {
    const n = parseInt(g || '0', 16);
    return [n >> 8, n & 0xff];
  });
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function inRange(bytes: number[], range: Range): boolean {
  if (bytes.length !== range.bytes.length) return false;
  for (let bit = 0; bit < range.prefix; bit++) {
    const i = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((bytes[i]! & mask) !== (range.bytes[i]! & mask)) return false;
  }
  return true;
}

function range(cidr: string, what: string): Range {
  const [ip, prefix] = cidr.split('/') as [string, string];
  return { bytes: isIP(ip) === 4 ? v4Bytes(ip) : v6Bytes(ip), prefix: Number(prefix), what };
}

/** Not reachable from the public internet, or reaching this machine: never a target of an audit. */
const BLOCKED: Range[] = [
  range('169.254.169.254/32', 'a cloud metadata address'),
  range('0.0.0.0/8', 'unspecified (this host)'),
  range('127.0.0.0/8', 'loopback'),
  range('10.0.0.0/8', 'private'),
  range('172.16.0.0/12', 'private'),
  range('192.168.0.0/16', 'private'),
  range('169.254.0.0/16', 'link-local'),
  range('100.64.0.0/10', 'shared address space (CGNAT)'),
  range('192.0.0.0/24', 'IETF protocol assignments'),
  range('198.18.0.0/15', 'benchmarking'),
  range('224.0.0.0/4', 'multicast'),
  range('240.0.0.0/4', 'reserved'),
  range('fd00:ec2::254/128', 'a cloud metadata address'),
  range('::/128', 'unspecified (this host)'),
  range('::1/128', 'loopback'),
  range('fc00::/7', 'private (unique local)'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'site-local'),
  range('ff00::/8', 'multicast'),
];

/** IPv4 inside an IPv6 address that reaches it: mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64, 6to4. */
function embeddedV4(bytes: number[]): number[] | null {
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12);
  if (zero(0, 12) && !zero(12, 16)) return bytes.slice(12);
  if (inRange(bytes, range('64:ff9b::/96', ''))) return bytes.slice(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6);
  return null;
}

/** Why an address must not be reached ("loopback", "private", ...), or null for a public address. */
export function blockedReason(ip: string): string | null {
  const family = isIP(ip.split('%')[0]!);
  if (family === 0) return 'not an IP address';
  const bytes = family === 4 ? v4Bytes(ip) : v6Bytes(ip);
  const v4 = family === 6 ? embeddedV4(bytes) : null;
  for (const candidate of v4 ? [bytes, v4] : [bytes]) {
    const hit = BLOCKED.find((r) => inRange(candidate, r));
    if (hit) return hit.what;
  }
  return null;
}

export interface AllowList {
  names: Set<string>;
  ranges: Range[];
  has(host: string, address: string): boolean;
}

export class AllowListError extends Error {
  override name = 'AllowListError';
}

/** EINDEX_ALLOW_HOSTS: comma-separated host names, IPs or CIDRs that may be reached although internal. */
export function parseAllowList(text: string | undefined): AllowList {
  const names = new Set<string>();
  const ranges: Range[] = [];
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
    if (!entry) continue;
    if (entry.includes('/')) {
      const [ip, prefix] = entry.split('/') as [string, string];
      const family = isIP(ip);
      const max = family === 4 ? 32 : 128;
      if (!family || !/^\d+$/.test(prefix) || Number(prefix) > max) {
        throw new AllowListError(`EINDEX_ALLOW_HOSTS: "${raw.trim()}" is not a valid CIDR (expected e.g. 10.1.0.0/16 or fd00::/8)`);
      }
      ranges.push(range(entry, 'allowed'));
    } else if (isIP(entry)) {
      ranges.push(range(`${entry}/${isIP(entry) === 4 ? 32 : 128}`, 'allowed'));
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/.test(entry)) {
      names.add(entry.replace(/\.$/, ''));
    } else {
      throw new AllowListError(`EINDEX_ALLOW_HOSTS: "${raw.trim()}" is neither a host name, an IP address nor a CIDR`);
    }
  }
  return {
    names,
    ranges,
    has(host, address) {
      if (names.has(host.toLowerCase().replace(/\.$/, ''))) return true;
      const family = isIP(address);
      if (!family) return false;
      const bytes = family === 4 ? v4Bytes(address) : v6Bytes(address);
      const v4 = family === 6 ? embeddedV4(bytes) : null;
      return ranges.some((r) => inRange(bytes, r) || (v4 !== null && inRange(v4, r)));
    },
  };
}

export type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: Lookup = (host) => dnsLookup(host, { all: true, verbatim: true });

export type EgressFailure = 'blocked' | 'dns' | 'connection-refused' | 'timeout';

export class EgressRefusal extends Error {
  override name = 'EgressRefusal';
  readonly failure: EgressFailure;
  readonly address: string | null;
  constructor(failure: EgressFailure, message: string, address: string | null = null) {
    super(message);
    this.failure = failure;
    this.address = address;
  }
}

/** URL-parser spelling of a host: decimal, octal and hex IPv4 become dotted; brackets go. */
export function normalHost(host: string): string {
  let h = host.trim();
  try {
    h = new URL(`http://${h.includes(':') && !h.startsWith('[') ? `[${h}]` : h}/`).hostname;
  } catch {
    // leave it: the lookup will fail with a clear error
  }
  return h.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/**
 * The address to connect to for `host`, after checking every address it resolves to. Throws EgressRefusal with a
 * message naming the address and the reason ("address 10.0.0.5 is private (not in EINDEX_ALLOW_HOSTS)").
 */
export async function resolveChecked(host: string, allow: AllowList, lookup: Lookup = systemLookup): Promise<{ address: string; family: number }> {
  const name = normalHost(host);
  let addresses: { address: string; family: number }[];
  if (isIP(name)) {
    addresses = [{ address: name, family: isIP(name) }];
  } else {
    try {
      addresses = await lookup(name);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'ENOTFOUND';
      throw new EgressRefusal('dns', `${name}: name not resolved (${code})`);
    }
    if (addresses.length === 0) throw new EgressRefusal('dns', `${name}: name not resolved (no addresses)`);
  }
  for (const a of addresses) {
    const reason = blockedReason(a.address);
    if (reason && !allow.has(name, a.address)) {
      const what = isIP(name) ? `address ${a.address}` : `${name} resolves to ${a.address}, which`;
      throw new EgressRefusal('blocked', `${what} is ${reason} (not in EINDEX_ALLOW_HOSTS)`, a.address);
    }
  }
  return addresses[0]!;
}

// ---------------------------------------------------------------------------------------------------------------
// Politeness per host

export interface PolitenessOptions {
  /** Requests (plain http) or tunnel openings (https) in flight to one host at once. */
  maxConcurrentPerHost: number;
  /** Minimum time between the starts of two requests to one host. */
  minGapMs: number;
  /** Longest Retry-After waited for; a longer one makes the host answered locally with 503 until it passes. */
  retryAfterMaxMs: number;
  /** How long a fetched robots.txt is served from memory (about one run). */
  robotsCacheMs: number;
}

export const DEFAULT_POLITENESS: PolitenessOptions = { maxConcurrentPerHost: 4, minGapMs: 50, retryAfterMaxMs: 10_000, robotsCacheMs: 6 * 3600_000 };

export interface HostStats {
  requests: number;
  tunnels: number;
  maxConcurrent: number;
  /** Time requests spent waiting for their turn (gap, concurrency, Retry-After). */
  waitedMs: number;
  retryAfter: number;
  answeredLocally: number;
  robotsFetches: number;
  robotsFromCache: number;
  userAgentAdded: number;
}

class HostGate {
  active = 0;
  lastStart = 0;
  /** Retry-After: nothing is sent before this time. */
  notBefore = 0;
  private waiting: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  readonly stats: HostStats = { requests: 0, tunnels: 0, maxConcurrent: 0, waitedMs: 0, retryAfter: 0, answeredLocally: 0, robotsFetches: 0, robotsFromCache: 0, userAgentAdded: 0 };
  private readonly opts: PolitenessOptions;
  constructor(opts: PolitenessOptions) {
    this.opts = opts;
  }

  acquire(): Promise<() => void> {
    const asked = Date.now();
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.stats.waitedMs += Date.now() - asked;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.active--;
          this.pump();
        });
      });
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) return;
    while (this.waiting.length > 0 && this.active < this.opts.maxConcurrentPerHost) {
      const wait = Math.max(this.lastStart + this.opts.minGapMs, this.notBefore) - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, wait);
        return;
      }
      this.active++;
      this.stats.maxConcurrent = Math.max(this.stats.maxConcurrent, this.active);
      this.lastStart = Date.now();
      this.waiting.shift()!();
    }
  }
}

/** Retry-After in ms (seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

// ---------------------------------------------------------------------------------------------------------------
// The proxy

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

/** Adds entries to EINDEX_ALLOW_HOSTS for this process and its children: the demo and tests serve on 127.0.0.1. */
export function allowHosts(...entries: string[]): void {
  const current = (process.env.EINDEX_ALLOW_HOSTS ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  for (const e of entries) if (!current.includes(e)) current.push(e);
  process.env.EINDEX_ALLOW_HOSTS = current.join(',');
}
