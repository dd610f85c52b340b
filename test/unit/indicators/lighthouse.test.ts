import { describe, expect, test } from 'vitest';
import lighthouse from '../../../src/indicators/lighthouse.ts';
import { isTransientRuntimeError, KEPT_AUDITS, TRANSIENT_RUNTIME_ERRORS, lighthouseFacts, unweightedAudits } from '../../../src/collectors/lighthouse-facts.ts';
import defaultConfig from 'lighthouse/core/config/default-config.js';
import type { Target } from '../../../src/types.ts';
import type { LighthouseFacts } from '../../../src/artifacts.ts';

const ctx = { target: { id: 't', name: 'T', type: 'county', url: 'https://t.lv/' } as Target, now: new Date(), results: {} };
const facts = (categories: LighthouseFacts['categories'], runtimeError: LighthouseFacts['runtimeError'] = null): LighthouseFacts => ({
  url: 'https://t.lv/',
  lighthouseVersion: '13.5.0',
  categories,
  runtimeError,
  audits: {},
  durationMs: 3000,
});
const evaluate = (f: LighthouseFacts) => lighthouse.evaluate({ lighthouse: f }, lighthouse.defaultOptions, ctx);

describe('lighthouse indicator', () => {
  test('score is the mean of accessibility, best practices and SEO', () => {
    const r = evaluate(facts({ accessibility: 1, bestPractices: 0.8, seo: 0.9, performance: 0.2 }));
    expect(r.score).toBe(0.9);
    expect(r.value).toEqual({ accessibility: 1, bestPractices: 0.8, seo: 0.9, performance: 0.2, runtimeError: null });
    expect(r.outcome).toBe('pass');
  });

  test('a runtime error is "not measured", never a zero score', () => {
    const r = evaluate(facts({ accessibility: null, bestPractices: null, seo: null, performance: null }, { code: 'ERRORED_DOCUMENT_REQUEST', message: 'Status code: 404' }));
    expect(r.score).toBeNull();
    expect(r.outcome).toBe('error');
    expect(r.reason).toMatch(/ERRORED_DOCUMENT_REQUEST/);
    expect((r.value as { runtimeError: string }).runtimeError).toMatch(/^ERRORED_DOCUMENT_REQUEST/);
  });

  test('null categories are left out of the mean', () => {
    expect(evaluate(facts({ accessibility: 0.6, bestPractices: null, seo: null, performance: null })).score).toBe(0.6);
  });

  test('lighthouseFacts reads an LHR', () => {
    const lhr = {
      lighthouseVersion: '13.5.0',
      categories: { accessibility: { score: 0.97 }, 'best-practices': { score: 1 }, seo: { score: 0.92 }, performance: { score: null } },
      audits: { viewport: { score: 1, title: 'Has a viewport tag' }, 'unrelated-audit': { score: 0, title: 'x' } },
    };
    const f = lighthouseFacts('https://t.lv/', lhr, 1234);
    expect(f.categories).toEqual({ accessibility: 0.97, bestPractices: 1, seo: 0.92, performance: null });
    expect(Object.keys(f.audits)).toEqual(['viewport']);
    expect(f.runtimeError).toBeNull();
  });
});

describe('isTransientRuntimeError: which Lighthouse runtime errors are tried again', () => {
  test.each([
    ['PROTOCOL_TIMEOUT', 'Waiting for DevTools protocol response has exceeded the allotted time. (Method: Page.enable)', true],
    ['NO_FCP', 'The page did not paint any content.', true],
    ['TARGET_CRASHED', 'Browser tab has unexpectedly crashed.', true],
    ['PAGE_HUNG', 'Lighthouse was unable to reliably load the URL you requested because the page stopped responding.', true],
    ['ERRORED_DOCUMENT_REQUEST', 'Lighthouse was unable to reliably load the page you requested. (Status code: 503)', true],
    ['ERRORED_DOCUMENT_REQUEST', 'Lighthouse was unable to reliably load the page you requested. (Status code: 404)', false],
    ['NOT_HTML', 'The page provided is not HTML (served as MIME type application/pdf).', false],
    ['DNS_FAILURE', 'DNS servers could not resolve the provided domain.', false],
    ['CHROME_INTERSTITIAL_ERROR', 'Chrome prevented page load with an interstitial.', false],
  ])('%s (%s) -> %s', (code, message, expected) => {
    expect(isTransientRuntimeError({ code, message })).toBe(expected);
  });

  test('every code it names is one Lighthouse has', async () => {
    const { LighthouseError } = await import('lighthouse/core/lib/lh-error.js');
    const known = new Set(Object.values((LighthouseError as unknown as { errors: Record<string, { code: string }> }).errors).map((e) => e.code));
    for (const code of TRANSIENT_RUNTIME_ERRORS) expect(known.has(code), code).toBe(true);
  });
});

describe('unweightedAudits: what Lighthouse may leave out without changing a category score', () => {
  const categories = ['accessibility', 'best-practices', 'seo', 'performance'];
  const config = defaultConfig as unknown as { categories: Record<string, { auditRefs: { id: string; weight: number }[] }> };
  const weighted = new Set(categories.flatMap((c) => config.categories[c]!.auditRefs.filter((r) => r.weight > 0).map((r) => r.id)));

  test('leaves out the performance diagnostics and the costly gatherers’ audits, never a weighted audit', () => {
    const skipped = unweightedAudits(categories);
    expect(skipped).toEqual(expect.arrayContaining(['unused-javascript', 'unused-css-rules', 'bf-cache', 'screenshot-thumbnails', 'valid-source-maps']));
    expect(skipped.filter((id) => weighted.has(id))).toEqual([]);
    for (const metric of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']) expect(skipped).not.toContain(metric);
    // The audits the artifact keeps to explain findings stay, whatever their weight.
    expect(skipped.filter((id) => KEPT_AUDITS.includes(id))).toEqual([]);
  });

  test('only the categories asked for: without performance, no performance audit is named', () => {
    const skipped = unweightedAudits(['seo']);
    expect(skipped).toEqual(['structured-data']);
  });
});
