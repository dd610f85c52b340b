// Transient trouble must not become a hole in the index. A home-page collector whose page load stalls once (the site's
// 2nd request of "/" never answers) is tried again and measured; with retries off the same stall leaves indicators not
// measured, marked transient. A server that answers every request after 1.5 s gets page waits in proportion to its
// home page's load time; with that scaling off, its collectors time out. Real Chromium.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditSite } from '../../src/audit/runner.ts';
import { silentLogger } from '../../src/log.ts';
import { isCollectorError, type Artifacts } from '../../src/artifacts.ts';
import { serveSites, type ServedSites } from '../../dev/site-server.ts';
import { FIXTURE_SITES, fixtureTarget, startFixtures, testConfig } from '../helpers/fixtures.ts';

let env: Awaited<ReturnType<typeof startFixtures>>;
beforeAll(async () => {
  env = await startFixtures(['stall-once', 'slow-server']);
});
afterAll(async () => {
  await env?.close();
});

function config(collectorRetries: number, navigationTimeoutMs = 3000, slowSiteFactor = 2.5) {
  const base = testConfig();
  return testConfig({
    navigationTimeoutMs,
    lighthouse: { ...base.crawl.lighthouse, enabled: false },
    timings: { ...base.crawl.timings, collectorRetries, slowSiteFactor },
  });
}

const failed = (artifacts: Artifacts) => Object.entries(artifacts).filter(([, v]) => isCollectorError(v));

async function auditOn(sites: ServedSites, retries: number) {
  return auditSite(fixtureTarget(sites, 'stall-once'), { browser: env.browser, config: config(retries), runId: 'retry-run', log: silentLogger });
}

test('one stalled home-page load is tried again: every collector measured', async () => {
  const { result, artifacts } = await auditOn(env.sites, 1);
  expect(result.status).toBe('ok');
  expect(failed(artifacts)).toEqual([]);
  for (const [id, i] of Object.entries(result.indicators)) if (id !== 'lighthouse') expect(i.outcome, id).not.toBe('error');
  // The stall happened: the home page was asked for once more than the audit needs (the crawl's load, which the
  // desktop collectors share, and the phone's load: 2).
  const homeRequests = env.sites.requests['stall-once']!.filter((r) => r.path === '/').length;
  expect(homeRequests).toBeGreaterThanOrEqual(3);
});

test('with retries off, the same stall leaves collectors failed, marked transient', async () => {
  const fresh = await serveSites(FIXTURE_SITES, { only: ['stall-once'] });
  try {
    const { result, artifacts } = await auditOn(fresh, 0);
    expect(result.status).toBe('ok');
    const errors = failed(artifacts);
    // The stalled load is the phone's (the desktop collectors share the crawl's page); a stall can cost more than one
    // collector when a load of "/" waits behind it for Chromium's cache entry.
    expect(errors.length).toBeGreaterThanOrEqual(1);
    for (const [, e] of errors) expect(e).toMatchObject({ transient: true, collectorError: expect.stringMatching(/Timeout 3000ms/) });
    // (lighthouse is off in these audits: not collected, not part of the question)
    const unmeasured = Object.entries(result.indicators).filter(([id, i]) => id !== 'lighthouse' && i.outcome === 'error').map(([, i]) => i);
    expect(unmeasured.length).toBeGreaterThanOrEqual(1);
    for (const i of unmeasured) expect(i.reason).toMatch(/failed: page.goto: Timeout 3000ms/);
  } finally {
    await fresh.close();
  }
});

describe('a slow server (every answer after 1.5 s; navigation timeout 4 s, retries off)', () => {
  const slow = (factor: number) =>
    auditSite(fixtureTarget(env.sites, 'slow-server'), { browser: env.browser, config: config(0, 4000, factor), runId: 'slow-run', log: silentLogger });

  test('page waits scaled to its home page load: every collector measured', async () => {
    const { result, artifacts } = await slow(2.5);
    expect(result.status).toBe('ok');
    expect(failed(artifacts)).toEqual([]);
  });

  test('without the scaling (factor 1), its phone view times out', async () => {
    // The phone view loads two more scripts in a row (~4.5 s): past the 4 s timeout, inside the scaled ~8.5 s.
    const { artifacts } = await slow(1);
    expect(failed(artifacts).map(([id]) => id)).toEqual(['mobile']);
    expect(artifacts.mobile).toMatchObject({ transient: true, collectorError: expect.stringMatching(/Timeout 4000ms/) });
  });
});
