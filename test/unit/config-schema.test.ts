import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CONFIG_DIR, ConfigError, loadConfig, readCrawlFile } from '../../src/config.ts';

const shipped = (): Record<string, any> => JSON.parse(readFileSync(join(CONFIG_DIR, 'crawl.json'), 'utf8'));

function crawlFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'eindex-crawl-')), 'crawl.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

test('the shipped crawl.json matches the schema, timings included', () => {
  const crawl = readCrawlFile(join(CONFIG_DIR, 'crawl.json'));
  expect(crawl.timings).toEqual({ motionWindowMs: 3000, maxTabPresses: 40, textResizeSettleMs: 200, pageCloseMs: 3000, collectorRetries: 1, slowSiteFactor: 2.5 });
  expect(crawl.screenshots.elementTimeoutMs).toBe(3000);
  expect(loadConfig().crawl.timings.pageCloseMs).toBe(3000);
});

test('a wrong type is named by file, JSON path and reason', () => {
  const raw = shipped();
  raw.politeness.minGapMs = 'fast';
  const path = crawlFile(raw);
  expect(() => readCrawlFile(path)).toThrow(ConfigError);
  expect(() => readCrawlFile(path)).toThrow(`${path}: does not match schema/config.schema.json`);
  expect(() => readCrawlFile(path)).toThrow('$.politeness.minGapMs: must be number');
});

test('a missing key and an unknown key are named, all problems at once', () => {
  const raw = shipped();
  delete raw.timings.motionWindowMs;
  raw.maxPagez = 3;
  const path = crawlFile(raw);
  let message = '';
  try {
    readCrawlFile(path);
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toContain(path);
  expect(message).toContain('$.timings.motionWindowMs: is required');
  expect(message).toContain('$.maxPagez: is not a known setting');
});

test('overrides are checked by the schema after merging', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'eindex-config-')), 'over.json');
  writeFileSync(path, JSON.stringify({ crawl: { mobileViewport: { deviceScaleFactor: -1 } } }));
  expect(() => loadConfig(path)).toThrow(/\$\.mobileViewport\.deviceScaleFactor: must be > 0/);
});
