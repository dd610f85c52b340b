// Lighthouse's own HTML report in the built reports: stored gzipped with a site's artifacts, written decompressed as
// sites/<id>.lighthouse.html and linked from the Lighthouse section; no file and no link for a site without one.
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import { buildReport, lighthouseReportFile, lighthouseReportSite } from '../../../src/publish/report/build.ts';
import { INDICATORS } from '../../../src/indicators/index.ts';
import { runIndicators } from '../../../src/indicators/indicator.ts';
import { SqliteStore } from '../../../src/store/store.ts';
import type { Artifacts, LighthouseFacts } from '../../../src/artifacts.ts';
import type { SiteResult } from '../../../src/types.ts';
import { recorded } from '../../helpers/artifacts.ts';
import { recordedResult } from '../../helpers/report-fixtures.ts';

const HTML = '<!doctype html><html lang="en"><title>Lighthouse Report</title><body>Lighthouse 13 — ā</body></html>';
const FACTS: LighthouseFacts = {
  url: 'http://fixture.test/clean/',
  lighthouseVersion: '13.5.0',
  categories: { accessibility: 1, bestPractices: 0.96, seo: 0.92, performance: 0.8 },
  runtimeError: null,
  audits: {},
  durationMs: 12_000,
};

const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

/** A recorded site with the given Lighthouse artifact, evaluated as the audit would. */
function site(name: string, lighthouse: Artifacts['lighthouse'] | undefined): { result: SiteResult; artifacts: Artifacts } {
  const { result } = recordedResult(name, 'ministry');
  const artifacts: Artifacts = { ...recorded(name), ...(lighthouse ? { lighthouse } : {}) };
  return { result: { ...result, runId: 'r1', indicators: runIndicators(INDICATORS, artifacts, { target: result.target, now: new Date('2026-11-23T01:00:00.000Z') }) }, artifacts };
}

async function storeWith(reportHtmlGz: string): Promise<SqliteStore> {
  const store = new SqliteStore(':memory:');
  stores.push(store);
  await store.openRun('r1', 'audit', 2, '2026-11-23T01:00:00.000Z');
  for (const s of [site('clean', { ...FACTS, reportHtmlGz }), site('violations', { collectorError: 'Lighthouse did not finish in 90000 ms' })]) {
    await store.saveSite(s.result, s.artifacts);
  }
  return store;
}

describe("Lighthouse's HTML report in the built report", () => {
  test('written decompressed beside the site page and linked from the Lighthouse section (hreflang="en")', async () => {
    const { files } = await buildReport(await storeWith(gzipSync(HTML).toString('base64')), 'r1');
    expect(String(files.get('sites/clean.lighthouse.html'))).toBe(HTML);
    const lv = String(files.get('sites/clean.html'));
    const section = lv.slice(lv.indexOf('<section class="indicator" id="ind-lighthouse"'));
    expect(section.slice(0, section.indexOf('</section>'))).toContain('<p class="lh-report"><a href="clean.lighthouse.html" hreflang="en">Pilns Lighthouse pārskats (angļu valodā)</a></p>');
    expect(String(files.get('sites/clean.en.html'))).toContain('<a href="clean.lighthouse.html" hreflang="en">Full Lighthouse report</a>');
    // Only in its own file: not in the exports.
    for (const f of ['data/index.csv', 'data/results.jsonl', 'data/summary.json']) expect(String(files.get(f)), f).not.toContain('Lighthouse Report');
  });

  test('a site whose Lighthouse failed has neither the file nor the link', async () => {
    const { files } = await buildReport(await storeWith(gzipSync(HTML).toString('base64')), 'r1');
    expect(files.has('sites/violations.lighthouse.html')).toBe(false);
    expect(String(files.get('sites/violations.html'))).not.toContain('lighthouse.html');
    expect(String(files.get('sites/violations.html'))).toContain('id="ind-lighthouse"');
  });

  test('for the API: no file in the build (it is served from the store), the same link', async () => {
    const store = await storeWith(gzipSync(HTML).toString('base64'));
    const { files } = await buildReport(store, 'r1', { lighthouseFiles: false });
    expect(files.has('sites/clean.lighthouse.html')).toBe(false);
    expect(String(files.get('sites/clean.html'))).toContain('<a href="clean.lighthouse.html" hreflang="en">');
    expect(String(await lighthouseReportFile(store, 'r1', 'clean'))).toBe(HTML);
    expect(await lighthouseReportFile(store, 'r1', 'violations')).toBeNull();
  });

  test('the paths that name a Lighthouse report', () => {
    expect(lighthouseReportSite('sites/clean.lighthouse.html')).toBe('clean');
    expect(lighthouseReportSite('sites/a-1.lighthouse.html')).toBe('a-1');
    for (const other of ['sites/clean.html', 'sites/clean.en.html', 'clean.lighthouse.html', 'sites/../x.lighthouse.html', 'sites/a/b.lighthouse.html', 'sites/.lighthouse.html']) {
      expect(lighthouseReportSite(other), other).toBeNull();
    }
  });

  test('a stored report that is not gzip fails the build naming the run and the site', async () => {
    await expect(buildReport(await storeWith(Buffer.from('<html>plain</html>').toString('base64')), 'r1')).rejects.toThrow(/run "r1", site "clean": the stored Lighthouse report is not valid gzip/);
  });
});
