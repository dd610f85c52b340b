// The registry is the one list of indicators: everything a new indicator needs lives in its own file, and this test
// says what is missing (labels, advice, a weight, a test) instead of a report or export silently falling back.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BREAKDOWNS, INDICATORS, type IndicatorId } from '../../../src/indicators/index.ts';
import { orderByDependencies, type AnyIndicator } from '../../../src/indicators/indicator.ts';

const ROOT = join(import.meta.dirname, '../../..');
const scoring = JSON.parse(readFileSync(join(ROOT, 'config/scoring.json'), 'utf8')) as {
  dimensions: Record<string, { weights: Record<string, number> }>;
};

const filled = (l: { lv: string; en: string } | undefined): boolean => !!l && l.lv.trim() !== '' && l.en.trim() !== '';

describe.each(INDICATORS.map((i) => [i.id, i] as const))('%s', (id, ind) => {
  test('has lv and en labels for every CSV field it exports', () => {
    expect(ind.csv.filter((field) => !filled(ind.labels?.[field]))).toEqual([]);
  });

  test('has lv and en advice', () => {
    expect(filled(ind.advice)).toBe(true);
  });

  test('its breakdowns are keyed by its id, with labels for the values they name', () => {
    for (const b of ind.breakdowns ?? []) {
      expect(b.key.startsWith(`${id}.`), b.key).toBe(true);
      for (const [v, l] of Object.entries(b.valueLabels ?? {})) {
        expect(b.values, `${b.key}: ${v}`).toContain(v);
        expect(filled(l), `${b.key}: ${v}`).toBe(true);
      }
    }
  });

  test('has a weight in config/scoring.json under its own dimension', () => {
    expect(typeof scoring.dimensions[ind.dimension]?.weights[id]).toBe('number');
  });

  test('has a test file test/unit/indicators/<id>.test.ts (or a folder)', () => {
    const dir = join(ROOT, 'test/unit/indicators');
    expect(existsSync(join(dir, `${id}.test.ts`)) || existsSync(join(dir, id))).toBe(true);
  });

  test('runs after every indicator it depends on', () => {
    const at = INDICATORS.findIndex((i) => i.id === id);
    for (const dep of ind.dependsOn ?? []) {
      const depAt = INDICATORS.findIndex((i) => i.id === dep);
      expect(depAt, `${id} depends on ${dep}`).toBeGreaterThanOrEqual(0);
      expect(depAt, `${id} depends on ${dep}`).toBeLessThan(at);
    }
  });
});

describe('the registry', () => {
  test('ids are unique', () => {
    const ids = INDICATORS.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('derives the breakdowns from the indicators', () => {
    expect(Object.keys(BREAKDOWNS)).toEqual(INDICATORS.filter((i) => i.breakdowns?.length).map((i) => i.id));
  });

  test('IndicatorId names the registered ids', () => {
    const ids: IndicatorId[] = ['wcag', 'a11y-statement', 'open-data'];
    // @ts-expect-error not a registered indicator
    const unknown: IndicatorId = 'no-such-indicator';
    expect(ids.every((id) => INDICATORS.some((i) => i.id === id))).toBe(true);
    expect(unknown).toBeTruthy();
  });

  test('a11y-statement reads wcag, so it declares the dependency', () => {
    expect(INDICATORS.find((i) => i.id === 'a11y-statement')!.dependsOn).toContain('wcag');
  });
});

describe('orderByDependencies', () => {
  const ind = (id: string, dependsOn: string[] = []): AnyIndicator => ({
    id,
    dimension: 'technical',
    title: { lv: id, en: id },
    requires: [],
    defaultOptions: {},
    csv: [],
    dependsOn,
    evaluate: () => {
      throw new Error('stand-in');
    },
  });
  const ids = (list: readonly AnyIndicator[]): string[] => list.map((i) => i.id);

  test('keeps an order that already satisfies the dependencies (the registry order is unchanged)', () => {
    expect(ids(orderByDependencies([ind('a'), ind('b', ['a']), ind('c')]))).toEqual(['a', 'b', 'c']);
    expect(ids(orderByDependencies(INDICATORS))).toEqual(ids(INDICATORS));
  });

  test('moves an indicator after those it depends on', () => {
    expect(ids(orderByDependencies([ind('b', ['a']), ind('c'), ind('a')]))).toEqual(['a', 'b', 'c']);
    expect(ids(orderByDependencies([ind('c', ['b']), ind('b', ['a']), ind('a')]))).toEqual(['a', 'b', 'c']);
  });

  test('rejects a cycle, naming it', () => {
    expect(() => orderByDependencies([ind('a', ['b']), ind('b', ['c']), ind('c', ['a'])])).toThrow(/cycle: a -> b -> c -> a/);
    expect(() => orderByDependencies([ind('a', ['a'])])).toThrow(/cycle: a -> a/);
  });

  test('rejects a dependency on an unknown id', () => {
    expect(() => orderByDependencies([ind('a', ['nope'])])).toThrow(/"a" depends on "nope", which is not registered/);
  });
});
