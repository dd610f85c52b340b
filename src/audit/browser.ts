// Launching Debian's Chromium for Playwright, with a debugging port so Lighthouse runs on the same browser.
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { startEgress, type Egress, type EgressOptions } from './egress/index.ts';
import { loadConfig, type CrawlConfig } from '../config.ts';

/** Flags for a closed network: without the background-networking ones Chromium floods it with refused connections. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // WebRTC's UDP does not go through the proxy: without this a page could reach internal addresses over STUN/TURN.
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
];

export class ChromiumMissingError extends Error {
  override name = 'ChromiumMissingError';
}

/** EINDEX_CHROMIUM, else CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.EINDEX_CHROMIUM || env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new ChromiumMissingError(
      `Chromium not found at ${path}. Install it (Debian: apt-get install -y chromium) ` +
        'or set EINDEX_CHROMIUM to the path of a Chromium or Chrome binary.',
    );
  }
  return path;
}

export interface AuditBrowser {
  browser: Browser;
  /** Remote debugging port, for Lighthouse. */
  port: number;
  version: string;
  /** Chromium's own user agent (desktop), without our suffix. */
  userAgent: string;
  /** The proxy all of this browser's traffic leaves through (src/audit/egress/proxy.ts): SSRF checks, politeness, counters. */
  egress: Egress;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface LaunchOptions {
  /**
   * Let Playwright close Chromium on SIGINT/SIGTERM/SIGHUP (default true). A queue worker passes false: it stops on
   * SIGTERM itself, letting audits in flight finish first, and closes its browser last.
   */
  handleSignals?: boolean;
  /** Politeness, allow-list and user agent suffix for the egress proxy (defaults: DEFAULT_POLITENESS, EINDEX_ALLOW_HOSTS). */
  egress?: EgressOptions;
  /** More Chromium flags (tests: e.g. treating a test origin as secure so it may register a service worker). */
  extraArgs?: string[];
}

/** The egress proxy's settings from a crawl config: politeness per host and the user agent suffix. */
export function egressOptions(crawl: CrawlConfig): EgressOptions {
  return { politeness: crawl.politeness, userAgentSuffix: crawl.userAgentSuffix };
}

export async function launchBrowser(opts: LaunchOptions = {}): Promise<AuditBrowser> {
  const executablePath = chromiumPath();
  const port = await freePort();
  const handleSignals = opts.handleSignals ?? true;
  // Every request of every tab (Lighthouse's too, it drives this Chromium) and of Playwright's request API goes
  // through the egress proxy; "<-loopback>" removes Chromium's implicit bypass for localhost and 127.0.0.1.
  const egressOpts = opts.egress ?? egressOptions(loadConfig().crawl);
  const egress = await startEgress({ ...egressOpts, protectedPorts: [port, ...(egressOpts.protectedPorts ?? [])] });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_FLAGS, `--remote-debugging-port=${port}`, '--remote-debugging-address=127.0.0.1', ...(opts.extraArgs ?? [])],
      proxy: { server: egress.server, bypass: '<-loopback>' },
      handleSIGINT: handleSignals,
      handleSIGTERM: handleSignals,
      handleSIGHUP: handleSignals,
    });
  } catch (err) {
    await egress.close();
    throw err;
  }
  // Chromium dying while it starts must fail the launch, not hang it: Playwright leaves newPage pending for ever
  // when the browser goes under it (seen when the fault tests SIGKILLed a just-launched Chromium).
  const exited = new Promise<never>((_, reject) => browser.once('disconnected', () => reject(new Error('Chromium exited while starting'))));
  exited.catch(() => undefined);
  let userAgent: string;
  try {
    userAgent = await Promise.race([
      (async () => {
        const page = await browser.newPage();
        const ua = (await page.evaluate(() => navigator.userAgent)).replace('HeadlessChrome', 'Chrome');
        await page.close();
        return ua;
      })(),
      exited,
    ]);
  } catch (err) {
    await browser.close().catch(() => undefined);
    await egress.close();
    throw err;
  }
  return {
    browser,
    port,
    version: browser.version(),
    userAgent,
    egress,
    close: async () => {
      await browser.close().catch(() => undefined);
      await egress.close();
    },
  };
}
