import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildSummary, csvColumns, neutraliseFormula, SCORE_COLUMNS, toCsv, toJsonl, toSummaryJson, writeRunFiles, type RunSummary } from '../../src/publish/export.ts';
import { loadScoring } from '../../src/config.ts';
import type { SiteResult } from '../../src/types.ts';
import { fakeIndicator, indicator, site, SMALL_REGISTRY, SMALL_SCORING } from '../helpers/score-fixtures.ts';

/** RFC 4180 rows (quoted cells with "" escapes), BOM and CRLF as toCsv writes them. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.slice(1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && body[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}

function table(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(r.map((v, i) => [header![i]!, v])));
}

const results: SiteResult[] = [
  site({ id: 'vid', type: 'institution', sector: 'FM', indicators: { a: indicator(1, { band: 'highest' }), b: 0, c: indicator(0.5, { phone: true }), d: 1, e: 0, t: 1 } }),
  site({ id: 'ogre', type: 'county', indicators: { a: indicator(null, null, 'axe failed'), b: 0.4, c: null, d: null, e: null } }),
  site({ id: 'gone', type: 'county', status: 'dns', message: 'Domēns nav atrasts, "gone.lv"' }),
];

describe('index.csv', () => {
  test('columns: base, then overall and every dimension (score, level, missing), then each indicator', () => {
    expect(SCORE_COLUMNS).toEqual([
      'overall.score', 'overall.level', 'overall.missing',
      'communication.score', 'communication.level', 'communication.missing',
      'service.score', 'service.level', 'service.missing',
      'services.score', 'services.level', 'services.missing',
      'opendata.score', 'opendata.level', 'opendata.missing',
      'technical.score', 'technical.level', 'technical.missing',
    ]);
    expect(csvColumns(SMALL_REGISTRY)).toEqual([
      'id', 'name', 'type', 'sector', 'url', 'status', 'message', 'pages', 'durationMs',
      ...SCORE_COLUMNS,
      'a.score', 'a.outcome', 'a.band', 'b.score', 'b.outcome', 'z.score', 'z.outcome', 'c.score', 'c.outcome', 'c.phone',
      'd.score', 'd.outcome', 'e.score', 'e.outcome', 't.score', 't.outcome', 'overridden',
    ]);
  });

  test('the header never depends on the data', () => {
    const header = (rs: SiteResult[]) => parseCsv(toCsv(rs, SMALL_REGISTRY, SMALL_SCORING))[0];
    expect(header([])).toEqual(csvColumns(SMALL_REGISTRY));
    expect(header(results)).toEqual(csvColumns(SMALL_REGISTRY));
    expect(header([site({ status: 'timeout' })])).toEqual(csvColumns(SMALL_REGISTRY));
  });

  test('an indicator id equal to a dimension name is refused (its columns would clash)', () => {
    expect(() => csvColumns([fakeIndicator('overall', 'communication')])).toThrow(/column "overall.score" would appear twice/);
  });

  test.each<[string, Record<string, string>]>([
    [
      'vid',
      {
        status: 'ok',
        'overall.score': '56.3', // (communication 75 + service 50 + services 100 + opendata 0) / 4 = 56.25
        'overall.level': '2',
        'overall.missing': '',
        'communication.score': '75', // (3 × 1 + 1 × 0) / 4
        'communication.level': '3',
        'communication.missing': '',
        'service.score': '50',
        'services.score': '100',
        'services.level': '5',
        'opendata.score': '0',
        'opendata.level': '1',
        'technical.score': '',
        'technical.level': '',
        'a.band': 'highest',
        'c.phone': 'true',
        't.score': '1',
      },
    ],
    [
      'ogre',
      {
        'overall.score': '40',
        'overall.level': '2',
        'overall.missing': 'service services opendata',
        'communication.score': '40',
        'communication.missing': 'a',
        'service.score': '',
        'service.level': '',
        'service.missing': 'c',
        'a.score': '',
        'a.outcome': 'error',
      },
    ],
    [
      'gone',
      {
        status: 'dns',
        message: 'Domēns nav atrasts, "gone.lv"',
        'overall.score': '',
        'overall.level': '',
        'overall.missing': 'communication service services opendata',
        'communication.score': '',
        'communication.missing': 'a b',
        'a.score': '',
      },
    ],
  ])('row %s', (id, expected) => {
    const rows = table(toCsv(results, SMALL_REGISTRY, SMALL_SCORING));
    const row = rows.find((r) => r.id === id)!;
    expect(row).toMatchObject(expected);
  });

  test('scraped text that a spreadsheet would run as a formula gets a leading apostrophe; numbers and JSONL do not', () => {
    const hostile = site({ id: 'evil', type: 'county', status: 'dns', message: '=HYPERLINK("http://x.lv","klik")' });
    hostile.target.name = '+371 67000000';
    const row = table(toCsv([hostile], SMALL_REGISTRY, SMALL_SCORING))[0]!;
    expect(row.message).toBe(`'=HYPERLINK("http://x.lv","klik")`);
    expect(row.name).toBe("'+371 67000000");
    expect(row.pages).toBe('0');
    expect(JSON.parse(toJsonl([hostile])).message).toBe('=HYPERLINK("http://x.lv","klik")');
    expect(['=1', '+1', '-1', '@SUM(A1)', '\tx', 'vid', 'ā=1'].map(neutraliseFormula)).toEqual(["'=1", "'+1", "'-1", "'@SUM(A1)", "'\tx", 'vid', 'ā=1']);
  });

  test('toJsonl still writes one SiteResult per line, unchanged', () => {
    const lines = toJsonl(results).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as SiteResult)).toEqual(results);
  });
});

describe('summary.json', () => {
  const summary = buildSummary('run-1', results, SMALL_REGISTRY, SMALL_SCORING, '2026-01-02T03:04:05.000Z');

  test('run, counts and coverage', () => {
    expect(summary).toMatchObject({ schemaVersion: 1, runId: 'run-1', generatedAt: '2026-01-02T03:04:05.000Z', sites: 3, audited: 2, notAudited: 1 });
    expect(summary.dimensionsCovered).toEqual([
      { id: 'communication', name: { lv: 'Saziņa ar sabiedrību un līdzdalība', en: 'Communication with society and participation' }, eIndex: true, overallWeight: 1, indicators: [{ id: 'a', weight: 3 }, { id: 'b', weight: 1 }] },
      { id: 'service', name: expect.any(Object), eIndex: true, overallWeight: 1, indicators: [{ id: 'c', weight: 1 }] },
      { id: 'services', name: expect.any(Object), eIndex: true, overallWeight: 1, indicators: [{ id: 'd', weight: 1 }] },
      { id: 'opendata', name: expect.any(Object), eIndex: true, overallWeight: 1, indicators: [{ id: 'e', weight: 1 }] },
    ]);
    expect(summary.dimensionsNotCovered.map((d) => [d.id, d.eIndex])).toEqual([
      ['internal-processes', true],
      ['technical', false],
    ]);
    expect(summary.dimensionsNotCovered[0]!.reason).toMatch(/questionnaires/);
  });

  test('the scoring used: weights, level ranges with names, reasons', () => {
    expect(summary.scoring.dimensions).toEqual(SMALL_SCORING.dimensions);
    expect(summary.scoring.levels).toEqual([
      { level: 1, name: { lv: 'situatīvs', en: 'situational' }, min: 0, below: 25 },
      { level: 2, name: { lv: 'intuitīvs', en: 'intuitive' }, min: 25, below: 60 },
      { level: 3, name: { lv: 'definēts', en: 'defined' }, min: 60, below: 80 },
      { level: 4, name: { lv: 'pārvaldīts', en: 'managed' }, min: 80, below: 90 },
      { level: 5, name: { lv: 'optimāls', en: 'optimal' }, min: 90, below: null },
    ]);
  });

  test('aggregates of the run', () => {
    const all = summary.aggregates.groups.find((g) => g.id === 'all')!;
    expect(all).toMatchObject({ sites: 3, audited: 2, notAudited: { count: 1, byStatus: { dns: 1 } } });
    expect(all.levels.overall.levels['2']).toEqual({ count: 2, n: 2, share: 1 });
    expect(summary.aggregates.sectors.map((s) => s.id)).toEqual(['FM']);
  });

  test('toSummaryJson keeps each share on one line and parses back to the same object', () => {
    const text = toSummaryJson(summary);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(text).toContain('"2": { "count": 2, "n": 2, "share": 1 }');
  });

  test('a weighted technical dimension is covered, and still out of the overall when its overall weight is 0', () => {
    const scoring = { ...SMALL_SCORING, dimensions: { ...SMALL_SCORING.dimensions, technical: { overall: 0, weights: { t: 1 } } } };
    const s = buildSummary('r', results, SMALL_REGISTRY, scoring);
    expect(s.dimensionsCovered.find((d) => d.id === 'technical')).toMatchObject({ eIndex: false, overallWeight: 0, indicators: [{ id: 't', weight: 1 }] });
    expect(s.dimensionsNotCovered.map((d) => d.id)).toEqual(['internal-processes']);
  });
});

describe('writeRunFiles', () => {
  test('writes results.jsonl, index.csv and summary.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eindex-export-'));
    const files = writeRunFiles(dir, results, SMALL_REGISTRY, { scoring: SMALL_SCORING, generatedAt: '2026-01-02T00:00:00.000Z' });
    expect(files).toEqual({ jsonl: join(dir, 'results.jsonl'), csv: join(dir, 'index.csv'), summary: join(dir, 'summary.json') });
    expect(readFileSync(files.jsonl, 'utf8')).toBe(toJsonl(results));
    expect(readFileSync(files.csv, 'utf8')).toBe(toCsv(results, SMALL_REGISTRY, SMALL_SCORING));
    const summary = JSON.parse(readFileSync(files.summary, 'utf8')) as RunSummary;
    expect(summary).toEqual(JSON.parse(JSON.stringify(buildSummary('run-1', results, SMALL_REGISTRY, SMALL_SCORING, '2026-01-02T00:00:00.000Z'))));
  });

  test('a scoring config that does not fit the registry fails naming the key, after results.jsonl is on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eindex-export-'));
    const registry = [...SMALL_REGISTRY, fakeIndicator('new-one', 'services')];
    // Default scoring is config/scoring.json, which has no weight for "new-one".
    expect(() => writeRunFiles(dir, results, registry)).toThrow(/dimensions\.services\.weights\.new-one: registered indicator has no weight/);
    expect(existsSync(join(dir, 'results.jsonl'))).toBe(true);
    expect(existsSync(join(dir, 'index.csv'))).toBe(false);
  });

  test('an explicit scoring file is used as given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eindex-export-'));
    const path = join(dir, 'scoring.json');
    writeFileSync(path, JSON.stringify({ dimensions: Object.fromEntries(Object.entries(SMALL_SCORING.dimensions)), levels: { '1': 0, '2': 10, '3': 20, '4': 30, '5': 40 } }));
    const scoring = loadScoring(SMALL_REGISTRY, path);
    const row = table(toCsv(results, SMALL_REGISTRY, scoring)).find((r) => r.id === 'vid')!;
    expect(row['overall.level']).toBe('5'); // 56.3 ≥ 40
  });
});
