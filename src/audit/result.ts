// The SiteResult of one audit, built from what the crawl left: versions, robots, pages, refused requests.
import { createRequire } from 'node:module';
import type { AuditBrowser } from './browser.ts';
import { AXE_VERSION } from '../collectors/axe.ts';
import { LIGHTHOUSE_VERSION } from '../collectors/lighthouse.ts';
import type { Robots } from '../collectors/robots.ts';
import type { EgressSummary, SiteResult, Target, ToolVersions } from '../types.ts';
import type { Artifacts, PageFacts } from '../artifacts.ts';

const require = createRequire(import.meta.url);
export const AUDITOR_VERSION: string = (require('../../package.json') as { version: string }).version;
export const SCHEMA_VERSION = 1 as const;

export function toolVersions(browser: AuditBrowser | null): ToolVersions {
  return {
    auditor: AUDITOR_VERSION,
    node: process.version,
    chromium: browser?.version ?? 'unknown',
    axeCore: AXE_VERSION,
    lighthouse: LIGHTHOUSE_VERSION,
  };
}

/** Refused requests of this audit: to its own hosts, or made by its pages (Referer). */
function egressSummary(browser: AuditBrowser, since: number, target: Target, pages: PageFacts[]): EgressSummary | undefined {
  const egress = browser.egress;
  if (!egress) return undefined;
  const hosts = new Set<string>();
  for (const u of [target.url, ...pages.map((p) => p.finalUrl)]) {
    try {
      hosts.add(new URL(u).host);
    } catch {
      // not a URL: nothing to match
    }
  }
  const ours = egress.refusals.filter((r) => {
    if (r.at < since || r.failure !== 'blocked') return false;
    try {
      if (r.referer && hosts.has(new URL(r.referer).host)) return true;
      return hosts.has(new URL(r.url.replace(/^connect:/, 'http:')).host);
    } catch {
      return false;
    }
  });
  if (ours.length === 0) return undefined;
  return { blocked: ours.length, blockedRequests: ours.slice(0, 20).map((r) => ({ url: r.url, message: r.message })) };
}

function withEgress(summary: EgressSummary | undefined): { egress?: EgressSummary } {
  return summary ? { egress: summary } : {};
}

function artifactRobotsDisallowed(artifacts: Artifacts): string[] {
  const r = artifacts.robots;
  return r && !('collectorError' in r) ? r.disallowed : [];
}

function robotsSummary(robots: Robots | null, respected: boolean, disallowed: string[]): SiteResult['robots'] {
  return robots ? { respected, status: robots.status, disallowed } : null;
}

function summary(p: PageFacts): SiteResult['pages'][number] {
  return {
    url: p.url,
    finalUrl: p.finalUrl,
    status: p.status,
    roles: p.roles,
    title: p.title,
    foundBy: p.foundBy,
    ...(p.unsettled ? { unsettled: p.unsettled } : {}),
    ...(p.error ? { error: p.error } : {}),
  };
}

export interface ResultParts {
  runId: string;
  target: Target;
  browser: AuditBrowser;
  started: Date;
  timings: SiteResult['timings'];
  robots: Robots | null;
  respectRobots: boolean;
  pages: PageFacts[];
  artifacts: Artifacts;
}

/** The result of a site audited (`indicators`) or failed (`failure`: no indicators, no disallowed pages listed). */
export function siteResult(parts: ResultParts, outcome: { indicators: SiteResult['indicators'] } | { failure: { failure: SiteResult['status']; message: string } }): SiteResult {
  const { runId, target, browser, started, timings, robots, respectRobots, pages, artifacts } = parts;
  const failed = 'failure' in outcome;
  return {
    schemaVersion: SCHEMA_VERSION,
    runId,
    target,
    status: failed ? outcome.failure.failure : 'ok',
    ...(failed ? { message: outcome.failure.message } : {}),
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    timings,
    versions: toolVersions(browser),
    robots: robotsSummary(robots, respectRobots, failed ? [] : artifactRobotsDisallowed(artifacts)),
    pages: pages.map(summary),
    indicators: failed ? {} : outcome.indicators,
    ...withEgress(egressSummary(browser, started.getTime(), target, pages)),
  };
}

/** The one result of a site whose audit could not even start or was cut off (CLI run and service worker). */
export function failureResult(target: Target, runId: string, failure: { failure: SiteResult['status']; message: string }, browser: AuditBrowser | null, startedAt: Date): SiteResult {
  return {
    schemaVersion: SCHEMA_VERSION,
    runId,
    target,
    status: failure.failure,
    message: failure.message,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    versions: toolVersions(browser),
    robots: null,
    pages: [],
    indicators: {},
  };
}
