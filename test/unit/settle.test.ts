import { expect, test } from 'vitest';
import { nextSettleStep, type SettleLimits } from '../../src/audit/crawl/settle.ts';

const limits: SettleLimits = { quietMs: 300, budgetMs: 3000 };

test('a page quiet since before the wait, with no timer pending and the network quiet, is settled at once', () => {
  expect(nextSettleStep({ sinceMutationMs: 450, timers: 0, requests: 0 }, true, 0, limits)).toEqual({ done: 'settled' });
  expect(nextSettleStep({ sinceMutationMs: 300, timers: 0, requests: 0 }, true, 12, limits)).toEqual({ done: 'settled' });
});

test('only the quiet window left: sleep exactly until it would end, never past the budget', () => {
  expect(nextSettleStep({ sinceMutationMs: 120, timers: 0, requests: 0 }, true, 0, limits)).toEqual({ waitMs: 180 });
  expect(nextSettleStep({ sinceMutationMs: 0, timers: 0, requests: 0 }, true, 2900, limits)).toEqual({ waitMs: 100 });
  // A mutation a hair ago: at least a few ms, not a busy loop.
  expect(nextSettleStep({ sinceMutationMs: 299.9, timers: 0, requests: 0 }, true, 0, limits)).toEqual({ waitMs: 5 });
});

test('a pending load-time timer (a footer inserted 800 ms after load), its request or a busy network is looked at again soon', () => {
  expect(nextSettleStep({ sinceMutationMs: 5000, timers: 1, requests: 0 }, true, 100, limits)).toEqual({ waitMs: 50 });
  expect(nextSettleStep({ sinceMutationMs: 5000, timers: 0, requests: 0 }, false, 100, limits)).toEqual({ waitMs: 50 });
  expect(nextSettleStep({ sinceMutationMs: 10, timers: 2, requests: 0 }, true, 100, limits)).toEqual({ waitMs: 50 });
  // The app's content requested after its start-up timer: the network is not quiet, whatever networkidle said.
  expect(nextSettleStep({ sinceMutationMs: 5000, timers: 0, requests: 1 }, true, 100, limits)).toEqual({ waitMs: 50 });
});

test('a page still changing when the budget runs out ends the wait and says what was still going on', () => {
  expect(nextSettleStep({ sinceMutationMs: 40, timers: 0, requests: 0 }, true, 3000, limits)).toEqual({ done: 'budget', still: ['mutations'] });
  expect(nextSettleStep({ sinceMutationMs: 40, timers: 3, requests: 0 }, false, 3200, limits)).toEqual({ done: 'budget', still: ['mutations', 'timers', 'network'] });
  expect(nextSettleStep({ sinceMutationMs: 900, timers: 0, requests: 2 }, true, 3000, limits)).toEqual({ done: 'budget', still: ['network'] });
  // Settled on the very last look counts as settled, not as the budget running out.
  expect(nextSettleStep({ sinceMutationMs: 400, timers: 0, requests: 0 }, true, 3500, limits)).toEqual({ done: 'settled' });
});

test('a page without the watcher (or that did not answer) waits only for the network', () => {
  expect(nextSettleStep(null, true, 0, limits)).toEqual({ done: 'settled' });
  expect(nextSettleStep(null, false, 0, limits)).toEqual({ waitMs: 50 });
  expect(nextSettleStep(null, false, 3000, limits)).toEqual({ done: 'budget', still: ['network'] });
});

test('a zero budget never waits', () => {
  expect(nextSettleStep({ sinceMutationMs: 0, timers: 1, requests: 0 }, true, 0, { quietMs: 300, budgetMs: 0 })).toEqual({ done: 'budget', still: ['mutations', 'timers'] });
});
