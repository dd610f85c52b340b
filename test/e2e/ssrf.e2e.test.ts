// SSRF through real Chromium: every way a page (or a target) can make the browser reach an internal address, against
// canaries that record every connection on loopback and on internal addresses of a test host (test/helpers/netns.ts).
// Each vector runs twice: aimed at a public test address (the control: it must arrive, or the vector proves nothing)
// and aimed at every internal address and spelling (nothing may arrive). The figures printed are the report's.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { lookup as dnsLookup } from 'node:dns/promises';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, type AuditBrowser } from '../../src/audit/browser.ts';
import { auditSite } from '../../src/audit/runner.ts';
import { runLighthouse } from '../../src/collectors/lighthouse.ts';
import { parseAllowList } from '../../src/audit/egress/index.ts';
import { silentLogger } from '../../src/log.ts';
import { testConfig } from '../helpers/fixtures.ts';
import { schemaErrors } from '../helpers/schema.ts';
import { makeTestHosts, type TestHosts } from '../helpers/netns.ts';
import type { Target } from '../../src/types.ts';

let hosts: TestHosts;
let browser: AuditBrowser;
let attacker: Server;
let attackerOrigin: string;
const sockets = new Set<Socket>();
/** Hits on the public control, per vector. */
const control: Record<string, number> = {};
const figures: string[] = [];
const attackerLog: string[] = [];
/** What the next service worker fetches (set when its page is served). */
let swTargets: string[] = [];

/** Every internal destination, in every spelling, for one vector. */
function internalUrls(): string[] {
  const lo = hosts.loopbackPort;
  const ns = hosts.netnsPort;
  return [
    `http://127.0.0.1:${lo}/`,
    `http://2130706433:${lo}/`,
    `http://0177.0.0.1:${lo}/`,
    `http://0x7f.1:${lo}/`,
    `http://127.1:${lo}/`,
    `http://[::ffff:127.0.0.1]:${lo}/`,
    `http://[::1]:${lo}/`,
    `http://localhost:${lo}/`,
    `http://0.0.0.0:${lo}/`,
    ...hosts.internal.map(({ address }) => (address.includes(':') ? `http://[${address}]:${ns}/` : `http://${address}:${ns}/`)),
    `http://intranet.eindex.test:${ns}/`,
    `http://mixed.eindex.test:${ns}/`,
    'http://169.254.169.254/latest/meta-data/',
  ];
}

const page = (body: string) => `<!doctype html><html lang="lv"><head><meta charset="utf-8"><title>pending</title></head><body>${body}</body></html>`;

/** Attacker pages on the public test address: /v/<vector>?to=<json list of URLs>. */
function vectorPage(vector: string, to: string[], req: IncomingMessage): string {
  const list = JSON.stringify(to);
  switch (vector) {
    case 'iframe':
      return page(to.map((u) => `<iframe src="${u}"></iframe>`).join('') + `<script>addEventListener('load', () => (document.title = 'done'))</script>`);
    case 'img':
      return page(to.map((u) => `<img src="${u}" alt="">`).join('') + `<script>addEventListener('load', () => (document.title = 'done'))</script>`);
    case 'fetch':
      return page(`<script>Promise.allSettled(${list}.map((u) => fetch(u, { mode: 'no-cors' }))).then(() => (document.title = 'done'))</script>`);
    case 'websocket':
      return page(`<script>Promise.all(${list}.map((u) => new Promise((resolve) => {
        const ws = new WebSocket(u.replace(/^http/, 'ws'));
        ws.onopen = () => { ws.close(); resolve(); };
        ws.onerror = resolve;
        setTimeout(resolve, 5000);
      }))).then(() => (document.title = 'done'))</script>`);
    case 'service-worker':
      return page(`<script>document.title = 'registering'; navigator.serviceWorker.register('/sw.js?n=' + Math.random(), { scope: '/v/' + Math.random() })
        .then((r) => new Promise((resolve) => { document.title = 'registered'; const w = r.installing || r.waiting || r.active; if (w.state === 'activated') resolve(); w.onstatechange = () => { document.title = w.state; if (w.state === 'activated' || w.state === 'redundant') resolve(); }; }))
        .then(() => (document.title = 'done'), (e) => (document.title = 'error ' + e))</script>`);
    case 'lighthouse':
      return page(
        to.map((u) => `<img src="${u}" alt=""><iframe src="${u}"></iframe>`).join('') +
          `<script>${list}.forEach((u) => fetch(u, { mode: 'no-cors' }).catch(() => {}))</script><h1>Lighthouse</h1>`,
      );
    default:
      return page(`unknown vector ${vector} ${req.url}`);
  }
}

beforeAll(async () => {
  hosts = await makeTestHosts();
  attacker = createServer((req, res) => {
    attackerLog.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    const to = JSON.parse(url.searchParams.get('to') ?? '[]') as string[];
    if (url.pathname.startsWith('/control/')) {
      const vector = url.pathname.split('/')[2]!;
      control[vector] = (control[vector] ?? 0) + 1;
      res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('control');
      return;
    }
    if (url.pathname === '/sw.js') {
      // The worker asks for its targets, then fetches them while it installs.
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(
        // Chromium may hold a worker's request to a local address for a permission (Local Network Access) that
        // headless never grants: install goes on after 5 s, whatever is still pending.
        `self.addEventListener('install', (e) => e.waitUntil(fetch('/sw-targets').then((r) => r.json())
           .then((list) => Promise.race([Promise.allSettled(list.map((u) => fetch(u, { mode: 'no-cors' }))), new Promise((r) => setTimeout(r, 5000))]))));`,
      );
      return;
    }
    if (url.pathname === '/sw-targets') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(swTargets));
      return;
    }
    if (url.pathname === '/redirect') {
      res.writeHead(302, { location: to[0]! }).end();
      return;
    }
    if (url.pathname === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
      return;
    }
    if (url.pathname.startsWith('/v/')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(vectorPage(url.pathname.slice(3), to, req));
      return;
    }
    res.writeHead(404).end();
  });
  // WebSocket control: count the upgrade, then close.
  attacker.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    const vector = new URL(req.url ?? '/', 'http://x').pathname.split('/')[2] ?? '?';
    control[vector] = (control[vector] ?? 0) + 1;
    socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
  });
  attacker.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => attacker.listen(0, hosts.publicAddress, resolve));
  attackerOrigin = `http://${hosts.publicAddress}:${(attacker.address() as AddressInfo).port}`;
  const names: Record<string, string[]> = {
    'intranet.eindex.test': [hosts.internal[0]!.address],
    'mixed.eindex.test': [hosts.publicAddress, hosts.internal[2]!.address],
  };
  browser = await launchBrowser({
    // No allow-list at all, whatever the environment says: loopback is blocked like any private address.
    egress: {
      allow: parseAllowList(''),
      userAgentSuffix: 'eindex-ssrf-test',
      politeness: { minGapMs: 0, maxConcurrentPerHost: 8 },
      // Test names that resolve to internal addresses; everything else (e.g. localhost) by the system resolver.
      lookup: async (host) => names[host]?.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })) ?? dnsLookup(host, { all: true }),
    },
    // A service worker needs a secure context; the test origin is plain http.
    extraArgs: [`--unsafely-treat-insecure-origin-as-secure=${attackerOrigin}`],
  });
}, 120_000);

afterAll(async () => {
  console.log(`\nSSRF figures (attempts that got through, per vector):\n  ${figures.join('\n  ')}`);
  await browser?.close();
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => attacker?.close(() => resolve()) ?? resolve());
  await hosts?.close();
});

function refusalsSince(at: number): number {
  return browser.egress.refusals.filter((r) => r.at >= at && r.failure === 'blocked').length;
}

/** Loads a vector page aimed at `to` and waits until it says it is done. */
async function fire(context: BrowserContext, vector: string, to: string[]): Promise<void> {
  const p = await context.newPage();
  // The service worker reads its targets from /sw-targets, not from its page's URL.
  swTargets = to;
  const query = vector === 'service-worker' ? '' : `?to=${encodeURIComponent(JSON.stringify(to))}`;
  try {
    await p.goto(`${attackerOrigin}/v/${vector}${query}`, { waitUntil: 'load', timeout: 20_000 });
    await p.waitForFunction(() => /^(done|error|redundant)/.test(document.title), undefined, { timeout: 20_000 }).catch(() => undefined);
    expect(await p.title(), `${vector} page; attacker saw ${attackerLog.slice(-5).join(' ').slice(0, 300)}`).toBe('done');
  } finally {
    await p.close();
  }
}

describe('a page cannot make the browser reach internal addresses', () => {
  test.each(['service-worker', 'iframe', 'img', 'fetch', 'websocket'])('%s', async (vector) => {
    const controlContext = await browser.browser.newContext({ serviceWorkers: 'allow' });
    let context: BrowserContext | null = null;
    try {
      // Control: the same vector aimed at the public test address arrives.
      await fire(controlContext, vector, [`${attackerOrigin}/control/${vector}`]);
      expect(control[vector] ?? 0, `control for ${vector}`).toBeGreaterThan(0);
      await controlContext.close();
      context = await browser.browser.newContext({ serviceWorkers: 'allow' });
      const targets = internalUrls();
      const before = hosts.hits.length;
      const since = Date.now();
      await fire(context, vector, targets);
      const through = hosts.hits.slice(before);
      const refused = refusalsSince(since);
      figures.push(`${vector}: ${through.length} of ${targets.length} destinations got through (control arrived ${control[vector]}×; proxy refused ${refused} requests)`);
      expect(through).toEqual([]);
      expect(refused).toBeGreaterThan(0);
    } finally {
      await controlContext.close();
      await context?.close();
    }
  });

  test('Lighthouse on a page full of internal references: nothing reaches them', { timeout: 300_000 }, async () => {
    const controlBefore = control.lighthouse ?? 0;
    await runLighthouse(`${attackerOrigin}/v/lighthouse?to=${encodeURIComponent(JSON.stringify([`${attackerOrigin}/control/lighthouse`]))}`, {
      port: browser.port,
      userAgent: 'lh eindex-ssrf-test',
      timeoutMs: 120_000,
      settings: testConfig().crawl.lighthouse.settings,
    });
    expect(control.lighthouse ?? 0).toBeGreaterThan(controlBefore);
    const before = hosts.hits.length;
    const since = Date.now();
    const targets = internalUrls();
    const lh = await runLighthouse(`${attackerOrigin}/v/lighthouse?to=${encodeURIComponent(JSON.stringify(targets))}`, {
      port: browser.port,
      userAgent: 'lh eindex-ssrf-test',
      timeoutMs: 120_000,
      settings: testConfig().crawl.lighthouse.settings,
    });
    expect(lh.runtimeError).toBeNull();
    const through = hosts.hits.slice(before);
    const refused = refusalsSince(since);
    figures.push(`lighthouse tab: ${through.length} of ${targets.length} destinations got through (proxy refused ${refused} requests)`);
    expect(through).toEqual([]);
    expect(refused).toBeGreaterThan(0);
  });

  test("Playwright's request API (robots.txt, path probes, PDFs) is checked too", async () => {
    const context = await browser.browser.newContext();
    try {
      const ok = await context.request.get(`${attackerOrigin}/control/request`);
      expect(ok.status()).toBe(200);
      const before = hosts.hits.length;
      const targets = internalUrls();
      const statuses = await Promise.all(targets.map(async (u) => (await context.request.get(u, { failOnStatusCode: false, maxRedirects: 0, timeout: 10_000 })).status()));
      figures.push(`request API: ${hosts.hits.length - before} of ${targets.length} got through (statuses ${[...new Set(statuses)].join(',')})`);
      expect(statuses.every((s) => s === 403)).toBe(true);
      expect(hosts.hits.slice(before)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('WebRTC (UDP, which no HTTP proxy sees) cannot reach a STUN server on an internal address', async () => {
    const context = await browser.browser.newContext();
    const p = await context.newPage();
    try {
      await p.goto(`${attackerOrigin}/v/none`);
      const before = hosts.hits.length;
      const stun = [`stun:127.0.0.1:${hosts.loopbackPort}`, `stun:${hosts.internal[0]!.address}:${hosts.netnsPort}`, `stun:${hosts.publicAddress}:${hosts.netnsPort}`];
      const candidates = await p.evaluate(async (urls) => {
        const pc = new RTCPeerConnection({ iceServers: [{ urls }] });
        pc.createDataChannel('x');
        const found: string[] = [];
        pc.onicecandidate = (e) => e.candidate && found.push(e.candidate.candidate);
        await pc.setLocalDescription(await pc.createOffer());
        await new Promise((r) => setTimeout(r, 3000));
        pc.close();
        return found;
      }, stun);
      figures.push(`webrtc: ${hosts.hits.length - before} datagrams got through (${candidates.length} ICE candidates gathered)`);
      expect(hosts.hits.slice(before)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('a target or a redirect to an internal address is blocked with a clear message', () => {
  const target = (url: string): Target => ({ id: 'ssrf', name: 'SSRF', type: 'institution', sector: 'VARAM', url });

  test('targets in every spelling: status blocked, the message names the address, nothing reaches the canaries', { timeout: 120_000 }, async () => {
    const before = hosts.hits.length;
    const urls = internalUrls();
    for (const url of urls) {
      const { result } = await auditSite(target(url), { browser, config: testConfig({ lighthouse: { ...testConfig().crawl.lighthouse, enabled: false } }), runId: 'ssrf', log: silentLogger });
      expect(result.status, url).toBe('blocked');
      expect(result.message, url).toMatch(/(address|resolves to) \S+.* is .+ \(not in EINDEX_ALLOW_HOSTS\)/);
      expect(schemaErrors(result)).toEqual([]);
    }
    // Past the pre-navigation check: the browser itself told to go there. The proxy refuses.
    const context = await browser.browser.newContext();
    try {
      const p = await context.newPage();
      const statuses: number[] = [];
      for (const url of urls) {
        const r = await p.goto(url, { timeout: 10_000 }).catch(() => null);
        statuses.push(r?.status() ?? 0);
      }
      expect(statuses.every((s) => s === 403 || s === 0)).toBe(true);
    } finally {
      await context.close();
    }
    figures.push(`target: ${hosts.hits.length - before} of ${urls.length} got through (audit: all blocked; direct navigation: refused by the proxy)`);
    expect(hosts.hits.slice(before)).toEqual([]);
  });

  test('a public home page that redirects to an internal address: blocked, with the address in the message', { timeout: 240_000 }, async () => {
    const before = hosts.hits.length;
    const config = testConfig({ lighthouse: { ...testConfig().crawl.lighthouse, enabled: false } });
    const urls = internalUrls();
    for (const to of urls) {
      const { result } = await auditSite(target(`${attackerOrigin}/redirect?to=${encodeURIComponent(JSON.stringify([to]))}`), { browser, config, runId: 'ssrf', log: silentLogger });
      expect(result.status, to).toBe('blocked');
      expect(result.message, to).toMatch(/\(not in EINDEX_ALLOW_HOSTS\)/);
    }
    figures.push(`redirect: ${hosts.hits.length - before} of ${urls.length} got through`);
    expect(hosts.hits.slice(before)).toEqual([]);
  });

  test('an audited page that references internal addresses: the site is audited, the refused requests are in the result', async () => {
    const before = hosts.hits.length;
    const { result } = await auditSite(target(`${attackerOrigin}/v/img?to=${encodeURIComponent(JSON.stringify(internalUrls()))}`), {
      browser,
      config: testConfig({ maxPages: 1, lighthouse: { ...testConfig().crawl.lighthouse, enabled: false } }),
      runId: 'ssrf',
      log: silentLogger,
    });
    expect(result.status).toBe('ok');
    figures.push(`audited page with internal images: ${hosts.hits.length - before} got through; ${result.egress?.blocked} refused requests in the result`);
    expect(result.egress?.blocked).toBeGreaterThan(0);
    expect(result.egress?.blockedRequests[0]?.message).toMatch(/\(not in EINDEX_ALLOW_HOSTS\)/);
    expect(schemaErrors(result)).toEqual([]);
    expect(hosts.hits.slice(before)).toEqual([]);
  });
});
