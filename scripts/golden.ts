// Regenerates the golden results of the lv-* fixture sites: audits each site in real Chromium (Lighthouse off) and
// writes test/golden/<site>.json with every indicator's value and evidence, origins replaced by
// http://<site>.fixture.test, statement ages counted from a fixed date. Review the diff before committing it.
//   npm run golden                  all lv-* sites
//   npm run golden -- lv-none ...   only these
// It also prints how each site's result compares with its expected answers (test/golden/<site>.expected.json).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../src/audit/browser.ts';
import { serveSites } from '../dev/site-server.ts';
import { allowHosts } from '../src/audit/egress/index.ts';
import { FIXTURE_SITES } from '../test/helpers/fixtures.ts';
import { auditGolden, casesOf, describeCase, GOLDEN_DIR, goldenFile, goldenSites, judge, readExpected, servedFor, show, stabilise } from '../test/helpers/golden.ts';

const all = goldenSites();
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((s) => !all.includes(s));
if (unknown.length > 0) {
  console.error(`unknown site(s): ${unknown.join(', ')}; the lv-* sites are: ${all.join(', ')}`);
  process.exit(2);
}
const names = asked.length > 0 ? asked : all;

allowHosts('127.0.0.1'); // fixture sites on loopback (the egress proxy refuses it otherwise)
const sites = await serveSites(FIXTURE_SITES, { only: servedFor(names) });
const browser = await launchBrowser();
let failed = 0;
try {
  for (const site of names) {
    const started = Date.now();
    const audit = await auditGolden(sites, browser, site);
    const file = join(GOLDEN_DIR, `${site}.json`);
    writeFileSync(file, JSON.stringify(goldenFile(site, audit, sites.origins), null, 2) + '\n');
    const indicators = stabilise(audit.indicators, sites.origins);
    const outcomes = casesOf(site, readExpected(site).expected).map((c) => judge(c, indicators));
    const wrong = outcomes.filter((o) => !o.ok);
    failed += wrong.length;
    console.log(`${site}: ${audit.result.status}, ${audit.result.pages.length} pages, ${Date.now() - started} ms; expected ${outcomes.length - wrong.length}/${outcomes.length} → ${file}`);
    for (const o of wrong) console.log(`  ✗ ${describeCase(o)}: expected ${show(o.expected)}, got ${show(o.actual)}`);
  }
} finally {
  await browser.close();
  await sites.close();
}
if (failed > 0) console.log(`\n${failed} expected field(s) differ: see scripts/accuracy.ts and docs/accuracy.md`);
