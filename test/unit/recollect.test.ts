// The pure parts of measuring again (src/audit/recollect.ts): which collectors a follow-up measures, how its artifacts
// join the saved ones, and how a collector that kept failing is marked final.
import { describe, expect, test } from 'vitest';
import { mergeArtifacts, spendRetries, transientFailures } from '../../src/audit/recollect.ts';
import type { Artifacts, Screenshot } from '../../src/artifacts.ts';

const shot = (name: string, png = 'AAAA'): Screenshot => ({ name, url: 'https://a.lv/', width: 1, height: 1, png }) as Screenshot;

describe('transientFailures', () => {
  test('home-page collectors whose error is transient and not yet given up on, in declaration order', () => {
    const artifacts = {
      motion: { collectorError: 'page.goto: Timeout 3000ms exceeded', transient: true },
      keyboard: { collectorError: 'Target page closed', transient: true, attempts: 2 },
      textResize: { collectorError: 'TypeError: x is undefined' },
      mobile: { collectorError: 'Timeout', transient: true, retriesSpent: true },
      axe: { collectorError: 'Timeout', transient: true },
    } as unknown as Artifacts;
    expect(transientFailures(artifacts)).toEqual(['motion', 'keyboard']);
    expect(transientFailures({})).toEqual([]);
  });
});

describe('mergeArtifacts', () => {
  test('new artifacts replace the saved ones; screenshots merge by name', () => {
    const saved = {
      keyboard: { collectorError: 'Timeout', transient: true },
      robots: { any: 1 },
      screenshots: [shot('home-el-1'), shot('phone-viewport', 'OLD')],
    } as unknown as Artifacts;
    const fresh = { keyboard: { tabStops: [] }, screenshots: [shot('phone-viewport', 'NEW')] } as unknown as Artifacts;
    const merged = mergeArtifacts(saved, fresh);
    expect(merged.keyboard).toEqual({ tabStops: [] });
    expect(merged.robots).toEqual({ any: 1 });
    expect((merged.screenshots as Screenshot[]).map((s) => [s.name, s.png])).toEqual([
      ['home-el-1', 'AAAA'],
      ['phone-viewport', 'NEW'],
    ]);
    expect(mergeArtifacts(saved, { motion: { x: 1 } } as unknown as Artifacts).screenshots).toBe(saved.screenshots);
  });
});

describe('spendRetries', () => {
  test('counts the audit\'s attempts and the follow-up\'s, keeps the newest message, marks the error final', () => {
    const saved = { keyboard: { collectorError: 'old', transient: true, attempts: 2 }, motion: { collectorError: 'old', transient: true } } as unknown as Artifacts;
    const now = { keyboard: { collectorError: 'new', transient: true }, motion: { collectorError: 'newer', transient: true }, mobile: { width: 1 } } as unknown as Artifacts;
    const out = spendRetries(now, ['keyboard', 'motion', 'mobile'], saved, 3);
    expect(out.keyboard).toEqual({ collectorError: 'new', transient: true, attempts: 5, retriesSpent: true });
    expect(out.motion).toEqual({ collectorError: 'newer', transient: true, attempts: 4, retriesSpent: true });
    expect(out.mobile).toEqual({ width: 1 });
    expect(transientFailures(out)).toEqual([]);
  });
});
