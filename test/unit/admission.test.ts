import { afterEach, expect, test, vi } from 'vitest';
import { nextConcurrency, startAdmission, type AdmissionSettings } from '../../src/service/admission.ts';

const s: AdmissionSettings = { minConcurrency: 1, loadPerCore: 1.5, maxEventLoopDelayMs: 1000, intervalMs: 1000 };

test.each([
  // current, max, load per core, loop delay -> next
  [2, 2, 0.5, 10, 2], // quiet, already at max
  [1, 2, 0.5, 10, 2], // quiet: one step up
  [2, 4, 1.2, 10, 2], // between 0.75 and 1 of the limit: stay
  [2, 2, 2.0, 10, 1], // overloaded host: one step down
  [1, 2, 9.0, 10, 1], // never below the minimum
  [3, 4, 0.5, 1500, 2], // own event loop lagging: down, however quiet the host
  [2, 4, 0.5, 600, 2], // loop delay over half the limit: no step up
  [5, 3, 0.1, 1, 3], // a maximum lowered below the current: back within it
])('at %i of %i, load %f per core, loop %i ms -> %i', (current, max, loadPerCore, eventLoopDelayMs, next) => {
  expect(nextConcurrency(current, max, { loadPerCore, eventLoopDelayMs }, s)).toBe(next);
});

test('a minimum above the maximum yields to the maximum (a worker started with --concurrency 1)', () => {
  expect(nextConcurrency(1, 1, { loadPerCore: 9, eventLoopDelayMs: 0 }, { ...s, minConcurrency: 2 })).toBe(1);
});

afterEach(() => vi.useRealTimers());

test('startAdmission moves the target step by step with the readings and reports each change', () => {
  vi.useFakeTimers();
  const target = { concurrency: 3 };
  const loads = [4, 4, 4, 0.2, 0.2];
  const changes: number[] = [];
  const a = startAdmission(target, 3, s, (c) => changes.push(c), () => loads.shift() ?? 0.2);
  vi.advanceTimersByTime(5 * s.intervalMs);
  a.stop();
  expect(changes).toEqual([2, 1, 2, 3]);
  expect(target.concurrency).toBe(3);
});
