// Accuracy of the indicators on the lv-* fixture sites: per indicator, the expected fields the audit got right
// (a case = one asserted field of one site's test/golden/<site>.expected.json), then every mismatch.
//   npm run accuracy                  audits every lv-* site in real Chromium (Lighthouse off)
//   npm run accuracy -- --golden      reads the saved golden results (test/golden/<site>.json) instead: no browser
//   npm run accuracy -- --markdown    prints the table as Markdown (for docs/accuracy.md)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../src/audit/browser.ts';
import { serveSites } from '../dev/site-server.ts';
import { allowHosts } from '../src/audit/egress/index.ts';
import type { IndicatorResult } from '../src/types.ts';
import { FIXTURE_SITES } from '../test/helpers/fixtures.ts';
import { auditGolden, casesOf, describeCase, GOLDEN_DIR, goldenSites, judge, readExpected, servedFor, show, stabilise, type Outcome } from '../test/helpers/golden.ts';
import { INDICATORS } from '../src/indicators/index.ts';

const args = process.argv.slice(2);
const fromGolden = args.includes('--golden');
const markdown = args.includes('--markdown');
const sites = goldenSites();
const outcomes: Outcome[] = [];
const started = Date.now();

if (fromGolden) {
  for (const site of sites) {
    const file = join(GOLDEN_DIR, `${site}.json`);
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run golden first`);
    const indicators = (JSON.parse(readFileSync(file, 'utf8')) as { indicators: Record<string, IndicatorResult> }).indicators;
    outcomes.push(...casesOf(site, readExpected(site).expected).map((c) => judge(c, indicators)));
  }
} else {
allowHosts('127.0.0.1'); // fixture sites on loopback (the egress proxy refuses it otherwise)
  const served = await serveSites(FIXTURE_SITES, { only: servedFor(sites) });
  const browser = await launchBrowser();
  try {
    for (const site of sites) {
      const audit = await auditGolden(served, browser, site);
      const indicators = stabilise(audit.indicators, served.origins);
      outcomes.push(...casesOf(site, readExpected(site).expected).map((c) => judge(c, indicators)));
      process.stderr.write(`audited ${site}\n`);
    }
  } finally {
    await browser.close();
    await served.close();
  }
}

// Per indicator, in registry order, then any expected indicator the registry does not have.
const ids = [...new Set([...INDICATORS.map((i) => i.id).filter((id) => outcomes.some((o) => o.indicator === id)), ...outcomes.map((o) => o.indicator)])];
const rows = ids.map((id) => {
  const mine = outcomes.filter((o) => o.indicator === id);
  const right = mine.filter((o) => o.ok).length;
  const registered = INDICATORS.some((i) => i.id === id);
  return { id, right, cases: mine.length, sites: new Set(mine.map((o) => o.site)).size, registered };
});
const right = outcomes.filter((o) => o.ok).length;
const pct = (a: number, b: number) => (b === 0 ? '–' : `${Math.round((a / b) * 100)} %`);

if (markdown) {
  console.log('| indicator | cases right / cases | share | sites |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| \`${r.id}\`${r.registered ? '' : ' (not in the registry)'} | ${r.right} / ${r.cases} | ${pct(r.right, r.cases)} | ${r.sites} |`);
  console.log(`| **all** | **${right} / ${outcomes.length}** | **${pct(right, outcomes.length)}** | ${sites.length} |`);
  console.log('\n| site | indicator | field | expected | actual |\n|---|---|---|---|---|');
  for (const o of outcomes.filter((x) => !x.ok)) console.log(`| ${o.site} | \`${o.indicator}\` | ${o.field} | \`${show(o.expected)}\` | \`${show(o.actual).slice(0, 160)}\` |`);
} else {
  const w = Math.max(...rows.map((r) => r.id.length), 9);
  console.log(`${'indicator'.padEnd(w)}  right/cases  share`);
  for (const r of rows) console.log(`${r.id.padEnd(w)}  ${`${r.right}/${r.cases}`.padStart(11)}  ${pct(r.right, r.cases).padStart(5)}${r.registered ? '' : '  (not in the registry)'}`);
  console.log(`${'all'.padEnd(w)}  ${`${right}/${outcomes.length}`.padStart(11)}  ${pct(right, outcomes.length).padStart(5)}   (${sites.length} sites, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  const wrong = outcomes.filter((o) => !o.ok);
  if (wrong.length > 0) {
    console.log(`\nMismatches (${wrong.length}):`);
    for (const o of wrong) console.log(`  ✗ ${describeCase(o)}: expected ${show(o.expected)}, got ${show(o.actual).slice(0, 300)}`);
  }
}
