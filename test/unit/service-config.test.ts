// The service config (config/service.json) and its schema (schema/service-config.schema.json): defaults, layers of
// overrides, and a clear error naming the file, the setting's path and the reason for each kind of mistake.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { isCronPattern, isTimeZone, loadServiceConfig } from '../../src/service/service-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'eindex-service-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
/** A file of overrides with `content` (an object is written as JSON). */
function file(content: unknown): string {
  const path = join(dir, `service-${++n}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('service config', () => {
  test('defaults with reasons, overrides checked', () => {
    const c = loadServiceConfig();
    expect(c.schedule).toEqual({ cron: '0 1 * * *', timeZone: 'Europe/Riga' });
    expect(loadServiceConfig(undefined, { worker: { concurrency: 4 } }).worker.concurrency).toBe(4);
    expect(() => loadServiceConfig(undefined, { worker: { concurency: 4 } as never })).toThrow(/unknown setting "concurency"/);
    expect(() => loadServiceConfig(undefined, { schedule: { timeZone: 'Mars/Olympus' } })).toThrow(/time zone/);
    expect(() => loadServiceConfig(undefined, { retries: { attempts: 0 } })).toThrow(/attempts/);
  });

  test('the loaded config has no "$" comments and only the settings of the schema', () => {
    const c = loadServiceConfig();
    expect(Object.keys(c).sort()).toEqual(['admission', 'api', 'followUp', 'politeness', 'retention', 'retries', 'schedule', 'store', 'worker']);
    for (const section of Object.values(c)) for (const key of Object.keys(section)) expect(key.startsWith('$')).toBe(false);
  });

  test('a file of overrides applies on top of config/service.json; its "$" comments are ignored', () => {
    const path = file({ $comment: 'test', worker: { concurrency: 3, $concurrency: 'why' }, schedule: { cron: '* * * * * *' } });
    const c = loadServiceConfig(path, { worker: { shutdownGraceMs: 5 } });
    expect(c.worker).toMatchObject({ concurrency: 3, shutdownGraceMs: 5, recycleBrowserEvery: 25 });
    expect(c.schedule).toEqual({ cron: '* * * * * *', timeZone: 'Europe/Riga' });
  });

  const mistakes: [string, unknown, RegExp][] = [
    ['unknown section', { wrker: {} }, /: unknown section "wrker" \(known: schedule, worker, /],
    ['unknown setting', { worker: { concurency: 2 } }, /: worker: unknown setting "concurency"/],
    ['wrong type', { worker: { concurrency: '2' } }, /: worker\.concurrency: expected a whole number, got "2"/],
    ['not whole', { retries: { attempts: 1.5 } }, /: retries\.attempts: expected a whole number, got 1\.5/],
    ['below its minimum', { worker: { timeLimitMs: 10 } }, /: worker\.timeLimitMs: must be a whole number ≥ 1000, got 10/],
    ['retention not above 0', { retention: { failedJobsDays: 0 } }, /: retention\.failedJobsDays: must be > 0, got 0/],
    ['section not an object', { store: 5 }, /: store: expected object, got 5/],
    ['cron out of range', { schedule: { cron: '61 1 * * *' } }, /: schedule\.cron: "61 1 \* \* \*" is not a cron pattern/],
    ['cron too short', { schedule: { cron: '0 1 * *' } }, /: schedule\.cron: "0 1 \* \*" is not a cron pattern/],
    ['cron nonsense', { schedule: { cron: 'at one' } }, /is not a cron pattern/],
    ['time zone unknown', { schedule: { timeZone: 'Europe/Atlantis' } }, /: schedule\.timeZone: "Europe\/Atlantis" is not an IANA time zone/],
  ];
  test.each(mistakes)('%s: the error names the file, the path and the reason', (_, content, message) => {
    const path = file(content);
    let error: unknown;
    try {
      loadServiceConfig(path);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message.startsWith(`${path}: `)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  test('every mistake of a file is reported at once', () => {
    const path = file({ worker: { concurrency: 0 }, retries: { attempts: 0 } });
    expect(() => loadServiceConfig(path)).toThrow(/worker\.concurrency: .*; retries\.attempts: /);
  });

  test('a file that is not JSON or not an object names the file', () => {
    const notJson = file('{ worker: ');
    expect(() => loadServiceConfig(notJson)).toThrow(new RegExp(`^${notJson.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not valid JSON`));
    expect(() => loadServiceConfig(file([1]))).toThrow(/must be a JSON object/);
    expect(() => loadServiceConfig(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot be read/);
  });

  test('cron patterns: 5 fields, or 6 with seconds; time zones by IANA name', () => {
    expect(isCronPattern('0 1 * * *')).toBe(true);
    expect(isCronPattern('*/5 * * * * *')).toBe(true);
    expect(isCronPattern('0 25 * * *')).toBe(false);
    expect(isCronPattern('')).toBe(false);
    expect(isTimeZone('Europe/Riga')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Riga')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
