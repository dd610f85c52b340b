// Launching Debian's Chromium for Playwright, with a debugging port so Lighthouse runs on the same browser.
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';

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

export async function launchBrowser(): Promise<AuditBrowser> {
  const executablePath = chromiumPath();
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS, `--remote-debugging-port=${port}`, '--remote-debugging-address=127.0.0.1'],
  });
  const page = await browser.newPage();
  const userAgent = (await page.evaluate(() => navigator.userAgent)).replace('HeadlessChrome', 'Chrome');
  await page.close();
  return {
    browser,
    port,
    version: browser.version(),
    userAgent,
    close: async () => {
      await browser.close().catch(() => undefined);
    },
  };
}
