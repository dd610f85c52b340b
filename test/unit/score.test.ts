import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadScoring, SCORING_PATH } from '../../src/config.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import { levelFor, parseScoring, scoreSite, type Level, type SiteScores } from '../../src/score/score.ts';
import { DIMENSIONS } from '../../src/types.ts';
import { indicator, site, SMALL_REGISTRY, SMALL_SCORING, smallScoringRaw, SPEC_INDICATORS, SPEC_REGISTRY, scoringOf, type SiteSpec } from '../helpers/score-fixtures.ts';

const shippedRaw = JSON.parse(readFileSync(SCORING_PATH, 'utf8')) as Record<string, unknown>;
const shipped = scoringOf(shippedRaw, SPEC_REGISTRY);

describe('config/scoring.json as shipped', () => {
  test('is valid for the indicators of INDICATORS.md, with every one weighted under its own dimension', () => {
    for (const [id, dim] of SPEC_INDICATORS) expect(shipped.dimensions[dim].weights, id).toHaveProperty([id]);
  });

  test('loads against the registry (src/indicators/index.ts)', () => {
    expect(() => loadScoring(INDICATORS)).not.toThrow();
  });

  test('every weight, dimension weight and threshold has its written reason', () => {
    const settings = [
      ...DIMENSIONS.flatMap((d) => [`dimensions.${d}.overall`, ...Object.keys(shipped.dimensions[d].weights).map((id) => `dimensions.${d}.weights.${id}`)]),
      ...shipped.levels.map((t) => `levels.${t.level}`),
    ];
    for (const key of settings) expect(shipped.reasons[key], key).toMatch(/\w{5,}/);
  });

  test('technical indicators have weight 0 and technical stays out of the overall score', () => {
    const technical = SPEC_INDICATORS.filter(([, dim]) => dim === 'technical').map(([id]) => [id, 0]);
    expect(shipped.dimensions.technical).toEqual({ overall: 0, weights: Object.fromEntries(technical) });
  });

  test('thresholds', () => {
    expect(shipped.levels.map((t) => t.min)).toEqual([0, 25, 60, 80, 90]);
  });

  // The anchors INDICATORS.md and the seeds give (2021 integrated report), and the boundaries.
  test.each<[number, Level, string]>([
    [0, 1, 'nothing'],
    [20, 1, "institutions' service provision average (level 1 in figure 1)"],
    [24.9, 1, 'just below level 2'],
    [25, 2, 'level 2 starts'],
    [28, 2, "municipalities' customer service average (figure 3 shows level 1: no single boundary fits both 24 and 28)"],
    [41, 2, "institutions' overall average"],
    [54, 2, "national development centres' average"],
    [59.9, 2, 'just below level 3'],
    [60, 3, 'Ādaži and Ikšķile, level 3'],
    [66, 3, 'VSAA and Valsts vides dienests, level 3'],
    [75, 3, 'Ventspils and Cēsis; institutions’ internal-processes average'],
    [79.9, 3, 'just below level 4'],
    [80, 4, 'level 4 starts'],
    [89.9, 4, 'just below level 5'],
    [90, 5, 'level 5 starts'],
    [93, 5, 'four municipalities’ open data, level 5'],
    [100, 5, 'full points'],
  ])('%d points -> level %d (%s)', (score, level) => expect(levelFor(score, shipped.levels)).toBe(level));
});

describe('parseScoring rejects a bad config, naming the key', () => {
  type Edit = (raw: Record<string, any>) => void;
  test.each<[string, Edit, RegExp]>([
    ['negative weight', (r) => (r.dimensions.communication.weights.a = -1), /dimensions\.communication\.weights\.a: must be a number ≥ 0, got -1/],
    ['weight as text', (r) => (r.dimensions.communication.weights.a = '3'), /dimensions\.communication\.weights\.a: must be a number ≥ 0, got "3"/],
    ['unknown indicator id', (r) => (r.dimensions.communication.weights.wcga = 1), /dimensions\.communication\.weights\.wcga: no indicator "wcga" in the registry/],
    ['indicator under another dimension', (r) => (r.dimensions.service.weights.a = 1), /dimensions\.service\.weights\.a: indicator "a" belongs to dimension "communication"/],
    ['registered indicator without a weight', (r) => delete r.dimensions.communication.weights.b, /dimensions\.communication\.weights\.b: registered indicator has no weight/],
    ['unknown dimension', (r) => (r.dimensions.internal = { overall: 1, weights: {} }), /dimensions\.internal: unknown dimension/],
    ['missing dimension', (r) => delete r.dimensions.opendata, /dimensions\.opendata: missing/],
    ['negative overall weight', (r) => (r.dimensions.service.overall = -2), /dimensions\.service\.overall: must be a number ≥ 0/],
    ['no dimension in the overall score', (r) => { for (const d of Object.values(r.dimensions)) (d as { overall: number }).overall = 0; }, /at least one dimension needs an "overall" weight above 0/],
    ['unknown setting in a dimension', (r) => (r.dimensions.service.wieghts = {}), /dimensions\.service\.wieghts: unknown setting/],
    ['unknown top-level setting', (r) => (r.thresholds = {}), /thresholds: unknown setting/],
    ['thresholds not increasing', (r) => (r.levels['4'] = 60), /levels\.4: 60 must be above the threshold of level 3 \(60\)/],
    ['level 1 not at 0', (r) => (r.levels['1'] = 10), /levels\.1: must be 0/],
    ['threshold above 100', (r) => (r.levels['5'] = 101), /levels\.5: must be the level's lowest score, a number from 0 to 100, got 101/],
    ['missing level', (r) => delete r.levels['3'], /levels\.3: must be the level's lowest score/],
    ['level 6', (r) => (r.levels['6'] = 99), /levels\.6: unknown level/],
  ])('%s', (_, edit, message) => {
    const raw = smallScoringRaw() as Record<string, any>;
    edit(raw);
    const parsed = parseScoring(raw, SMALL_REGISTRY);
    expect(parsed.scoring).toBeNull();
    expect(parsed.errors.join('\n')).toMatch(message);
  });

  test('"$" keys are reasons, kept by path, never settings', () => {
    const raw = smallScoringRaw() as Record<string, any>;
    raw.dimensions.communication.weights.$a = 'because a matters';
    raw.levels.$3 = 'defined';
    raw.$comment = 'file';
    const s = scoringOf(raw);
    expect(s.reasons).toEqual({ 'dimensions.communication.weights.a': 'because a matters', 'levels.3': 'defined', comment: 'file' });
    expect(s.dimensions.communication.weights).toEqual({ a: 3, b: 1, z: 0 });
  });

  test('loadScoring reports every problem of a file at once as a ConfigError', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'scoring-')), 'scoring.json');
    const raw = smallScoringRaw() as Record<string, any>;
    raw.dimensions.communication.weights.a = -1;
    raw.levels['5'] = 50;
    writeFileSync(path, JSON.stringify(raw));
    expect(() => loadScoring(SMALL_REGISTRY, path)).toThrow(ConfigError);
    expect(() => loadScoring(SMALL_REGISTRY, path)).toThrow(/weights\.a: must be a number ≥ 0[\s\S]*levels\.5: 50 must be above/);
    writeFileSync(path, '{ not json');
    expect(() => loadScoring(SMALL_REGISTRY, path)).toThrow(/cannot be read as JSON/);
  });
});

// SMALL_SCORING: communication = (3a + 1b) / 4 (z has weight 0), service = c, services = d, opendata = e, technical: no
// weighted indicator. Overall = mean of the four e-index dimensions.
type Expect = {
  communication?: Partial<SiteScores['dimensions']['communication']>;
  service?: Partial<SiteScores['dimensions']['service']>;
  technical?: Partial<SiteScores['dimensions']['technical']>;
  overall?: Partial<SiteScores['overall']>;
  audited?: boolean;
};

describe('scoreSite', () => {
  test.each<[string, SiteSpec, Expect]>([
    [
      'weighted mean × 100 over the indicators of a dimension',
      { indicators: { a: 1, b: 0, z: 0, c: 0.5, d: 1, e: 0 } },
      {
        communication: { score: 75, level: 3, measured: ['a', 'b'], missing: [] },
        service: { score: 50, level: 2, measured: ['c'], missing: [] },
        overall: { score: 56.3, level: 2, measured: ['communication', 'service', 'services', 'opendata'], missing: [] },
      },
    ],
    [
      'an indicator with weight 0 neither counts nor is listed',
      { indicators: { a: 1, b: 1, z: 0, c: 1, d: 1, e: 1 } },
      { communication: { score: 100, level: 5, measured: ['a', 'b'], missing: [] }, overall: { score: 100, level: 5 } },
    ],
    [
      'a null score is left out of the mean and listed with its reason, never counted as 0',
      { indicators: { a: indicator(null, null, 'artifact "axe" failed: timeout'), b: 0.7, c: 1, d: 1, e: 1 } },
      { communication: { score: 70, level: 3, measured: ['b'], missing: [{ id: 'a', reason: 'artifact "axe" failed: timeout' }] } },
    ],
    [
      'an indicator absent from the result (an older run) is missing, not 0',
      { indicators: { a: 0.5, c: 1, d: 1, e: 1 } },
      { communication: { score: 50, level: 2, measured: ['a'], missing: [{ id: 'b', reason: 'not measured in this run (no result for this indicator)' }] } },
    ],
    [
      'no weighted indicator measured: the dimension is null, and the overall is the mean of the rest',
      { indicators: { a: null, b: null, c: 0.9, d: 0.3, e: 0.6 } },
      {
        communication: { score: null, level: null, measured: [], reason: 'none of its weighted indicators could be measured' },
        overall: { score: 60, level: 3, measured: ['service', 'services', 'opendata'], missing: [{ id: 'communication', reason: 'none of its weighted indicators could be measured' }] },
      },
    ],
    [
      'technical: no indicator with a weight above 0, so no score, and out of the overall',
      { indicators: { a: 1, b: 1, c: 1, d: 1, e: 1, t: 0 } },
      { technical: { score: null, level: null, measured: [], missing: [], reason: 'no indicator of this dimension has a weight above 0 (config/scoring.json)' }, overall: { score: 100 } },
    ],
    [
      'scores are rounded to one decimal and the level read from the rounded score',
      // (3 × 0.6 + 1 × 0.5998) / 4 = 0.59995 -> 59.995 -> 60.0 -> level 3
      { indicators: { a: 0.6, b: 0.5998, c: 1, d: 1, e: 1 } },
      { communication: { score: 60, level: 3 } },
    ],
    [
      'nothing measured at all: every score null',
      { indicators: {} },
      { communication: { score: null }, overall: { score: null, level: null, measured: [], reason: 'no dimension could be scored' }, audited: true },
    ],
    [
      'a site that could not be audited: null scores with its status and message',
      { status: 'dns', message: 'Domēns nav atrasts / domain not found' },
      {
        audited: false,
        communication: {
          score: null,
          level: null,
          measured: [],
          reason: 'site not audited (dns): Domēns nav atrasts / domain not found',
          missing: [
            { id: 'a', reason: 'site not audited (dns): Domēns nav atrasts / domain not found' },
            { id: 'b', reason: 'site not audited (dns): Domēns nav atrasts / domain not found' },
          ],
        },
        overall: { score: null, level: null, reason: 'site not audited (dns): Domēns nav atrasts / domain not found' },
      },
    ],
  ])('%s', (_, spec, expected) => {
    const s = scoreSite(site(spec), SMALL_SCORING);
    if (expected.audited !== undefined) expect(s.audited).toBe(expected.audited);
    if (expected.communication) expect(s.dimensions.communication).toMatchObject(expected.communication);
    if (expected.service) expect(s.dimensions.service).toMatchObject(expected.service);
    if (expected.technical) expect(s.dimensions.technical).toEqual(expected.technical);
    if (expected.overall) expect(s.overall).toMatchObject(expected.overall);
  });

  test('dimension weights weigh the overall score', () => {
    const raw = smallScoringRaw() as Record<string, any>;
    raw.dimensions.communication.overall = 3;
    const s = scoreSite(site({ indicators: { a: 1, b: 1, c: 0, d: 0, e: 0 } }), scoringOf(raw));
    expect(s.overall.score).toBe(50); // (3 × 100 + 0 + 0 + 0) / 6
  });

  test('with the shipped config: full contact and no new technology is level 3; an all-zero site is level 1', () => {
    const s = scoreSite(site({ indicators: { contact: 1, 'new-tech': 0 } }), shipped);
    expect(s.dimensions.service).toMatchObject({ score: 66.7, level: 3 });
    const zero = Object.fromEntries(SPEC_INDICATORS.map(([id]) => [id, 0]));
    const z = scoreSite(site({ indicators: zero }), shipped);
    expect(z.overall).toMatchObject({ score: 0, level: 1, measured: ['communication', 'service', 'services', 'opendata'] });
  });

  test('every dimension is always present, scored or not', () => {
    expect(Object.keys(scoreSite(site(), SMALL_SCORING).dimensions)).toEqual([...DIMENSIONS]);
  });
});
