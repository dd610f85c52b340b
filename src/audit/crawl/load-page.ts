// One page of the site loaded and read: facts, axe; a PDF read as a document. The home page's failure is the
// site's failure; any other page's failure is recorded on the page and the audit goes on.
import type { BrowserContext, Page, Response } from 'playwright-core';
import type { Config } from '../../config.ts';
import { isPdfUrl, pageKey } from '../discovery.ts';
import { classifyError, classifyResponse, failureMessage, SiteFailure } from '../../failures.ts';
import { collectAxe } from '../../collectors/axe.ts';
import { emptyFacts, readPageFacts, type ReadLimits } from '../../collectors/page-facts.ts';
import type { ShotBudget } from '../../collectors/screenshots.ts';
import { closeQuietly, withinPageLimit, type Track } from './page-limit.ts';
import { loadPdf, type LoadedPage } from './pdf.ts';
import { settleDom } from './settle.ts';
import type { FoundBy, PageFacts, PageRole } from '../../artifacts.ts';

/** A page that navigates itself in a cycle (meta refresh, script): three main-frame navigations with a URL twice. */
function navigationLoop(visited: string[]): SiteFailure | null {
  if (visited.length < 3 || new Set(visited).size === visited.length) return null;
  return new SiteFailure('redirect-loop', failureMessage('redirect-loop', `the page navigates itself in a cycle (meta refresh or script): ${visited.length} navigations`));
}

export async function loadPage(
  context: BrowserContext,
  url: string,
  roles: PageRole[],
  foundBy: FoundBy,
  crawl: Config['crawl'],
  isHome: boolean,
  shots?: ShotBudget,
  keepOpen = false,
): Promise<LoadedPage> {
  try {
    return await withinPageLimit(crawl, url, (track, fail) => loadPageUnbounded(context, url, roles, foundBy, crawl, isHome, track, fail, shots, keepOpen));
  } catch (err) {
    if (isHome) throw err;
    return { facts: emptyFacts({ url, roles, foundBy }, classifyError(err).message), axe: null, response: null };
  }
}

async function loadPageUnbounded(
  context: BrowserContext,
  url: string,
  roles: PageRole[],
  foundBy: FoundBy,
  crawl: Config['crawl'],
  isHome: boolean,
  track: Track,
  fail: (err: Error) => void,
  shots?: ShotBudget,
  keepOpen = false,
): Promise<LoadedPage> {
  if (!isHome && isPdfUrl(url)) return loadPdf(context, url, roles, foundBy, crawl.navigationTimeoutMs, crawl.maxTextChars);
  const page = await context.newPage();
  track(page);
  page.on('popup', (popup) => void popup.close().catch(() => undefined));
  const visited: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    visited.push(frame.url());
    // A cycle never settles: stop at once rather than wait on a document that is replaced again and again.
    const loop = navigationLoop(visited);
    if (loop) fail(loop);
  });
  const startedAt = Date.now();
  let kept = false;
  try {
    let response: Response | null;
    try {
      response = await page.goto(url, { waitUntil: 'load' });
    } catch (err) {
      // A download (PDF served as attachment) aborts the navigation; read it as a document instead.
      if (!isHome && /Download is starting|ERR_ABORTED/.test(String(err))) {
        return await loadPdf(context, url, roles, foundBy, crawl.navigationTimeoutMs, crawl.maxTextChars);
      }
      // A home page served as a download (attachment) is no HTML page to audit.
      if (isHome && /Download is starting/.test(String(err))) throw new SiteFailure('not-html', failureMessage('not-html', 'the home page is served as a download (attachment)'));
      throw navigationLoop(visited) ?? err;
    }
    const status = response?.status() ?? 0;
    const contentType = (await response?.headerValue('content-type')) ?? '';
    // The egress proxy answered itself: an internal address (e.g. after a redirect), or no upstream connection.
    const refused = (await response?.headerValue('x-eindex-egress')) ?? '';
    if (isHome && /^(blocked|dns|connection-refused|timeout)$/.test(refused)) {
      const why = ((await response?.text().catch(() => '')) ?? '').replace(/^eindex egress: /, '').trim();
      throw new SiteFailure(refused as 'blocked', failureMessage(refused as 'blocked', why || `HTTP ${status}`));
    }
    if (isHome) {
      const failure = classifyResponse(status, contentType);
      if (failure) throw failure;
    } else if (/pdf/i.test(contentType)) {
      await page.close();
      return loadPdf(context, url, roles, foundBy, crawl.navigationTimeoutMs, crawl.maxTextChars);
    }
    // Let scripts insert late content (menus, footers, cookie banners, a client-rendered page): the settled DOM.
    const unsettled = await settleDom(page, crawl);
    const loop = navigationLoop(visited);
    if (loop) throw loop;
    const loadMs = Date.now() - startedAt;
    const raw = await readWithRetry(page, { maxTextChars: crawl.maxTextChars, maxLinks: crawl.maxLinksPerPage, embedded: crawl.embedded });
    const facts: PageFacts = {
      url,
      finalUrl: pageKey(page.url()),
      status,
      contentType,
      roles,
      foundBy,
      ...raw,
      loadMs,
      ...(unsettled ? { unsettled } : {}),
      ...(status >= 400 ? { error: `HTTP ${status}` } : {}),
    };
    const axe = status < 400 ? await collectAxe(page, crawl.maxNodesPerRule, shots) : null;
    kept = keepOpen && !page.isClosed();
    return kept ? { facts, axe, response, open: page } : { facts, axe, response };
  } catch (err) {
    const loop = navigationLoop(visited);
    if (isHome) throw loop ?? err;
    const failure = loop ?? classifyError(err);
    return { facts: emptyFacts({ url, roles, foundBy }, failure.message), axe: null, response: null };
  } finally {
    if (!kept) await closeQuietly(page, crawl.timings.pageCloseMs);
  }
}

/** A page that navigates itself (JavaScript redirect) destroys the context we read from: wait and read again once. */
async function readWithRetry(page: Page, limits: ReadLimits) {
  try {
    return await readPageFacts(page, limits);
  } catch (err) {
    if (!/context was destroyed|navigat/i.test(String(err))) throw err;
    await page.waitForLoadState('load').catch(() => undefined);
    return readPageFacts(page, limits);
  }
}
