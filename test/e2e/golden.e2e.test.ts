// The golden fixture sites end to end: every lv-* site under test/fixtures/sites is audited in real Chromium (one
// browser for the file, Lighthouse off, two sites at a time) and every field of its expected answers
// (test/golden/<site>.expected.json, written from INDICATORS.md by hand) is one test case. Expectations are what a
// careful expert would record, not what the code happens to output: a failing case is an indicator to fix, never an
// expectation to relax. `npm run golden` rewrites the golden results (test/golden/<site>.json) for review diffs;
// `npm run accuracy` prints the same comparison as a table.
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IndicatorResult } from '../../src/types.ts';
import { startFixtures } from '../helpers/fixtures.ts';
import { auditGolden, casesOf, goldenSites, judge, readExpected, servedFor, show, stabilise } from '../helpers/golden.ts';
import { schemaErrors } from '../helpers/schema.ts';

const SITES = goldenSites();
const CASES = new Map(SITES.map((site) => [site, casesOf(site, readExpected(site).expected)] as const));

let env: Awaited<ReturnType<typeof startFixtures>> | undefined;
/** Per site: its indicator results (origins made stable), or why it could not be audited. */
const results = new Map<string, Record<string, IndicatorResult> | Error>();

beforeAll(async () => {
  env = await startFixtures(servedFor(SITES));
  const { sites, browser } = env;
  const limit = pLimit(2);
  await Promise.all(
    SITES.map((site) =>
      limit(async () => {
        try {
          const audit = await auditGolden(sites, browser, site);
          if (audit.result.status !== 'ok') throw new Error(`${site} could not be audited: ${audit.result.status} ${audit.result.message ?? ''}`);
          const schema = schemaErrors(audit.result);
          if (schema.length > 0) throw new Error(`${site}: the result does not match the schema: ${schema.join('; ')}`);
          results.set(site, stabilise(audit.indicators, sites.origins));
        } catch (err) {
          results.set(site, err instanceof Error ? err : new Error(String(err)));
        }
      }),
    ),
  );
}, 420_000);

afterAll(async () => {
  await env?.close();
});

test('every lv-* fixture site has expected answers', () => {
  expect(SITES.length).toBeGreaterThanOrEqual(15);
  for (const site of SITES) expect(CASES.get(site)!.length, site).toBeGreaterThan(0);
});

describe.each(SITES)('%s', (site) => {
  const cases = CASES.get(site)!;
  test.each(cases.map((c) => [`${c.indicator} ${c.field}`, c] as const))('%s', (_name, c) => {
    const indicators = results.get(site);
    if (indicators === undefined) throw new Error(`${site} was not audited`);
    if (indicators instanceof Error) throw indicators;
    const outcome = judge(c, indicators);
    expect(outcome.ok, `${site} ${c.indicator} ${c.field}: expected ${show(c.expected)}, got ${show(outcome.actual)}`).toBe(true);
  });
});
