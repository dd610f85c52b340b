// The browser contexts of one audit: the desktop one every page of the site loads in, and a phone one for the home
// page; the home page loaded afresh for a collector, or the crawl's own handed to the collectors that share it.
import type { BrowserContext, Page } from 'playwright-core';
import type { AuditBrowser } from '../browser.ts';
import type { Config } from '../../config.ts';
import { closeQuietly, withinPageLimit } from './page-limit.ts';
import { settleDom, watchSettling } from './settle.ts';
import { installInPageHelpers } from '../../collectors/in-page.ts';

/**
 * window.print() on load blocks a headless page until a print dialog nobody sees is closed, and a popup storm
 * (window.open in a loop) starves the renderer before load: both are no-ops for the auditor, which needs neither.
 */
const NEUTRALISE_PRINT = 'window.print = () => undefined; window.open = () => null;';

/** Mobile user agent for the phone viewport and Lighthouse: Chromium's own version, Android, and our suffix. */
export function mobileUserAgent(browser: AuditBrowser, suffix: string): string {
  const version = /Chrome\/([\d.]+)/.exec(browser.userAgent)?.[1] ?? '130.0.0.0';
  return `Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version} Mobile Safari/537.36 ${suffix}`;
}

export async function openDesktopContext(browser: AuditBrowser, crawl: Config['crawl'], userAgent: string): Promise<BrowserContext> {
  const context = await browser.browser.newContext({
    userAgent,
    viewport: crawl.desktopViewport,
    bypassCSP: true, // axe-core is injected as a script; a strict CSP must not hide a site's problems
    serviceWorkers: 'block',
    acceptDownloads: false,
    locale: 'lv-LV',
  });
  context.setDefaultNavigationTimeout(crawl.navigationTimeoutMs);
  context.setDefaultTimeout(crawl.navigationTimeoutMs);
  await context.addInitScript(NEUTRALISE_PRINT);
  await watchSettling(context, crawl);
  return context;
}

/** The home page loaded afresh in the desktop context for `collect` (which may change it), within the page limit. */
export function onDesktopHome<T>(context: BrowserContext, crawl: Config['crawl'], homeUrl: string, collect: (page: Page) => Promise<T>): Promise<T> {
  return withinPageLimit(crawl, homeUrl, async (track) => {
    const page = await context.newPage();
    track(page);
    page.on('popup', (popup) => void popup.close().catch(() => undefined));
    try {
      await page.goto(homeUrl, { waitUntil: 'load' });
      await settleDom(page, crawl); // an unsettled home page is recorded once, by its own load (load-page.ts)
      return await collect(page);
    } finally {
      await closeQuietly(page, crawl.timings.pageCloseMs);
    }
  });
}

/** `collect` on the home page the crawl already loaded, settled and read (the collectors that share it), closed after. */
export function onLoadedHome<T>(page: Page, crawl: Config['crawl'], homeUrl: string, collect: (page: Page) => Promise<T>): Promise<T> {
  return withinPageLimit(crawl, homeUrl, async (track) => {
    track(page);
    try {
      return await collect(page);
    } finally {
      await closeQuietly(page, crawl.timings.pageCloseMs);
    }
  });
}

/**
 * Between two collectors sharing a page: focus back to the document, the page scrolled to the top, and CSS
 * transitions (a skip link sliding out, a focus ring fading) run to their end, so the next one reads the page at rest.
 */
export async function resetForNextCollector(page: Page): Promise<void> {
  await installInPageHelpers(page);
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur?.();
    window.scrollTo(0, 0);
    window.__eindex.finishTransitions();
  });
}

/** The home page on a phone (its own context, closed after) for `collect`, within the page limit. */
export function onPhoneHome<T>(browser: AuditBrowser, crawl: Config['crawl'], homeUrl: string, collect: (page: Page) => Promise<T>): Promise<T> {
  return withinPageLimit(crawl, `${homeUrl} (phone)`, async (track) => {
    const context = await browser.browser.newContext({
      userAgent: mobileUserAgent(browser, crawl.userAgentSuffix),
      viewport: { width: crawl.mobileViewport.width, height: crawl.mobileViewport.height },
      deviceScaleFactor: crawl.mobileViewport.deviceScaleFactor,
      isMobile: true,
      hasTouch: true,
      serviceWorkers: 'block',
      acceptDownloads: false,
      locale: 'lv-LV',
    });
    track(context);
    await context.addInitScript(NEUTRALISE_PRINT);
    await watchSettling(context, crawl);
    try {
      const page = await context.newPage();
      page.on('popup', (popup) => void popup.close().catch(() => undefined));
      await page.goto(homeUrl, { waitUntil: 'load', timeout: crawl.navigationTimeoutMs });
      await settleDom(page, crawl);
      return await collect(page);
    } finally {
      await context.close().catch(() => undefined);
    }
  });
}
