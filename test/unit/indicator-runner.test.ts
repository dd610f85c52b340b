import { expect, test } from 'vitest';
import { defineIndicator, runIndicators } from '../../src/indicators/indicator.ts';
import type { Target } from '../../src/types.ts';

const target: Target = { id: 't', name: 'T', type: 'county', url: 'https://t.lv/' };
const ctx = { target, now: new Date('2026-11-23') };

const pagesCount = defineIndicator({
  id: 'pages-count',
  dimension: 'technical',
  title: { lv: 'Lapas', en: 'Pages' },
  csv: [],
  requires: ['pages'],
  defaultOptions: { min: 1, label: 'x' },
  evaluate: ({ pages }, o) => ({ value: pages.length, score: pages.length >= o.min ? 1 : 0, outcome: 'pass', evidence: [], reason: o.label }),
});
const reader = defineIndicator({
  id: 'reader',
  dimension: 'technical',
  title: { lv: 'L', en: 'R' },
  csv: [],
  requires: ['pages'],
  defaultOptions: {},
  evaluate: (_, __, c) => ({ value: c.results['pages-count']?.value ?? null, score: 1, outcome: 'pass', evidence: [] }),
});
const thrower = defineIndicator({
  id: 'thrower',
  dimension: 'technical',
  title: { lv: 'T', en: 'T' },
  csv: [],
  requires: ['pages'],
  defaultOptions: {},
  evaluate: () => {
    throw new Error('bad input');
  },
});

test('a missing artifact, a failed collector and a throwing indicator each become score null with a reason', () => {
  expect(runIndicators([pagesCount], {}, ctx)['pages-count']).toMatchObject({ score: null, outcome: 'error', reason: 'artifact "pages" was not collected' });
  expect(runIndicators([pagesCount], { pages: { collectorError: 'page crashed' } }, ctx)['pages-count']).toMatchObject({
    score: null,
    reason: 'artifact "pages" failed: page crashed',
  });
  const results = runIndicators([thrower, pagesCount], { pages: [] }, ctx);
  expect(results.thrower).toMatchObject({ score: null, reason: 'indicator threw: bad input' });
  expect(results['pages-count']).toMatchObject({ score: 0, outcome: 'pass' });
});

test('options from config replace the defaults key by key', () => {
  const r = runIndicators([pagesCount], { pages: [] }, ctx, { 'pages-count': { min: 0 } });
  expect(r['pages-count']).toMatchObject({ score: 1, reason: 'x' });
});

test('later indicators read earlier results', () => {
  const r = runIndicators([pagesCount, reader], { pages: [] }, ctx);
  expect(r.reader!.value).toBe(0);
});
