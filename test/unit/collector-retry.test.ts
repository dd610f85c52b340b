// A transient collector failure is tried again while the site's time allows; a lasting one is not.
import { describe, expect, test } from 'vitest';
import { runWithRetries } from '../../src/audit/home.ts';
import { isTransientCollectorError } from '../../src/failures.ts';

/** A clock the attempts move forward: each attempt "takes" its given ms. */
function scripted(outcomes: { ms: number; fail?: string; value?: string }[]) {
  let t = 0;
  let calls = 0;
  return {
    now: () => t,
    calls: () => calls,
    attempt: async () => {
      const o = outcomes[calls++]!;
      t += o.ms;
      if (o.fail) throw new Error(o.fail);
      return o.value;
    },
  };
}

describe('runWithRetries', () => {
  test('a time-out, then success: the value of the second attempt', async () => {
    const s = scripted([{ ms: 20_000, fail: 'page.goto: Timeout 20000ms exceeded.' }, { ms: 3_000, value: 'facts' }]);
    expect(await runWithRetries(s.attempt, 1, 240_000, s.now)).toBe('facts');
    expect(s.calls()).toBe(2);
  });

  test('each failure tried again is told (for the log), and only those', async () => {
    const told: [string, number][] = [];
    const s = scripted([
      { ms: 1_000, fail: 'Lighthouse transient runtime error PROTOCOL_TIMEOUT: Waiting for DevTools protocol response' },
      { ms: 1_000, fail: 'Lighthouse did not finish in 90000 ms' },
      { ms: 1_000, fail: 'Lighthouse did not finish in 90000 ms' },
    ]);
    const out = await runWithRetries(s.attempt, 2, 240_000, s.now, (reason, tries) => told.push([reason, tries]));
    expect(out).toEqual({ collectorError: 'Lighthouse did not finish in 90000 ms', attempts: 3, transient: true });
    // The third failure is the end, not a retry.
    expect(told).toEqual([
      ['Lighthouse transient runtime error PROTOCOL_TIMEOUT: Waiting for DevTools protocol response', 1],
      ['Lighthouse did not finish in 90000 ms', 2],
    ]);
  });

  test('transient twice with one retry: an error saying 2 attempts, transient', async () => {
    const s = scripted([{ ms: 1_000, fail: 'Lighthouse did not finish in 90000 ms' }, { ms: 1_000, fail: 'Lighthouse did not finish in 90000 ms' }]);
    expect(await runWithRetries(s.attempt, 1, 240_000, s.now)).toEqual({ collectorError: 'Lighthouse did not finish in 90000 ms', attempts: 2, transient: true });
  });

  test('a lasting failure (our bug, not the moment) is not tried again', async () => {
    const s = scripted([{ ms: 10, fail: "TypeError: Cannot read properties of undefined (reading 'x')" }, { ms: 10, value: 'never' }]);
    expect(await runWithRetries(s.attempt, 1, 240_000, s.now)).toEqual({ collectorError: "TypeError: Cannot read properties of undefined (reading 'x')" });
    expect(s.calls()).toBe(1);
  });

  test('no retry when the site has less time left than the failed attempt took (plus the margin)', async () => {
    const s = scripted([{ ms: 90_000, fail: 'Lighthouse did not finish in 90000 ms' }, { ms: 1, value: 'x' }]);
    expect(await runWithRetries(s.attempt, 1, 150_000, s.now)).toEqual({ collectorError: 'Lighthouse did not finish in 90000 ms', transient: true });
    expect(s.calls()).toBe(1);
  });

  test('retries 0: one attempt only', async () => {
    const s = scripted([{ ms: 5, fail: 'net::ERR_ABORTED' }, { ms: 5, value: 'x' }]);
    expect(await runWithRetries(s.attempt, 0, 240_000, s.now)).toMatchObject({ transient: true });
    expect(s.calls()).toBe(1);
  });
});

test.each([
  ['page.goto: Timeout 20000ms exceeded.', true],
  ['Lighthouse did not finish in 90000 ms', true],
  ['Lighthouse transient runtime error PROTOCOL_TIMEOUT: Waiting for DevTools protocol response has exceeded the allotted time.', true],
  ['page.goto: net::ERR_ABORTED at http://x.lv/', true],
  ['Target page, context or browser has been closed', true],
  ['page.goto: net::ERR_CONNECTION_RESET', true],
  ['page.goto: net::ERR_CERT_AUTHORITY_INVALID', false],
  ["TypeError: Cannot read properties of undefined (reading 'x')", false],
])('isTransientCollectorError(%s) = %s', (message, expected) => {
  expect(isTransientCollectorError(new Error(message))).toBe(expected);
});
