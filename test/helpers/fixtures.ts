// Shared set-up for browser tests: the fixture sites on 127.0.0.1, one Chromium per test file, quiet config.
import { join } from 'node:path';
import { launchBrowser, type AuditBrowser } from '../../src/audit/browser.ts';
import { loadConfig, REPO_ROOT, type Config, type CrawlConfig } from '../../src/config.ts';
import { serveSites, type ServedSites } from '../../dev/site-server.ts';
import type { Target, TargetType } from '../../src/types.ts';

export const FIXTURE_SITES = join(REPO_ROOT, 'test', 'fixtures', 'sites');

export function testConfig(crawl: Partial<CrawlConfig> = {}): Config {
  // Short timeouts: fixture sites answer in milliseconds, and the slow ones must fail fast.
  return loadConfig(undefined, { navigationTimeoutMs: 5000, settleMs: 300, siteTimeoutMs: 60_000, ...crawl });
}

export function fixtureTarget(sites: ServedSites, name: string, type: TargetType = 'institution'): Target {
  return { id: name, name: `Fixture ${name}`, type, sector: 'VARAM', url: `${sites.origins[name]}/` };
}

export async function startFixtures(only?: string[]): Promise<{ sites: ServedSites; browser: AuditBrowser; close(): Promise<void> }> {
  const sites = await serveSites(FIXTURE_SITES, only ? { only } : {});
  const browser = await launchBrowser();
  return {
    sites,
    browser,
    async close() {
      await browser.close();
      await sites.close();
    },
  };
}
