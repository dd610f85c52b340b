// Lighthouse failures (hardening item 9): Lighthouse, for real, on pages it cannot measure — 404, 500, a PDF, a blank
// page, endless JavaScript, a self-signed and an expired certificate. Each must end as "not measured" (score null,
// outcome error) with Lighthouse's error code, and no score anywhere may be computed from a null category: not the
// indicator's, not the dimension's when the indicator is weighted. One Chromium, one Lighthouse run per case.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runLighthouse } from '../../src/collectors/lighthouse.ts';
import { launchBrowser, type AuditBrowser } from '../../src/audit/browser.ts';
import { loadScoring } from '../../src/config.ts';
import { runIndicators } from '../../src/indicators/indicator.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import lighthouseIndicator from '../../src/indicators/lighthouse.ts';
import { scoreSite } from '../../src/score/score.ts';
import { serveSites, type ServedSites } from '../../dev/site-server.ts';
import type { SiteResult } from '../../src/types.ts';
import type { Artifacts, LighthouseFacts } from '../../src/artifacts.ts';
import { FIXTURE_SITES, fixtureTarget, testConfig } from '../helpers/fixtures.ts';
import { testCertificates } from '../helpers/tls.ts';

/** Case → [site, path, what the "not measured" reason must name]. */
const CASES: Record<string, [string, string, RegExp]> = {
  'HTTP 404': ['home-404', '/', /ERRORED_DOCUMENT_REQUEST.*404/],
  'HTTP 500': ['server-error', '/500', /ERRORED_DOCUMENT_REQUEST.*500/],
  'not HTML (PDF)': ['not-html', '/', /NOT_HTML/],
  'blank page': ['blank', '/', /NO_FCP/],
  'self-signed certificate': ['tls-self-signed', '/', /INSECURE_DOCUMENT_REQUEST|ERR_CERT/],
  'expired certificate': ['tls-expired', '/', /INSECURE_DOCUMENT_REQUEST|ERR_CERT/],
  // Last: a hung Lighthouse run keeps the one-at-a-time slot after its timeout (collectors/lighthouse.ts).
  'endless JavaScript': ['endless-js', '/', /PAGE_HUNG|NO_FCP|did not finish/],
};
/** Lighthouse's own time limit: room for a loaded machine; the page that hangs for ever gets a short one. */
const timeoutMs = (site: string) => (site === 'endless-js' ? 20_000 : 60_000);

let sites: ServedSites;
let browser: AuditBrowser;

beforeAll(async () => {
  const certs = testCertificates();
  sites = await serveSites(FIXTURE_SITES, { only: [...new Set(Object.values(CASES).map(([s]) => s))], tls: { 'tls-self-signed': certs.selfSigned, 'tls-expired': certs.expired } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await sites?.close();
});

test(`${Object.keys(CASES).length} Lighthouse failures: each "not measured" with its code; 0 scores from a null category`, async () => {
  const crawl = testConfig().crawl;
  // The configured settings, with shorter waits for a first paint that will never come (the subject is the
  // outcome, not how long Lighthouse waits for it).
  const settings = { ...crawl.lighthouse.settings, maxWaitForFcp: 6000, maxWaitForLoad: 10_000 };
  // The scores as configured, with Lighthouse weighted in the technical dimension, so a dimension score depends on it.
  const scoring = loadScoring(INDICATORS);
  scoring.dimensions.technical.weights = Object.fromEntries(Object.keys(scoring.dimensions.technical.weights).map((id) => [id, id === 'lighthouse' ? 1 : 0]));

  const rows: { name: string; reason: string; ms: number }[] = [];
  let scoresFromNull = 0;
  for (const [name, [site, path, expected]] of Object.entries(CASES)) {
    const target = fixtureTarget(sites, site);
    const url = new URL(path, target.url).href;
    const started = Date.now();
    const artifacts: Artifacts = {};
    try {
      artifacts.lighthouse = await runLighthouse(url, { port: browser.port, userAgent: browser.userAgent, timeoutMs: timeoutMs(site), settings });
    } catch (err) {
      artifacts.lighthouse = { collectorError: (err as Error).message.split('\n')[0]!.slice(0, 300) };
    }
    const ms = Date.now() - started;
    const indicators = runIndicators([lighthouseIndicator], artifacts, { target, now: new Date() }, {});
    const r = indicators.lighthouse!;
    rows.push({ name, reason: r.reason ?? '', ms });

    // "Not measured", with the code, and every category null.
    expect([name, r.score, r.outcome]).toEqual([name, null, 'error']);
    expect(r.reason, name).toMatch(expected);
    const facts = artifacts.lighthouse as LighthouseFacts | { collectorError: string };
    const categories = 'categories' in facts ? Object.values(facts.categories) : [];
    // A score computed while a category is null: the indicator's own, or a dimension's built on it.
    const result: SiteResult = {
      schemaVersion: 1,
      runId: 'lh',
      target,
      status: 'ok',
      startedAt: new Date().toISOString(),
      durationMs: ms,
      versions: { auditor: 'test', node: process.version, chromium: browser.version, axeCore: 'n/a', lighthouse: 'n/a' },
      robots: null,
      pages: [],
      indicators,
    };
    const technical = scoreSite(result, scoring).dimensions.technical;
    if (categories.some((c) => c === null) && r.score !== null) scoresFromNull++;
    if (technical.score !== null) scoresFromNull++;
    expect(technical.missing.map((m) => m.id), name).toEqual(['lighthouse']);
  }
  console.log(rows.map((r) => `[lighthouse-failures] ${r.name.padEnd(24)} ${(r.ms / 1000).toFixed(1).padStart(5)} s  ${r.reason.slice(0, 150)}`).join('\n'));
  console.log(`[lighthouse-failures] cases ${rows.length}; reported "not measured" with a code ${rows.filter((r) => r.reason).length}; scores computed from a null category ${scoresFromNull}`);
  expect(scoresFromNull).toBe(0);
}, 400_000);
