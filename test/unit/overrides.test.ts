// Disputes and official runs: an operator's override replaces the measured value in the exports, flagged, with the
// trail; the stored result stays as measured; a revoke returns to it. Freezing: sealed runs only, one run a year.
// Real store files (node:sqlite), the real export and the real CLI entry point; no browser.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { loadScoring } from '../../src/config.ts';
import { toCsv, toJsonl } from '../../src/publish/export.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import { addOverride, effectiveResults, freezeRun, OverrideError } from '../../src/score/overrides.ts';
import { scoreSite } from '../../src/score/score.ts';
import { SqliteStore, type Store } from '../../src/store/store.ts';
import type { SiteResult } from '../../src/types.ts';

const root = mkdtempSync(join(tmpdir(), 'eindex-overrides-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
let dbPath: string;
let store: Store;

function result(runId: string, id: string, status: SiteResult['status'] = 'ok'): SiteResult {
  return {
    schemaVersion: 1,
    runId,
    target: { id, name: `Iestāde ${id}`, type: 'institution', sector: 'FM', url: `https://${id}.example.lv/` },
    status,
    ...(status === 'ok' ? {} : { message: 'Domēns nav atrasts / DNS' }),
    startedAt: '2026-11-23T01:00:00.000Z',
    durationMs: 1000,
    versions: { auditor: '0.1.0', node: 'v24', chromium: '1', axeCore: '4', lighthouse: '13' },
    robots: null,
    pages: [],
    indicators:
      status === 'ok'
        ? {
            wcag: { value: { band: 'high', violations: { critical: 0, serious: 1, moderate: 0, minor: 0 }, pagesAudited: 3, rules: [], needsReview: [] }, score: 0.85, outcome: 'fail', evidence: [{ url: `https://${id}.example.lv/` }] },
            'open-data': { value: { present: false, links: [] }, score: 0, outcome: 'fail', evidence: [] },
          }
        : {},
  };
}

beforeEach(async () => {
  dbPath = join(root, `s${++n}.sqlite`);
  store = new SqliteStore(dbPath);
  await store.openRun('r1', 'audit', 2, '2026-11-23T01:00:00.000Z');
  await store.saveSite(result('r1', 'alpha'), { pages: [] });
  await store.saveSite(result('r1', 'beta', 'dns'), null);
  await store.finishRun('r1');
  return () => store.close();
});

const set = (extra: Partial<Parameters<typeof addOverride>[1]> = {}) =>
  addOverride(
    store,
    { runId: 'r1', targetId: 'alpha', indicatorId: 'open-data', action: 'set', valueJson: '{"present":true,"links":["https://data.gov.lv/dati/lv/organization/alpha"]}', score: '1', outcome: 'pass', reason: 'datu kopas ir portālā, saite kājenē ir attēls', by: 'anna@varam.gov.lv', at: '2026-11-24T08:00:00.000Z', ...extra },
    INDICATORS,
  );

function csvRow(text: string, id: string): Record<string, string> {
  const [header, ...rows] = text.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
  const row = rows.find((r) => r[0] === id)!;
  return Object.fromEntries(header!.map((h, i) => [h, row[i]!]));
}

describe('overrides', () => {
  test('the export uses the override, flagged, with the trail; the stored result keeps the measured value', async () => {
    await set();
    const [alpha] = await effectiveResults(store, 'r1');
    const od = alpha!.indicators['open-data']!;
    expect(od).toMatchObject({ value: { present: true }, score: 1, outcome: 'pass' });
    expect(od.override).toEqual({
      active: true,
      measured: { value: { present: false, links: [] }, score: 0, outcome: 'fail' },
      trail: [{ action: 'set', value: { present: true, links: ['https://data.gov.lv/dati/lv/organization/alpha'] }, score: 1, outcome: 'pass', reason: 'datu kopas ir portālā, saite kājenē ir attēls', by: 'anna@varam.gov.lv', at: '2026-11-24T08:00:00.000Z' }],
    });
    // Measured value kept where it was stored.
    expect((await store.getResult('r1', 'alpha'))!.indicators['open-data']).toMatchObject({ score: 0, outcome: 'fail', value: { present: false } });
    expect((await store.getResult('r1', 'alpha'))!.indicators['open-data']!.override).toBeUndefined();

    const row = csvRow(toCsv(await effectiveResults(store, 'r1'), INDICATORS), 'alpha');
    expect(row['open-data.present']).toBe('true');
    expect(row['open-data.score']).toBe('1');
    expect(row['overridden']).toBe('open-data');
    expect(row['opendata.score']).toBe('100');
    expect(csvRow(toCsv(await store.results('r1'), INDICATORS), 'alpha')['opendata.score']).toBe('0');
    expect(csvRow(toCsv(await effectiveResults(store, 'r1'), INDICATORS), 'beta')['overridden']).toBe('');

    const line = JSON.parse(toJsonl(await effectiveResults(store, 'r1')).split('\n')[0]!) as SiteResult;
    expect(line.indicators['open-data']!.override!.measured.score).toBe(0);
    expect(line.indicators['open-data']!.override!.trail).toHaveLength(1);
    // Scores follow the override too (one place computes them: src/score/score.ts).
    expect(scoreSite(line, loadScoring(INDICATORS)).dimensions.opendata.score).toBe(100);
  });

  test('keeping the measured value and changing only the score and outcome', async () => {
    await set({ indicatorId: 'wcag', valueJson: undefined, score: 0.5, outcome: 'fail', reason: 'kontrasta kļūda arī PDF' });
    const wcag = (await effectiveResults(store, 'r1'))[0]!.indicators.wcag!;
    expect(wcag).toMatchObject({ value: { band: 'high' }, score: 0.5, outcome: 'fail', override: { active: true, measured: { score: 0.85 } } });
  });

  test('a revoke returns to the measured value and keeps the whole trail', async () => {
    await set();
    await set({ score: '0.5', reason: 'tikai daļa datu', by: 'juris', at: '2026-11-25T08:00:00.000Z' });
    await addOverride(store, { runId: 'r1', targetId: 'alpha', indicatorId: 'open-data', action: 'revoke', reason: 'pārmērīts: saite tagad atrasta', by: 'anna', at: '2026-11-26T08:00:00.000Z' }, INDICATORS);
    const od = (await effectiveResults(store, 'r1'))[0]!.indicators['open-data']!;
    expect(od).toMatchObject({ value: { present: false }, score: 0, outcome: 'fail', override: { active: false } });
    expect(od.override!.trail.map((t) => [t.action, t.by])).toEqual([['set', 'anna@varam.gov.lv'], ['set', 'juris'], ['revoke', 'anna']]);
    expect(csvRow(toCsv(await effectiveResults(store, 'r1'), INDICATORS), 'alpha')['overridden']).toBe('');
    expect(await store.overrides('r1')).toHaveLength(3);
  });

  test('bad input is refused with a message naming the input', async () => {
    const bad = (extra: Partial<Parameters<typeof addOverride>[1]>, message: RegExp) => expect(set(extra)).rejects.toThrow(message);
    await bad({ indicatorId: 'nope' }, /indicator "nope": not in the registry/);
    await bad({ targetId: 'gamma' }, /site "gamma": no result in run r1/);
    await bad({ targetId: 'beta' }, /site "beta" has no measured "open-data" result .*status dns/);
    await bad({ runId: 'r9' }, /run "r9": no such run/);
    await bad({ reason: ' ' }, /--reason is required/);
    await bad({ by: undefined }, /--by is required/);
    await bad({ outcome: 'great' }, /--outcome must be one of pass, fail/);
    await bad({ score: '1.5' }, /--score must be a number from 0 to 1, got "1.5"/);
    await bad({ score: undefined }, /--score is required/);
    await bad({ valueJson: '{present: yes}' }, /--value is not valid JSON/);
    await expect(addOverride(store, { runId: 'r1', targetId: 'alpha', indicatorId: 'wcag', action: 'revoke', reason: 'x', by: 'y' }, INDICATORS)).rejects.toThrow(/no active override to revoke/);
    expect(await store.overrides('r1')).toHaveLength(0);
  });

  test('through the CLI: override, the trail, an export that shows it; exit 2 and a message for bad input', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await store.close();
      const db = ['--db', dbPath];
      expect(await main(['override', 'r1', 'alpha', 'wcag', '--outcome', 'pass', '--score', '1', '--reason', 'axe kļūda: kontrasts ir pietiekams', '--by', 'anna', ...db])).toBe(0);
      expect(await main(['override', 'r1', 'alpha', 'wcag', '--outcome', 'pass', '--score', '7', '--reason', 'x', '--by', 'anna', ...db])).toBe(2);
      expect(err.mock.calls.flat().join('\n')).toMatch(/--score must be a number from 0 to 1, got "7"/);
      const out = join(root, `export-${n}.csv`);
      expect(await main(['export', 'r1', '--format', 'csv', '--out', out, ...db])).toBe(0);
      const { readFileSync } = await import('node:fs');
      const row = csvRow(readFileSync(out, 'utf8'), 'alpha');
      expect(row['wcag.outcome']).toBe('pass');
      expect(row['overridden']).toBe('wcag');
      log.mockClear();
      expect(await main(['overrides', 'r1', ...db])).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toMatch(/alpha\/wcag: set pass score 1 by anna: axe kļūda/);
    } finally {
      log.mockRestore();
      err.mockRestore();
      store = new SqliteStore(dbPath);
    }
  });
});

describe('frozen runs', () => {
  test('a sealed run is frozen as the official one of its year, once', async () => {
    const f = await freezeRun(store, { runId: 'r1', by: 'VARAM', at: '2026-12-01T10:00:00.000Z' });
    expect(f).toEqual({ year: 2026, runId: 'r1', frozenAt: '2026-12-01T10:00:00.000Z', by: 'VARAM', reason: 'official measurement of the year' });
    expect(await store.frozenRuns()).toEqual([f]);
    await store.openRun('r2', 'audit', 1, '2026-12-02T01:00:00.000Z');
    await store.saveSite(result('r2', 'alpha'), null);
    await store.finishRun('r2');
    await expect(freezeRun(store, { runId: 'r2', by: 'VARAM' })).rejects.toThrow(/year 2026 is already frozen to run r1 \(by VARAM/);
    expect((await freezeRun(store, { runId: 'r2', by: 'VARAM', year: '2027' })).year).toBe(2027);
  });

  test('an open run, an unknown run, a missing --by and a bad year are refused', async () => {
    await store.openRun('open', 'audit', 2, '2026-11-24T01:00:00.000Z');
    await store.saveSite(result('open', 'alpha'), null);
    await expect(freezeRun(store, { runId: 'open', by: 'VARAM' })).rejects.toThrow(/run "open" is not sealed \(1\/2 sites done\)/);
    await expect(freezeRun(store, { runId: 'nope', by: 'VARAM' })).rejects.toThrow(/run "nope": no such run/);
    await expect(freezeRun(store, { runId: 'r1', by: '' })).rejects.toThrow(OverrideError);
    await expect(freezeRun(store, { runId: 'r1', by: 'x', year: 'soon' })).rejects.toThrow(/--year must be a year/);
    expect(await store.frozenRuns()).toEqual([]);
  });
});

describe('store', () => {
  test('an older store file gains the new tables on open and keeps its results', async () => {
    const path = join(root, 'old.sqlite');
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE runs (run_id TEXT PRIMARY KEY, created_at TEXT NOT NULL, kind TEXT NOT NULL, targets INTEGER NOT NULL, finished_at TEXT);
      CREATE TABLE site_results (run_id TEXT NOT NULL, target_id TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL, duration_ms INTEGER NOT NULL, stored_at TEXT NOT NULL, result TEXT NOT NULL, PRIMARY KEY (run_id, target_id));`);
    old.prepare('INSERT INTO runs VALUES (?, ?, ?, ?, ?)').run('old', '2025-01-01T00:00:00.000Z', 'audit', 1, '2025-01-01T01:00:00.000Z');
    old.prepare('INSERT INTO site_results VALUES (?, ?, ?, ?, ?, ?, ?)').run('old', 'alpha', 'ok', 'x', 1, 'x', JSON.stringify(result('old', 'alpha')));
    old.close();
    const s = new SqliteStore(path);
    try {
      expect(await s.results('old')).toHaveLength(1);
      await addOverride(s, { runId: 'old', targetId: 'alpha', indicatorId: 'wcag', action: 'set', score: 1, outcome: 'pass', reason: 'r', by: 'b' }, INDICATORS);
      expect((await effectiveResults(s, 'old'))[0]!.indicators.wcag!.override!.active).toBe(true);
    } finally {
      await s.close();
    }
  });

  test('screenshots are kept apart from the artifacts and read back by name', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    await store.saveSite(result('r1', 'alpha'), { pages: [], screenshots: [{ name: 'mobile-home.png', url: 'https://alpha.example.lv/', width: 360, height: 740, png: png.toString('base64') }] });
    expect(await store.screenshotNames('r1', 'alpha')).toEqual(['mobile-home.png']);
    expect(await store.screenshot('r1', 'alpha', 'mobile-home.png')).toEqual(png);
    expect(await store.artifacts('r1', 'alpha')).toEqual({ pages: [] });
    // Auditing the site again replaces its screenshots.
    await store.saveSite(result('r1', 'alpha'), { pages: [] });
    expect(await store.screenshotNames('r1', 'alpha')).toEqual([]);
  });
});
