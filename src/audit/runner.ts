// auditSite(target): one site in, artifacts and a SiteResult out. The only function the CLI and the queue worker call.
// Impure on purpose (browser, network); what it decides is delegated: the crawl (src/audit/crawl/), the declared
// home-page collectors (src/collectors/index.ts), the indicators.
import type { BrowserContext } from 'playwright-core';
import type { Logger } from 'pino';
import type { AuditBrowser } from './browser.ts';
import type { Config } from '../config.ts';
import { classifyError, failureMessage, SiteFailure } from '../failures.ts';
import { shotBudget } from '../collectors/screenshots.ts';
import { fetchRobots, type Robots } from '../collectors/robots.ts';
import { collectTransport } from '../collectors/transport.ts';
import { runIndicators, type AnyIndicator } from '../indicators/indicator.ts';
import { INDICATORS } from '../indicators/index.ts';
import { openDesktopContext } from './crawl/contexts.ts';
import { loadPage } from './crawl/load-page.ts';
import { crawlPages } from './crawl/pages.ts';
import { checkEgress, robotsGate, robotsRefusal, startUrl } from './crawl/start.ts';
import { collectOnHome, lighthouseLane } from './home.ts';
import { siteBudget } from './budget.ts';
import { phaseClock, type PhaseClock } from './phase-clock.ts';
import { withHostSlot } from './politeness.ts';
import { siteResult, type ResultParts } from './result.ts';
import type { SiteResult, Target } from '../types.ts';
import type { Artifacts, PageFacts } from '../artifacts.ts';

export { AUDITOR_VERSION, SCHEMA_VERSION, toolVersions } from './result.ts';
export { pageTimeoutMs } from './crawl/page-limit.ts';

export interface AuditDeps {
  browser: AuditBrowser;
  config: Config;
  runId: string;
  log: Logger;
  indicators?: readonly AnyIndicator[];
  /** Called once the site's page work is done and only its Lighthouse run (in the process's lane) is left: the caller
   * may start another site's pages meanwhile (src/audit/run.ts, the service's worker). */
  onPagesDone?: () => void;
  /** Chromiums kept for Lighthouse alone (crawl.lighthouse.lanes - 1), a lane each beside the auditing one's. */
  laneBrowsers?: readonly AuditBrowser[];
}

export interface SiteAudit {
  result: SiteResult;
  artifacts: Artifacts;
}

/** Audits one site, at most politeness.auditsPerHost audits of its host at once in this process. */
export function auditSite(target: Target, deps: AuditDeps): Promise<SiteAudit> {
  return withHostSlot(target.url, deps.config.crawl.politeness.auditsPerHost, () => auditSiteNow(target, deps));
}

/** What one audit has gathered so far: a site that fails part-way still reports it. */
interface Gathered {
  artifacts: Artifacts;
  pages: PageFacts[];
  robots: Robots | null;
  /** The site's Lighthouse lane once started (when the home page is known), and the clock it times its phase on. */
  lane: { artifacts: Promise<Artifacts>; clock: PhaseClock } | null;
}

async function auditSiteNow(target: Target, deps: AuditDeps): Promise<SiteAudit> {
  const { browser, config, runId } = deps;
  const crawl = config.crawl;
  const log = deps.log.child({ site: target.id });
  const started = new Date();
  const desktopUA = `${browser.userAgent} ${crawl.userAgentSuffix}`;
  const context = await openDesktopContext(browser, crawl, desktopUA);

  const deadlineAt = Date.now() + crawl.siteTimeoutMs;
  let deadlineTimer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    deadlineTimer = setTimeout(
      () => reject(new SiteFailure('timeout', failureMessage('timeout', `site limit of ${crawl.siteTimeoutMs} ms`))),
      crawl.siteTimeoutMs,
    );
  });
  // Chromium dying under the audit ends the site at once: Playwright leaves some calls pending for ever when the
  // browser goes (browserContext.newPage, seen when Chromium was SIGKILLed), and a page that failed because the browser
  // went must not pass as a site audited with fewer pages.
  const crashed = () => new SiteFailure('browser-crash', failureMessage('browser-crash', 'Chromium exited during the audit'));
  let onDisconnect: (() => void) | undefined;
  const disconnected = new Promise<never>((_, reject) => {
    onDisconnect = () => reject(crashed());
    browser.browser.once('disconnected', onDisconnect);
  });
  disconnected.catch(() => undefined);
  const gathered: Gathered = { artifacts: {}, pages: [], robots: null, lane: null };
  const timings: SiteResult['timings'] = {};
  const clock = phaseClock(timings);
  const parts = (): ResultParts => ({ runId, target, browser, started, timings, respectRobots: crawl.respectRobots, ...gathered });
  try {
    await Promise.race([crawlSite(target, context, deps, desktopUA, gathered, log, clock, deadlineAt), deadline, disconnected]);
    // The pages are done: the site's limit no longer runs, its context goes, and the caller may start another site
    // while this one's Lighthouse run waits for its turn in the lane (which has its own limit, from its start).
    clearTimeout(deadlineTimer);
    await context.close().catch(() => undefined);
    deps.onPagesDone?.();
    if (gathered.lane) {
      Object.assign(gathered.artifacts, await Promise.race([gathered.lane.artifacts, disconnected]));
      clock.join(gathered.lane.clock);
    }
    if (!browser.browser.isConnected()) throw crashed();
  } catch (err) {
    let failure = classifyError(err);
    // A refused CONNECT tunnel reaches Playwright only as ERR_TUNNEL_CONNECTION_FAILED: the proxy knows why.
    if (/ERR_TUNNEL_CONNECTION_FAILED/.test(failure.message)) {
      const why = browser.egress?.failuresFor(target.url, started.getTime()).at(-1);
      if (why) failure = new SiteFailure(why.failure, failureMessage(why.failure, why.message));
    }
    log.warn({ failure: failure.failure, err: failure.message }, 'site could not be audited');
    await context.close().catch(() => undefined);
    return { artifacts: gathered.artifacts, result: siteResult(parts(), { failure }) };
  } finally {
    clearTimeout(deadlineTimer);
    browser.browser.off('disconnected', onDisconnect!);
  }
  const indicators = runIndicators(deps.indicators ?? INDICATORS, gathered.artifacts, { target, now: started }, config.indicators);
  clock.done('indicators');
  const result = siteResult(parts(), { indicators });
  log.info({ durationMs: result.durationMs, pages: gathered.pages.length }, 'site audited');
  return { result, artifacts: gathered.artifacts };
}

/**
 * The order of work: start URL, egress, robots.txt; the home page (its failure is the site's) and its transport
 * facts; Lighthouse into the lane; then at once the page track (role pages, a sample) and the home-page collectors.
 */
async function crawlSite(target: Target, context: BrowserContext, deps: AuditDeps, desktopUA: string, gathered: Gathered, log: Logger, clock: PhaseClock, deadlineAt: number): Promise<void> {
  let crawl = deps.config.crawl;
  const { artifacts, pages } = gathered;
  const shots = shotBudget(crawl.screenshots);
  const url = startUrl(target.url);
  await checkEgress(deps.browser, url);

  const robots = await fetchRobots(context.request, url.href, desktopUA, crawl.navigationTimeoutMs);
  gathered.robots = robots;
  clock.done('robots');
  const gate = robotsGate(robots, crawl);
  artifacts.robots = gate.artifact;
  const refused = robotsRefusal(gate, robots, url, crawl);
  if (refused) throw refused;

  const home = await loadPage(context, url.href, ['home'], { via: 'start' }, crawl, true, shots, true);
  pages.push(home.facts);
  artifacts.transport = await collectTransport(context.request, url.href, home.facts.finalUrl, home.response, crawl.navigationTimeoutMs);
  clock.done('home');
  // A slow server gets page waits in proportion for the rest of the audit (src/audit/budget.ts).
  const budget = siteBudget(crawl, home.facts.loadMs);
  if (budget.scaled) {
    crawl = budget.crawl;
    context.setDefaultNavigationTimeout(budget.navigationTimeoutMs);
    context.setDefaultTimeout(budget.navigationTimeoutMs);
    log.info({ homeLoadMs: home.facts.loadMs, navigationTimeoutMs: budget.navigationTimeoutMs }, 'slow site: longer page waits');
  }
  // Lighthouse starts now, in the process's lane, so that it overlaps this site's pages and the next sites'.
  const retrying = (collector: string, reason: string, tries: number) => log.warn({ collector, reason, tries }, 'collector failed for a transient reason, trying again');
  const laneClock = clock.fork();
  gathered.lane = { artifacts: lighthouseLane(home.facts.finalUrl, { browser: deps.browser, laneBrowsers: deps.laneBrowsers, crawl, shots, retrying }, laneClock), clock: laneClock };

  // From here the rest runs at once, so that one part's waits (network quiet, motion watched for seconds) are another's
  // CPU time. Requests to the host stay within politeness.maxConcurrentPerHost (the egress proxy).
  const homeTrack = clock.fork();
  const [paged, collected] = await Promise.allSettled([
    crawlPages(home.facts, home.axe, context, crawl, pages, gate.allowed, shots, clock).then((crawled) => {
      pages.splice(0, pages.length, ...crawled.pages); // every page chosen, in the order chosen
      artifacts.pages = pages;
      artifacts.axe = crawled.axe;
      clock.done('otherPages');
      return crawled.missing;
    }),
    collectOnHome(home.facts.finalUrl, { browser: deps.browser, context, crawl, shots, deadlineAt, loadedHome: home.open, retrying, collected: (a) => Object.assign(artifacts, a) }, homeTrack),
  ]);
  clock.join(homeTrack);
  if (paged.status === 'rejected') throw paged.reason;
  if (collected.status === 'rejected') throw collected.reason;
  if (shots.taken.length) artifacts.screenshots = shots.taken;
  log.debug({ pages: pages.length, missingRoles: paged.value, screenshots: shots.taken.length, screenshotMs: shots.ms }, 'site crawled');
}
