// Before the first page: the start URL checked, the egress verdict on its host, and robots.txt as a gate.
import type { AuditBrowser } from '../browser.ts';
import type { Config } from '../../config.ts';
import { failureMessage, SiteFailure } from '../../failures.ts';
import type { Robots } from '../../collectors/robots.ts';
import { EgressRefusal } from '../egress/index.ts';
import type { RobotsFacts } from '../../artifacts.ts';

/** The target's URL, or an invalid-url failure: only http and https are audited. */
export function startUrl(url: string): URL {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`scheme ${parsed.protocol}`);
    return parsed;
  } catch (err) {
    throw new SiteFailure('invalid-url', failureMessage('invalid-url', `${url}: ${(err as Error).message}`));
  }
}

/**
 * Before navigating: an internal address gets a clear "blocked" at once. The egress proxy checks every request
 * again (redirects, frames, scripts), so this is the message, not the guarantee.
 */
export async function checkEgress(browser: AuditBrowser, url: URL): Promise<void> {
  if (!browser.egress) return;
  try {
    await browser.egress.check(url.hostname);
  } catch (err) {
    if (err instanceof EgressRefusal) throw new SiteFailure(err.failure, failureMessage(err.failure, err.message));
    throw err;
  }
}

export interface RobotsGate {
  /** The robots artifact; its `disallowed` grows as pages are refused. */
  artifact: RobotsFacts;
  /** Whether a page may be loaded: robots.txt allows it, or robots.txt is not obeyed (the page is still recorded). */
  allowed(url: string): boolean;
}

export function robotsGate(robots: Robots, crawl: Config['crawl']): RobotsGate {
  const disallowed: string[] = [];
  return {
    artifact: { url: robots.url, status: robots.status, respected: crawl.respectRobots, disallowed },
    allowed(u) {
      if (robots.isAllowed(u)) return true;
      disallowed.push(u);
      return !crawl.respectRobots;
    },
  };
}

/** The home page itself disallowed while robots.txt is obeyed: the site is not audited. */
export function robotsRefusal(gate: RobotsGate, robots: Robots, home: URL, crawl: Config['crawl']): SiteFailure | null {
  if (gate.allowed(home.href) || !crawl.respectRobots) return null;
  return new SiteFailure('robots-disallowed', failureMessage('robots-disallowed', robots.url));
}
