// One suite for every store implementation: test/unit/store.test.ts runs it on SQLite, test/e2e/store-postgres.test.ts
// on PostgreSQL, so both keep the same rows and give the same answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openStore, SqliteStore, type Store } from '../../src/store/store.ts';
import type { SiteResult, Target } from '../../src/types.ts';
import { freshDatabase } from './postgres.ts';

/** A fresh, empty place for a store; open() may be called again to reopen it. */
export interface StorePlace {
  open(): Promise<Store>;
  remove(): Promise<void>;
}
export interface StoreKind {
  name: string;
  place(): Promise<StorePlace>;
}

export const sqliteKind: StoreKind = {
  name: 'sqlite',
  async place() {
    const dir = mkdtempSync(join(tmpdir(), 'eindex-store-'));
    return { open: async () => new SqliteStore(join(dir, 'sub', 'eindex.sqlite')), remove: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

export const postgresKind: StoreKind = {
  name: 'postgres',
  async place() {
    const db = await freshDatabase();
    return { open: () => openStore('unused.sqlite', db.url), remove: () => db.drop() };
  },
};

export function target(id: string): Target {
  return { id, name: `Iestāde ${id}`, type: 'institution', sector: 'FM', url: `https://${id}.lv/` };
}

export function result(runId: string, targetId: string, score: number | null, status: SiteResult['status'] = 'ok'): SiteResult {
  return {
    schemaVersion: 1,
    runId,
    target: target(targetId),
    status,
    ...(status === 'ok' ? {} : { message: `${status}: synthetic failure` }),
    startedAt: '2026-11-23T01:00:00.000Z',
    durationMs: 1000,
    versions: { auditor: '0.1.0', node: 'v24', chromium: '156', axeCore: '4.14.1', lighthouse: '13.5.0' },
    robots: null,
    pages: [],
    indicators: status === 'ok' ? { wcag: { value: { band: 'high' }, score, outcome: 'fail', evidence: [] } } : {},
  };
}

export function storeSuite(kind: StoreKind): void {
  const places: StorePlace[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => {});
    for (const p of places.splice(0)) await p.remove();
  });
  async function place(): Promise<StorePlace> {
    const p = await kind.place();
    places.push(p);
    return p;
  }
  async function fresh(): Promise<Store> {
    const s = await (await place()).open();
    stores.push(s);
    return s;
  }

  describe(`store (${kind.name})`, () => {
    test('saving a site twice in a run leaves one row, the newer one', async () => {
      const store = await fresh();
      await store.openRun('r1', 'audit', 2);
      await store.saveSite(result('r1', 'a', 0.5), { pages: [] });
      await store.saveSite(result('r1', 'a', 0.9), { pages: [] });
      await store.saveSite(result('r1', 'b', null, 'timeout'), null);
      expect(await store.countRows('r1')).toBe(2);
      expect((await store.getResult('r1', 'a'))!.indicators.wcag!.score).toBe(0.9);
      expect((await store.results('r1')).map((r) => r.target.id)).toEqual(['a', 'b']);
      expect(await store.artifacts('r1', 'a')).toEqual({ pages: [] });
      expect(await store.artifacts('r1', 'b')).toBeNull();
      expect(await store.getResult('r1', 'zzz')).toBeNull();
      expect(await store.run('r1')).toMatchObject({ runId: 'r1', kind: 'audit', targets: 2, stored: 2, failed: 1, finishedAt: null });
      await store.finishRun('r1');
      expect((await store.run('r1'))!.finishedAt).not.toBeNull();
      expect(await store.run('nope')).toBeNull();
    });

    test('results are in target id order, byte-wise, as SQLite compares', async () => {
      const store = await fresh();
      await store.openRun('r1', 'audit', 4);
      for (const id of ['b-x', 'B', 'a_1', 'a-1']) await store.saveSite(result('r1', id, 1), null);
      expect((await store.results('r1')).map((r) => r.target.id)).toEqual(['B', 'a-1', 'a_1', 'b-x']);
    });

    test('runs are listed newest first', async () => {
      const store = await fresh();
      await store.openRun('old', 'nightly', 1, '2026-11-01T00:00:00.000Z');
      await store.openRun('new', 'demo', 1, '2026-11-02T00:00:00.000Z');
      expect((await store.runs()).map((r) => [r.runId, r.kind, r.stored, r.failed])).toEqual([
        ['new', 'demo', 0, 0],
        ['old', 'nightly', 0, 0],
      ]);
    });

    test('screenshots are kept apart from the artifacts, bytes intact', async () => {
      const store = await fresh();
      await store.openRun('r1', 'audit', 1);
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
      const shot = { name: 'wcag-1.png', url: 'https://a.lv/', selector: '#x', width: 10, height: 20, png: png.toString('base64') };
      await store.saveSite(result('r1', 'a', 1), { pages: [], screenshots: [shot, { ...shot, name: 'mobile.png', selector: undefined }] } as never);
      expect(await store.screenshotNames('r1', 'a')).toEqual(['mobile.png', 'wcag-1.png']);
      expect((await store.screenshot('r1', 'a', 'wcag-1.png'))!.equals(png)).toBe(true);
      expect(await store.screenshot('r1', 'a', 'none.png')).toBeNull();
      expect(await store.artifacts('r1', 'a')).toEqual({ pages: [] });
      // Stored again with artifacts: the old screenshots go.
      await store.saveSite(result('r1', 'a', 1), { pages: [] });
      expect(await store.screenshotNames('r1', 'a')).toEqual([]);
    });

    test("Lighthouse's HTML report is kept apart, gzipped bytes intact, per (run, target), never in results or artifacts", async () => {
      const store = await fresh();
      await store.openRun('r1', 'audit', 2);
      const html = '<!doctype html><title>Lighthouse Report</title><p>ā ē ū</p>';
      const gz = gzipSync(html);
      const facts = { url: 'https://a.lv/', lighthouseVersion: '13.5.0', categories: { accessibility: 1, bestPractices: 1, seo: 1, performance: 0.5 }, runtimeError: null, audits: {}, durationMs: 9000 };
      await store.saveSite(result('r1', 'a', 1), { pages: [], lighthouse: { ...facts, reportHtmlGz: gz.toString('base64') } });
      await store.saveSite(result('r1', 'b', 1), { pages: [], lighthouse: { collectorError: 'Lighthouse did not finish' } });
      expect(gunzipSync((await store.lighthouseReport('r1', 'a'))!).toString('utf8')).toBe(html);
      expect(await store.lighthouseReport('r1', 'b')).toBeNull();
      expect(await store.lighthouseReport('r2', 'a')).toBeNull();
      expect(await store.artifacts('r1', 'a')).toEqual({ pages: [], lighthouse: facts });
      expect(JSON.stringify(await store.getResult('r1', 'a'))).not.toContain('reportHtmlGz');
      // A result stored without artifacts (rescore, failure) keeps the report; stored again with artifacts, it goes.
      await store.saveSite(result('r1', 'a', 0.5), null);
      expect(await store.lighthouseReport('r1', 'a')).not.toBeNull();
      await store.saveSite(result('r1', 'a', 1), { pages: [], lighthouse: facts });
      expect(await store.lighthouseReport('r1', 'a')).toBeNull();
    });

    test('updateIndicators replaces indicators and keeps artifacts', async () => {
      const store = await fresh();
      await store.openRun('r1', 'audit', 1);
      await store.saveSite(result('r1', 'a', 0.5), { pages: [] });
      await store.updateIndicators('r1', 'a', { wcag: { value: null, score: null, outcome: 'error', evidence: [], reason: 'r' } });
      expect((await store.getResult('r1', 'a'))!.indicators.wcag!.score).toBeNull();
      expect(await store.artifacts('r1', 'a')).toEqual({ pages: [] });
      await expect(store.updateIndicators('r1', 'zzz', {})).rejects.toThrow(/no result stored for r1\/zzz/);
    });

    test('a failed write leaves nothing half-written', async () => {
      const store = await fresh();
      await store.openRun('r1', 'audit', 1);
      const bad = result('r1', 'a', 0.5);
      // A score no store can keep as a number makes the indicator row fail after the result row was written.
      (bad.indicators.wcag as unknown as { score: unknown }).score = kind.name === 'sqlite' ? () => 1 : 'not a number';
      await expect(store.saveSite(bad, { pages: [] })).rejects.toThrow();
      expect(await store.countRows('r1')).toBe(0);
      expect(await store.artifacts('r1', 'a')).toBeNull();
    });

    test('the data survives reopening', async () => {
      const p = await place();
      const s1 = await p.open();
      await s1.openRun('r1', 'demo', 1);
      await s1.saveSite(result('r1', 'a', 1), null);
      await s1.close();
      const s2 = await p.open();
      stores.push(s2);
      expect((await s2.runs()).map((r) => [r.runId, r.kind, r.stored])).toEqual([['r1', 'demo', 1]]);
    });

    test('overrides, frozen runs and the change stamp', async () => {
      const store = await fresh();
      await store.openRun('r1', 'nightly', 1, '2026-11-23T00:00:00.000Z');
      await store.saveSite(result('r1', 'a', 0.5), null);
      const stamp = await store.changeStamp();
      const base = { runId: 'r1', targetId: 'a', indicatorId: 'wcag', reason: 'pārbaudīts', by: 'anna', at: '2026-11-24T08:00:00.000Z' } as const;
      const first = await store.addOverride({ ...base, action: 'set', value: { band: 'low', n: [1, 2] }, score: 0.25, outcome: 'fail' });
      // Dated after the result's stored_at (now), so it is the run's last change.
      const second = await store.addOverride({ ...base, action: 'revoke', score: null, outcome: null, at: '2999-11-25T08:00:00.000Z' });
      expect(second.seq).toBeGreaterThan(first.seq);
      expect(await store.overrides('r1')).toEqual([first, second]);
      expect((await store.overrides('r1'))[1]).not.toHaveProperty('value');
      expect(await store.overrides('other')).toEqual([]);
      expect(await store.changeStamp()).not.toBe(stamp);
      expect(await store.lastChange('r1')).toBe('2999-11-25T08:00:00.000Z');
      expect(await store.lastChange('none')).toBeNull();
      await store.freezeRun({ year: 2026, runId: 'r1', frozenAt: '2026-12-01T00:00:00.000Z', by: 'VARAM', reason: 'official' });
      expect(await store.frozenRuns()).toEqual([{ year: 2026, runId: 'r1', frozenAt: '2026-12-01T00:00:00.000Z', by: 'VARAM', reason: 'official' }]);
      await expect(store.freezeRun({ year: 2026, runId: 'r1', frozenAt: 'x', by: 'y', reason: 'z' })).rejects.toThrow();
    });

    test('a service run is sealed when every target has its terminal result of its newest generation', async () => {
      const store = await fresh();
      const [a, b] = [target('a'), target('b')];
      await store.addRunTargets('r1', 'nightly', '2026-11-23T23:00:00Z', [
        { target: a, generation: 0 },
        { target: b, generation: 0 },
      ]);
      expect(await store.sealState('r1')).toMatchObject({ sealed: false, targets: 2, terminal: 0, pending: 2 });
      expect(await store.openServiceRuns()).toEqual(['r1']);
      expect(await store.saveRunResult(result('r1', 'a', 0.8), null, 0)).toBe('stored');
      expect(await store.sealState('r1')).toMatchObject({ sealed: false, terminal: 1 });
      await store.saveRunResult(result('r1', 'b', null, 'dns'), null, 0);
      const sealed = (await store.sealState('r1'))!;
      expect(sealed).toMatchObject({ sealed: true, terminal: 2, pending: 0 });
      expect(sealed.sealedAt).toBeTruthy();
      expect((await store.run('r1'))!.finishedAt).toBe(sealed.sealedAt);
      expect(await store.openServiceRuns()).toEqual([]);
      const states = await store.runTargets('r1');
      expect(states.map((t) => [t.targetId, t.status, t.message, t.pending, t.resultGen])).toEqual([
        ['a', 'ok', null, false, 0],
        ['b', 'dns', 'dns: synthetic failure', false, 0],
      ]);
      expect(states[0]!.target).toEqual(a);
      // Opening the run again (a second firing) changes nothing.
      await store.addRunTargets('r1', 'nightly', '2026-11-23T23:00:00Z', [{ target: a, generation: 0 }]);
      expect((await store.sealState('r1'))!.sealed).toBe(true);
      // A re-queue opens it until a result of that generation lands; an older result arriving late is ignored.
      await store.addRunTargets('r1', 'nightly', '2026-11-23T23:00:00Z', [{ target: a, generation: 1 }]);
      expect(await store.sealState('r1')).toMatchObject({ sealed: false, pending: 1, sealedAt: null });
      expect(await store.latestSealedRun()).toBeNull();
      await store.saveRunResult(result('r1', 'a', 0.5), null, 1);
      expect(await store.saveRunResult(result('r1', 'a', null, 'timeout'), null, 0)).toBe('stale');
      expect((await store.sealState('r1'))!.sealed).toBe(true);
      expect((await store.getResult('r1', 'a'))!.indicators.wcag!.score).toBe(0.5);
      expect(await store.countRows('r1')).toBe(2);
      expect((await store.latestSealedRun('nightly'))!.runId).toBe('r1');
      expect(await store.latestSealedRun('demo')).toBeNull();
    });

    test('a provisional result keeps its run open until a final result of its generation replaces it', async () => {
      const store = await fresh();
      await store.addRunTargets('r3', 'nightly', '2026-11-23T23:00:00Z', [target('a'), target('b')].map((t) => ({ target: t, generation: 0 })));
      await store.saveRunResult(result('r3', 'b', 1), null, 0);
      const provisional = { ...result('r3', 'a', 0.2), provisional: true };
      expect(await store.saveRunResult(provisional, null, 0)).toBe('stored');
      expect(await store.sealState('r3')).toMatchObject({ sealed: false, sealedAt: null, pending: 0, provisional: 1, terminal: 1 });
      expect((await store.runTargets('r3')).map((t) => [t.targetId, t.pending, t.provisional])).toEqual([
        ['a', false, true],
        ['b', false, false],
      ]);
      expect(await store.openServiceRuns()).toEqual(['r3']);
      expect(await store.latestSealedRun()).toBeNull();
      // The result JSON says so (the API shows it).
      expect((await store.getResult('r3', 'a'))!.provisional).toBe(true);
      // The follow-up's final result of the same generation replaces it, and the run seals.
      expect(await store.saveRunResult({ ...result('r3', 'a', 0.9), provisional: false }, null, 0)).toBe('stored');
      expect(await store.sealState('r3')).toMatchObject({ sealed: true, provisional: 0, terminal: 2 });
      expect((await store.getResult('r3', 'a'))!).toMatchObject({ provisional: false, indicators: { wcag: { score: 0.9 } } });
      expect(await store.openServiceRuns()).toEqual([]);
      // A provisional message delivered again later never replaces the final result of its generation...
      expect(await store.saveRunResult(provisional, null, 0)).toBe('stale');
      expect((await store.getResult('r3', 'a'))!.indicators.wcag!.score).toBe(0.9);
      // ...but a provisional result of a newer generation (a re-queue) does, and opens the run again.
      await store.addRunTargets('r3', 'nightly', '2026-11-23T23:00:00Z', [{ target: target('a'), generation: 1 }]);
      expect(await store.saveRunResult(provisional, null, 1)).toBe('stored');
      expect(await store.sealState('r3')).toMatchObject({ sealed: false, provisional: 1 });
      expect(await store.saveRunResult(result('r3', 'a', 0.7), null, 1)).toBe('stored');
      expect((await store.sealState('r3'))!.sealed).toBe(true);
    });

    test('a result that arrives before its run is known creates it; the run message completes it', async () => {
      const store = await fresh();
      await store.saveRunResult(result('r2', 'a', 1), null, 0);
      expect(await store.sealState('r2')).toMatchObject({ kind: 'unknown', targets: 1 });
      await store.addRunTargets('r2', 'run', '2026-11-23T10:00:00Z', [target('a'), target('b')].map((t) => ({ target: t, generation: 0 })));
      expect(await store.sealState('r2')).toMatchObject({ kind: 'run', targets: 2, terminal: 1, sealed: false });
      expect(await store.openServiceRuns()).toEqual(['r2']);
      expect(await store.sealState('nope')).toBeNull();
    });

    test('in-process runs (no run targets) count as sealed when finished with every target stored', async () => {
      const store = await fresh();
      await store.openRun('audit-1', 'audit', 1);
      await store.saveSite(result('audit-1', 'a', 1), null);
      expect((await store.sealState('audit-1'))!.sealed).toBe(false);
      expect(await store.runTargets('audit-1')).toEqual([]);
      await store.finishRun('audit-1');
      expect((await store.sealState('audit-1'))!.sealed).toBe(true);
      expect((await store.latestSealedRun())!.runId).toBe('audit-1');
    });
  });
}
