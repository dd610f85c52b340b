import type { Dimension } from '../../src/types.ts';
import { describe, expect, test } from 'vitest';
import { aggregateRun, BREAKDOWNS, GROUPS, type Aggregates, type GroupAggregate } from '../../src/score/aggregate.ts';
import type { SiteResult, TargetType } from '../../src/types.ts';
import { fakeIndicator, indicator, site, SMALL_REGISTRY, SMALL_SCORING, SPEC_INDICATORS, SPEC_REGISTRY, scoringOf, smallScoringRaw } from '../helpers/score-fixtures.ts';

const group = (a: Aggregates, id: string): GroupAggregate => a.groups.find((g) => g.id === id)!;
const sector = (a: Aggregates, code: string): GroupAggregate => a.sectors.find((g) => g.id === code)!;

/** A site whose four e-index dimensions all score `points` (SMALL_SCORING: one indicator each, plus b for communication). */
function at(points: number | null, type: TargetType, id: string, sectorCode?: string): SiteResult {
  const s = points === null ? null : points / 100;
  return site({ id, type, ...(sectorCode ? { sector: sectorCode } : {}), indicators: { a: s, b: s, c: s, d: s, e: s } });
}

describe('levels by group', () => {
  const results = [
    at(10, 'ministry', 'fm', 'FM'), // level 1
    at(41, 'ministry', 'tm', 'TM'), // level 2
    at(75, 'institution', 'vid', 'FM'), // level 3
    at(93, 'institution', 'kase', 'FM'), // level 5
    at(null, 'institution', 'nothing', 'FM'), // audited, nothing measured: not scored
    site({ id: 'down', type: 'institution', sector: 'FM', status: 'timeout', message: 'Lapa neatbild' }),
    at(60, 'state-company', 'lvrtc', 'SM'), // level 3
    at(85, 'independent', 'vk'), // level 4
    at(30, 'state-city', 'riga'), // level 2
    at(62, 'county', 'cesis'), // level 3
    site({ id: 'gone', type: 'county', status: 'dns' }),
    site({ id: 'gone2', type: 'county', status: 'dns' }),
  ];
  const a = aggregateRun(results, SMALL_SCORING, SMALL_REGISTRY);

  test('groups are the seeds’ groups, always all present, in a fixed order', () => {
    expect(a.groups.map((g) => g.id)).toEqual(['all', 'institutions', 'ministry', 'institution', 'state-company', 'independent', 'municipalities', 'state-city', 'county']);
    expect(group(a, 'municipalities').types).toEqual(['state-city', 'county']);
  });

  test.each<[string, number, number, number, Record<string, number>]>([
    // group, sites, audited, not audited, level counts (levels 1..5 as "1".."5")
    ['all', 12, 9, 3, { 1: 1, 2: 2, 3: 3, 4: 1, 5: 1 }],
    ['institutions', 8, 7, 1, { 1: 1, 2: 1, 3: 2, 4: 1, 5: 1 }],
    ['ministry', 2, 2, 0, { 1: 1, 2: 1, 3: 0, 4: 0, 5: 0 }],
    ['institution', 4, 3, 1, { 1: 0, 2: 0, 3: 1, 4: 0, 5: 1 }],
    ['state-company', 1, 1, 0, { 3: 1 }],
    ['independent', 1, 1, 0, { 4: 1 }],
    ['municipalities', 4, 2, 2, { 2: 1, 3: 1 }],
    ['state-city', 1, 1, 0, { 2: 1 }],
    ['county', 3, 1, 2, { 3: 1 }],
  ])('%s: %d sites, %d audited, %d not audited', (id, sites, audited, notAudited, counts) => {
    const g = group(a, id);
    expect([g.sites, g.audited, g.notAudited.count]).toEqual([sites, audited, notAudited]);
    const overall = g.levels.overall;
    for (const [level, count] of Object.entries(counts)) expect(overall.levels[level as '1'].count, `level ${level}`).toBe(count);
    const n = Object.values(overall.levels).reduce((s, x) => s + x.count, 0);
    expect(overall.n).toBe(n);
    for (const x of Object.values(overall.levels)) expect(x.n).toBe(n);
  });

  test('shares carry count and n; not-audited sites are in no denominator; audited but unscored sites are counted apart', () => {
    const inst = group(a, 'institution');
    expect(inst.levels.overall).toEqual({
      n: 2,
      notScored: 1,
      mean: 84,
      levels: {
        '1': { count: 0, n: 2, share: 0 },
        '2': { count: 0, n: 2, share: 0 },
        '3': { count: 1, n: 2, share: 0.5 },
        '4': { count: 0, n: 2, share: 0 },
        '5': { count: 1, n: 2, share: 0.5 },
      },
    });
    expect(inst.notAudited).toEqual({ count: 1, n: 4, share: 0.25, byStatus: { timeout: 1 } });
    expect(group(a, 'county').notAudited).toEqual({ count: 2, n: 3, share: 0.6667, byStatus: { dns: 2 } });
  });

  test('per dimension too; a dimension no site can score has n 0 and null shares', () => {
    expect(group(a, 'all').levels.communication.levels['3'].count).toBe(3);
    expect(group(a, 'all').levels.technical).toMatchObject({ n: 0, notScored: 9, mean: null, levels: { '1': { count: 0, n: 0, share: null } } });
  });

  test('sectors: one entry per code on the targets, sorted; sites without a sector counted apart', () => {
    expect(a.sectors.map((s) => s.id)).toEqual(['FM', 'SM', 'TM']);
    expect(sector(a, 'FM')).toMatchObject({ sites: 5, audited: 4, types: ['ministry', 'institution'], label: { lv: 'FM resors', en: 'FM sector' } });
    expect(sector(a, 'FM').levels.overall.levels['5']).toEqual({ count: 1, n: 3, share: 0.3333 });
    expect(sector(a, 'FM').levels.overall.mean).toBe(59.3); // (10 + 75 + 93) / 3
    expect(a.withoutSector).toBe(5); // vk, riga, cesis, gone, gone2
  });

  test('an empty run: every group present with zeros', () => {
    const empty = aggregateRun([], SMALL_SCORING, SMALL_REGISTRY);
    expect(empty.groups).toHaveLength(GROUPS.length);
    expect(group(empty, 'all')).toMatchObject({ sites: 0, audited: 0, notAudited: { count: 0, n: 0, share: null } });
    expect(empty.sectors).toEqual([]);
  });
});

describe('indicator values by group', () => {
  const v = (score: number, value: unknown) => indicator(score, value);
  const results = [
    site({
      id: 'a1',
      type: 'institution',
      indicators: {
        wcag: v(1, { band: 'highest' }),
        mobile: v(1, { mobileFriendly: true, viewport: true, fitsWidth: true, legibleText: true, tapTargets: true }),
        'a11y-statement': v(1, { level: 'complete', complianceStatus: 'partial', contradictsMeasured: false }),
        participation: v(0.33, { homeLink: true, currentConsultations: false, howToParticipate: false }),
        social: v(1, { accounts: [{ platform: 'facebook', url: 'https://www.facebook.com/a1' }, { platform: 'x', url: 'https://x.com/a1' }] }),
        'site-features': v(0.2, { languages: ['en'], problemMap: false, forum: false, appointmentBooking: true, audienceNavigation: false, surveys: false, feedbackInvitation: false }),
        'eservices-info': v(1, { placement: 'homepage', latvijaLvLinks: 3 }),
        'open-data': v(1, { present: true, links: ['https://data.gov.lv/dati/lv/organization/a1'] }),
        'lv-aspects': v(0.9, { 'main-navigation': 'pass', contrast: 'fail' }),
      },
    }),
    site({
      id: 'a2',
      type: 'institution',
      indicators: {
        wcag: v(0.2, { band: 'low' }),
        mobile: v(0, { mobileFriendly: false, viewport: false, fitsWidth: false, legibleText: true, tapTargets: false }),
        'a11y-statement': v(0, { level: 'none' }),
        participation: v(0, { homeLink: false, currentConsultations: false, howToParticipate: false }),
        social: v(0, { accounts: [] }),
        'site-features': v(0, { languages: [], problemMap: false, forum: false, appointmentBooking: false, audienceNavigation: false, surveys: false, feedbackInvitation: false }),
        'eservices-info': v(0.5, { placement: 'other-section', latvijaLvLinks: 0 }),
        'open-data': v(0, { present: false, links: [] }),
      },
    }),
    // Measured nothing (collector failed): counted as not measured, not as "false" or "none".
    site({ id: 'a3', type: 'institution', indicators: { wcag: indicator(null, null, 'axe failed'), social: indicator(null) } }),
    // A band outside the contract cannot be placed: not measured.
    site({ id: 'a4', type: 'institution', indicators: { wcag: v(0.5, { band: 'mediocre' }) } }),
    site({ id: 'down', type: 'institution', status: 'tls' }),
  ];
  const a = aggregateRun(results, scoringOf(specScoringRaw(), SPEC_REGISTRY), SPEC_REGISTRY);
  const inst = group(a, 'institution');

  test.each<[string, number, number, Record<string, number>]>([
    // breakdown key, n, not measured, counts
    ['wcag.band', 2, 2, { highest: 1, high: 0, medium: 0, low: 1 }],
    ['mobile.mobileFriendly', 2, 2, { true: 1, false: 1 }],
    ['mobile.legibleText', 2, 2, { true: 2, false: 0 }],
    ['a11y-statement.level', 2, 2, { complete: 1, incomplete: 0, none: 1 }],
    ['a11y-statement.complianceStatus', 1, 3, { full: 0, partial: 1, none: 0, unknown: 0 }],
    ['participation.homeLink', 2, 2, { true: 1, false: 1 }],
    ['participation.currentConsultations', 2, 2, { true: 0, false: 2 }],
    ['social.facebook', 2, 2, { true: 1, false: 1 }],
    ['social.x', 2, 2, { true: 1, false: 1 }],
    ['social.draugiem', 2, 2, { true: 0, false: 2 }],
    ['site-features.foreignLanguages', 2, 2, { true: 1, false: 1 }],
    ['site-features.appointmentBooking', 2, 2, { true: 1, false: 1 }],
    ['eservices-info.placement', 2, 2, { homepage: 1, 'other-section': 1, none: 0 }],
    ['open-data.present', 2, 2, { true: 1, false: 1 }],
    ['lv-aspects.contrast', 1, 3, { pass: 0, fail: 1, 'needs-review': 0 }],
    ['lv-aspects.headings', 0, 4, { pass: 0, fail: 0, 'needs-review': 0 }],
    ['contact.phone', 0, 4, { true: 0, false: 0 }],
    ['https.hsts', 0, 4, { true: 0, false: 0 }],
  ])('%s: n %d, not measured %d', (key, n, notMeasured, counts) => {
    const d = inst.indicators[key]!;
    expect(d, key).toBeDefined();
    expect([d.n, d.notMeasured]).toEqual([n, notMeasured]);
    expect(Object.fromEntries(Object.entries(d.values).map(([k, x]) => [k, x.count]))).toEqual(counts);
    for (const x of Object.values(d.values)) expect(x).toEqual({ count: x.count, n, share: n ? Math.round((x.count / n) * 10000) / 10000 : null });
  });

  test('the breakdowns are fixed by the registry, never by the data: same keys with or without results', () => {
    const empty = aggregateRun([], scoringOf(specScoringRaw(), SPEC_REGISTRY), SPEC_REGISTRY);
    expect(Object.keys(group(empty, 'all').indicators)).toEqual(Object.keys(inst.indicators));
    expect(Object.keys(inst.indicators)).toEqual(SPEC_REGISTRY.flatMap((i) => (BREAKDOWNS[i.id] ?? []).map((b) => b.key)));
  });

  test('only registered indicators are broken down', () => {
    const onlyWcag = aggregateRun(results, scoringOf({ ...smallScoringRaw() }, [...SMALL_REGISTRY]), [fakeIndicator('wcag', 'communication')]);
    expect(Object.keys(group(onlyWcag, 'all').indicators)).toEqual(['wcag.band']);
  });

  test('every indicator of INDICATORS.md except lighthouse has a breakdown', () => {
    expect(SPEC_REGISTRY.filter((i) => !BREAKDOWNS[i.id]).map((i) => i.id)).toEqual(['lighthouse']);
  });
});

/** Weight 1 for every registered indicator (0 under technical), from the registry: never a hand-kept list. */
function specScoringRaw(): Record<string, unknown> {
  const weights = (dim: Dimension, w: number) => Object.fromEntries(SPEC_INDICATORS.filter(([, d]) => d === dim).map(([id]) => [id, w]));
  return {
    dimensions: {
      communication: { overall: 1, weights: weights('communication', 1) },
      service: { overall: 1, weights: weights('service', 1) },
      services: { overall: 1, weights: weights('services', 1) },
      opendata: { overall: 1, weights: weights('opendata', 1) },
      technical: { overall: 0, weights: weights('technical', 0) },
    },
    levels: { '1': 0, '2': 25, '3': 60, '4': 80, '5': 90 },
  };
}
