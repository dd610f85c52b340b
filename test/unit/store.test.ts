import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { Store } from '../../src/store/store.ts';
import type { SiteResult } from '../../src/types.ts';

const dirs: string[] = [];
function tempStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'eindex-store-'));
  dirs.push(dir);
  return new Store(join(dir, 'sub', 'eindex.sqlite'));
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function result(targetId: string, score: number | null, status: SiteResult['status'] = 'ok'): SiteResult {
  return {
    schemaVersion: 1,
    runId: 'r1',
    target: { id: targetId, name: `Iestāde ${targetId}`, type: 'institution', sector: 'FM', url: `https://${targetId}.lv/` },
    status,
    ...(status === 'ok' ? {} : { message: 'x' }),
    startedAt: '2026-11-23T01:00:00.000Z',
    durationMs: 1000,
    versions: { auditor: '0.1.0', node: 'v24', chromium: '156', axeCore: '4.14.1', lighthouse: '13.5.0' },
    robots: null,
    pages: [],
    indicators: { wcag: { value: { band: 'high' }, score, outcome: 'fail', evidence: [] } },
  };
}

test('saving a site twice in a run leaves one row, the newer one', () => {
  const store = tempStore();
  store.openRun('r1', 'audit', 2);
  store.saveSite(result('a', 0.5), { pages: [] });
  store.saveSite(result('a', 0.9), { pages: [] });
  store.saveSite(result('b', null, 'timeout'), null);
  expect(store.countRows('r1')).toBe(2);
  expect(store.getResult('r1', 'a')!.indicators.wcag!.score).toBe(0.9);
  expect(store.results('r1').map((r) => r.target.id)).toEqual(['a', 'b']);
  expect(store.artifacts('r1', 'a')).toEqual({ pages: [] });
  expect(store.artifacts('r1', 'b')).toBeNull();
  expect(store.run('r1')).toMatchObject({ targets: 2, stored: 2, failed: 1, finishedAt: null });
  store.finishRun('r1');
  expect(store.run('r1')!.finishedAt).not.toBeNull();
  store.close();
});

test('updateIndicators replaces indicators and keeps artifacts', () => {
  const store = tempStore();
  store.openRun('r1', 'audit', 1);
  store.saveSite(result('a', 0.5), { pages: [] });
  store.updateIndicators('r1', 'a', { wcag: { value: null, score: null, outcome: 'error', evidence: [], reason: 'r' } });
  expect(store.getResult('r1', 'a')!.indicators.wcag!.score).toBeNull();
  expect(store.artifacts('r1', 'a')).toEqual({ pages: [] });
  expect(() => store.updateIndicators('r1', 'zzz', {})).toThrow(/no result stored for r1\/zzz/);
  store.close();
});

test('a failed write leaves nothing half-written', () => {
  const store = tempStore();
  store.openRun('r1', 'audit', 1);
  const bad = result('a', 0.5);
  // A score outside what SQLite can bind (a function) makes the indicator row fail after the result row was written.
  (bad.indicators.wcag as unknown as { score: unknown }).score = () => 1;
  expect(() => store.saveSite(bad, { pages: [] })).toThrow();
  expect(store.countRows('r1')).toBe(0);
  expect(store.artifacts('r1', 'a')).toBeNull();
  store.close();
});

test('the data survives reopening the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eindex-store-'));
  dirs.push(dir);
  const path = join(dir, 'e.sqlite');
  const s1 = new Store(path);
  s1.openRun('r1', 'demo', 1);
  s1.saveSite(result('a', 1), null);
  s1.close();
  const s2 = new Store(path);
  expect(s2.runs().map((r) => [r.runId, r.kind, r.stored])).toEqual([['r1', 'demo', 1]]);
  s2.close();
});
