// The egress proxy on real sockets: address policy, refusals before any connection, no DNS rebinding, per-host
// politeness (concurrency, gap, Retry-After), robots.txt once, the user agent suffix. Chromium end to end is in
// test/e2e/ssrf.e2e.test.ts and test/e2e/politeness.e2e.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  blockedReason,
  normalHost,
  parseAllowList,
  parseRetryAfter,
  resolveChecked,
  startEgress,
  type Egress,
  type Lookup,
} from '../../src/audit/egress/index.ts';

/** A server that counts every TCP connection (not only complete requests) and answers with `handler`. */
async function countingServer(host: string, handler: (req: IncomingMessage, res: ServerResponse) => void = (_, res) => res.end('canary')) {
  const connections: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(handler);
  server.on('connection', (s) => {
    connections.push(`${s.remoteAddress}`);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A plain-http request through the proxy (absolute-form, as Chromium sends it). */
function viaProxy(egress: Egress, url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: egress.port, method: 'GET', path: url, headers: { host: new URL(url).host, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A CONNECT through the proxy: the status line of its answer. */
function connectVia(egress: Egress, authority: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: egress.port, method: 'CONNECT', path: authority });
    req.on('connect', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('address policy', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['0.0.0.0', 'unspecified (this host)'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['169.254.10.1', 'link-local'],
    ['100.64.0.1', 'shared address space (CGNAT)'],
    ['::1', 'loopback'],
    ['fc00::1', 'private (unique local)'],
    ['fd12:3456::1', 'private (unique local)'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['64:ff9b::a9fe:a9fe', 'a cloud metadata address'],
    ['2002:c0a8:0101::1', 'private'],
  ])('%s is refused as %s', (ip, reason) => {
    expect(blockedReason(ip)).toBe(reason);
  });

  test.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '203.0.113.7', '2a00:1450:4001::1', '193.41.112.10'])('%s is public', (ip) => {
    expect(blockedReason(ip)).toBeNull();
  });

  test.each([
    ['2130706433', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['[::ffff:127.0.0.1]', '::ffff:7f00:1'],
    ['LOCALHOST', 'localhost'],
  ])('the spelling %s is read as %s, and refused', async (spelling, normal) => {
    expect(normalHost(spelling)).toBe(normal);
    await expect(resolveChecked(spelling, parseAllowList(''))).rejects.toThrow(/loopback \(not in EINDEX_ALLOW_HOSTS\)/);
  });

  test('a name is refused when any of its addresses is internal, and the message names the address', async () => {
    const lookup: Lookup = async () => [
      { address: '203.0.113.9', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    await expect(resolveChecked('intranet.example', parseAllowList(''), lookup)).rejects.toThrow(
      'intranet.example resolves to 10.0.0.5, which is private (not in EINDEX_ALLOW_HOSTS)',
    );
    await expect(resolveChecked('10.0.0.5', parseAllowList(''))).rejects.toThrow('address 10.0.0.5 is private (not in EINDEX_ALLOW_HOSTS)');
  });

  test('EINDEX_ALLOW_HOSTS takes names, IPs and CIDRs; a bad entry is an error naming it', async () => {
    const allow = parseAllowList(' 127.0.0.1, intranet.example ,10.8.0.0/16,[::1], fd00::/8');
    expect(allow.has('x', '127.0.0.1')).toBe(true);
    expect(allow.has('x', '127.0.0.2')).toBe(false);
    expect(allow.has('x', '::ffff:127.0.0.1')).toBe(true);
    expect(allow.has('x', '10.8.200.1')).toBe(true);
    expect(allow.has('x', '10.9.0.1')).toBe(false);
    expect(allow.has('x', '::1')).toBe(true);
    expect(allow.has('x', 'fd99::1')).toBe(true);
    expect(allow.has('INTRANET.example.', '192.168.0.1')).toBe(true);
    await expect(resolveChecked('127.0.0.1', allow)).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    expect(() => parseAllowList('127.0.0.1,10.0.0.0/33')).toThrow('EINDEX_ALLOW_HOSTS: "10.0.0.0/33" is not a valid CIDR');
    expect(() => parseAllowList('exa mple')).toThrow('EINDEX_ALLOW_HOSTS: "exa mple" is neither a host name, an IP address nor a CIDR');
  });

  test('Retry-After in seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});

describe('the proxy refuses internal addresses before connecting', () => {
  let canary: Awaited<ReturnType<typeof countingServer>>;
  let allowed: Awaited<ReturnType<typeof countingServer>>;
  let egress: Egress;
  const lookups: string[] = [];

  beforeAll(async () => {
    // 127.0.0.2 is the canary: loopback, not allow-listed. 127.0.0.1 is allow-listed.
    canary = await countingServer('127.0.0.2');
    allowed = await countingServer('127.0.0.1', (req, res) => res.end(`ok ${req.headers['user-agent'] ?? ''}`));
    egress = await startEgress({
      allow: parseAllowList('127.0.0.1'),
      userAgentSuffix: 'eindex-test/1',
      // "rebind.test" answers an allowed address the first time and the canary afterwards (DNS rebinding).
      lookup: async (host) => {
        lookups.push(host);
        if (host === 'rebind.test') return [{ address: lookups.filter((h) => h === host).length === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
        if (host === 'canary.test') return [{ address: '127.0.0.2', family: 4 }];
        throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      },
    });
  });
  afterAll(async () => {
    await egress.close();
    await canary.close();
    await allowed.close();
  });

  test('http, CONNECT, every spelling and a name resolving to it: refused, and nothing reaches the canary', async () => {
    const p = canary.port;
    const urls = [`http://127.0.0.2:${p}/`, `http://2130706434:${p}/`, `http://0177.0.0.2:${p}/`, `http://0x7f.2:${p}/`, `http://[::ffff:127.0.0.2]:${p}/`, `http://canary.test:${p}/`];
    for (const url of urls) {
      const res = await viaProxy(egress, url);
      expect(res.status, url).toBe(403);
      expect(res.headers['x-eindex-egress']).toBe('blocked');
      expect(res.body).toMatch(/(127\.0\.0\.2|::ffff:7f00:2).*loopback \(not in EINDEX_ALLOW_HOSTS\)/);
    }
    for (const authority of [`127.0.0.2:${p}`, `[::ffff:127.0.0.2]:${p}`, `canary.test:${p}`, `2130706434:${p}`]) {
      expect(await connectVia(egress, authority), authority).toBe(403);
    }
    expect(canary.connections).toEqual([]);
    expect(egress.refusals.filter((r) => r.failure === 'blocked').length).toBe(urls.length + 4);
  });

  test('an unresolvable name is a dns failure, not a block', async () => {
    const res = await viaProxy(egress, 'http://nowhere.test/');
    expect(res.status).toBe(502);
    expect(res.headers['x-eindex-egress']).toBe('dns');
  });

  test('DNS rebinding: one lookup per request, and the connection goes to the address that was checked', async () => {
    const before = lookups.length;
    const res = await viaProxy(egress, `http://rebind.test:${allowed.port}/`);
    expect(res.status).toBe(200);
    expect(lookups.length - before).toBe(1);
    expect(allowed.connections.length).toBeGreaterThan(0);
    // The next lookup of the name answers the canary: refused, still nothing on the canary's port.
    expect((await viaProxy(egress, `http://rebind.test:${canary.port}/`)).status).toBe(403);
    expect(canary.connections).toEqual([]);
  });

  test('the proxy itself and protected ports are never reachable, even on an allow-listed address', async () => {
    egress.protect(allowed.port);
    const self = await viaProxy(egress, `http://127.0.0.1:${egress.port}/`);
    expect(self.status).toBe(403);
    expect(self.body).toMatch(/belongs to the auditor itself/);
    const connections = allowed.connections.length;
    expect((await viaProxy(egress, `http://127.0.0.1:${allowed.port}/`)).status).toBe(403);
    expect(allowed.connections.length).toBe(connections);
  });
});

describe('politeness per host', () => {
  let egress: Egress | null = null;
  let server: Awaited<ReturnType<typeof countingServer>> | null = null;
  afterEach(async () => {
    await egress?.close();
    await server?.close();
    egress = null;
    server = null;
  });

  test('at most maxConcurrentPerHost requests in flight, starts at least minGapMs apart; the UA suffix is added', async () => {
    let active = 0;
    let maxActive = 0;
    const starts: number[] = [];
    const agents: string[] = [];
    server = await countingServer('127.0.0.1', (req, res) => {
      active++;
      maxActive = Math.max(maxActive, active);
      starts.push(Date.now());
      agents.push(req.headers['user-agent'] ?? '');
      setTimeout(() => {
        active--;
        res.end('x');
      }, 60);
    });
    egress = await startEgress({ allow: parseAllowList('127.0.0.1'), userAgentSuffix: 'eindex-test/1', politeness: { maxConcurrentPerHost: 3, minGapMs: 20 } });
    const e = egress;
    await Promise.all(Array.from({ length: 24 }, (_, i) => viaProxy(e, `http://127.0.0.1:${server!.port}/${i}`, i % 2 ? { 'user-agent': 'Chromium' } : {})));
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!).sort((a, b) => a - b);
    const span = starts.at(-1)! - starts[0]!;
    console.log(`politeness: 24 requests at once → max ${maxActive} in flight at the server (limit 3); gaps between arrivals: median ${gaps[11]} ms, smallest ${gaps[0]} ms (limit 20, sent ≥ 20 ms apart; arrival jitter from connection set-up); span ${span} ms`);
    expect(starts.length).toBe(24);
    expect(maxActive).toBeLessThanOrEqual(3);
    expect(maxActive).toBeGreaterThan(1);
    // The proxy sends them ≥ 20 ms apart; at the server a new connection may delay one arrival toward the next.
    expect(span).toBeGreaterThanOrEqual(23 * 20 - 20);
    expect(gaps[11]).toBeGreaterThanOrEqual(19);
    expect(agents.every((ua) => ua.endsWith('eindex-test/1'))).toBe(true);
    expect(agents.filter((ua) => ua === 'Chromium eindex-test/1').length).toBe(12);
    const stats = [...e.hosts.values()][0]!;
    expect(stats.maxConcurrent).toBe(maxActive);
  });

  test('429 with Retry-After: no request reaches the host before it expires; beyond the cap the proxy answers itself', async () => {
    const arrivals: { at: number; path: string }[] = [];
    let retryUntil = 0;
    server = await countingServer('127.0.0.1', (req, res) => {
      arrivals.push({ at: Date.now(), path: req.url ?? '' });
      if (req.url === '/busy') {
        retryUntil = Date.now() + 1000;
        res.writeHead(429, { 'retry-after': '1' }).end();
      } else if (req.url === '/long') {
        retryUntil = Date.now() + 3_600_000;
        res.writeHead(503, { 'retry-after': '3600' }).end();
      } else res.end('ok');
    });
    egress = await startEgress({ allow: parseAllowList('127.0.0.1'), politeness: { minGapMs: 0, retryAfterMaxMs: 5000 } });
    const e = egress;
    const base = `http://127.0.0.1:${server.port}`;
    expect((await viaProxy(e, `${base}/busy`)).status).toBe(429);
    const sent = Date.now();
    const after = await Promise.all([1, 2, 3].map((i) => viaProxy(e, `${base}/page${i}`)));
    expect(after.map((r) => r.status)).toEqual([200, 200, 200]);
    const early = arrivals.filter((a) => a.path.startsWith('/page') && a.at < retryUntil);
    console.log(`Retry-After 1 s: 3 requests asked at once, ${early.length} sent before it expired, first one after ${Math.min(...arrivals.filter((a) => a.path.startsWith('/page')).map((a) => a.at)) - sent} ms`);
    expect(early).toEqual([]);

    // Retry-After 3600 s is beyond the 5 s cap: the host is not asked again; the proxy answers 503 itself.
    expect((await viaProxy(e, `${base}/long`)).status).toBe(503);
    const before = arrivals.length;
    const local = await viaProxy(e, `${base}/page4`);
    expect(local.status).toBe(503);
    expect(local.headers['x-eindex-egress']).toBe('retry-after');
    expect(Number(local.headers['retry-after'])).toBeGreaterThan(3500);
    expect(arrivals.length).toBe(before);
    expect(arrivals.filter((a) => a.at < retryUntil && a.path === '/page4')).toEqual([]);
    const stats = [...e.hosts.values()][0]!;
    expect(stats.retryAfter).toBe(2);
    expect(stats.answeredLocally).toBe(1);
  });

  test('robots.txt is fetched from the host once, then served from memory', async () => {
    server = await countingServer('127.0.0.1', (req, res) => {
      if (req.url === '/robots.txt') res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private\n');
      else res.end('ok');
    });
    const s = server;
    const e = (egress = await startEgress({ allow: parseAllowList('127.0.0.1'), politeness: { minGapMs: 0 } }));
    const base = `http://127.0.0.1:${s.port}`;
    const bodies = await Promise.all([0, 1].map(async () => (await viaProxy(e, `${base}/robots.txt`)).body));
    bodies.push((await viaProxy(e, `${base}/robots.txt`)).body);
    expect(new Set(bodies)).toEqual(new Set(['User-agent: *\nDisallow: /private\n']));
    const stats = [...e.hosts.values()][0]!;
    // Two asked at the same moment wait for one fetch; the third is served from memory.
    expect(stats.robotsFetches).toBe(1);
    expect(stats.robotsFromCache).toBe(2);
  });
});
