// Measuring again: some home-page collectors (src/collectors/index.ts) run once more on the site's home page, alone,
// and their artifacts are merged into the ones the audit saved; the indicators are then computed again from the whole.
// Nothing else is fetched twice. Used by the service's follow-up measurements (src/service/follow-up.ts) of collectors
// that failed for a transient reason (a stalled load, a closed tab) while the rest of the site was audited fine.
import type { AuditBrowser } from './browser.ts';
import type { Config } from '../config.ts';
import { HOME_COLLECTORS, type CollectorContext } from '../collectors/index.ts';
import { shotBudget } from '../collectors/screenshots.ts';
import { runIndicators, type AnyIndicator } from '../indicators/indicator.ts';
import { INDICATORS } from '../indicators/index.ts';
import { isCollectorError, type Artifacts, type CollectorError } from '../artifacts.ts';
import type { SiteResult } from '../types.ts';
import { mobileUserAgent, openDesktopContext } from './crawl/contexts.ts';
import { siteBudget } from './budget.ts';
import { runCollector, runWithRetries } from './home.ts';

export interface RecollectDeps {
  browser: AuditBrowser;
  config: Config;
}

/** Ids of the home-page collectors whose artifact is a transient CollectorError not yet given up on. */
export function transientFailures(artifacts: Artifacts): string[] {
  return HOME_COLLECTORS.filter((c) => {
    const a = artifacts[c.id];
    return isCollectorError(a) && a.transient === true && !a.retriesSpent;
  }).map((c) => c.id);
}

/** The home page the collectors measured: the final URL of the audit's home page, else the target's URL. */
export function homeUrlOf(result: SiteResult): string {
  return result.pages.find((p) => p.roles.includes('home'))?.finalUrl ?? result.target.url;
}

/**
 * Runs the named home-page collectors once each (no retry: the caller's tries are the retries) on `homeUrl`, page
 * waits scaled to the home page's load time as in the audit (`homeLoadMs`). Returns their artifacts, a CollectorError
 * in place of one that failed, and the screenshots they took. Collectors unknown or disabled (Lighthouse off) are left out.
 */
export async function collectAgain(homeUrl: string, collectorIds: readonly string[], deps: RecollectDeps, homeLoadMs = 0): Promise<Artifacts> {
  const { browser } = deps;
  const crawl = siteBudget(deps.config.crawl, homeLoadMs).crawl;
  const collectors = HOME_COLLECTORS.filter((c) => collectorIds.includes(c.id) && (c.needs !== 'chromium' || c.enabled(crawl)));
  if (collectors.length === 0) return {};
  const shots = shotBudget(crawl.screenshots);
  const context = await openDesktopContext(browser, crawl, `${browser.userAgent} ${crawl.userAgentSuffix}`);
  try {
    const ctx: CollectorContext = { homeUrl, crawl, shots, chromium: { ports: [browser.port], mobileUserAgent: mobileUserAgent(browser, crawl.userAgentSuffix) } };
    const deadlineAt = Date.now() + crawl.siteTimeoutMs;
    const values = await Promise.all(collectors.map((c) => runWithRetries(() => runCollector(c, ctx, { browser, context, crawl }), 0, deadlineAt)));
    const out = Object.fromEntries(collectors.map((c, i) => [c.id, values[i]])) as Artifacts;
    if (shots.taken.length) out.screenshots = shots.taken;
    return out;
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** The saved artifacts with the new ones in place; screenshots merged by name (a new one replaces its namesake). */
export function mergeArtifacts(saved: Artifacts, fresh: Artifacts): Artifacts {
  const { screenshots: freshShots, ...rest } = fresh;
  const merged: Artifacts = { ...saved, ...rest };
  if (Array.isArray(freshShots) && freshShots.length) {
    const old = Array.isArray(saved.screenshots) ? saved.screenshots : [];
    const names = new Set(freshShots.map((s) => s.name));
    merged.screenshots = [...old.filter((s) => !names.has(s.name)), ...freshShots];
  }
  return merged;
}

/**
 * Marks the named collectors' errors as final: retries spent, with the attempts made in all (`attempts` of the audit,
 * 1 when absent, plus `extraAttempts` follow-up tries). The newest error's message is kept.
 */
export function spendRetries(artifacts: Artifacts, collectorIds: readonly string[], saved: Artifacts, extraAttempts: number): Artifacts {
  const out: Artifacts = { ...artifacts };
  for (const id of collectorIds as (keyof Artifacts)[]) {
    const now = out[id];
    const before = saved[id];
    if (!isCollectorError(now)) continue;
    const audited = isCollectorError(before) ? (before.attempts ?? 1) : 0;
    const error: CollectorError = { ...now, attempts: audited + extraAttempts, transient: true, retriesSpent: true };
    (out as Record<string, unknown>)[id] = error;
  }
  return out;
}

/** The result with its indicators computed again from `artifacts` (as of the audit's start) and provisional false. */
export function remeasuredResult(result: SiteResult, artifacts: Artifacts, config: Config, indicators: readonly AnyIndicator[] = INDICATORS): SiteResult {
  const computed = runIndicators(indicators, artifacts, { target: result.target, now: new Date(result.startedAt) }, config.indicators);
  return { ...result, indicators: computed, provisional: false };
}
