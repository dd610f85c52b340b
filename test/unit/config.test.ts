import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

function file(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'eindex-config-')), 'over.json');
  writeFileSync(path, content);
  return path;
}

test('the shipped config loads without its $ comments', () => {
  const c = loadConfig();
  expect(c.crawl.maxPages).toBeGreaterThan(0);
  expect(Object.keys(c.crawl).some((k) => k.startsWith('$'))).toBe(false);
  expect(c.crawl.roleKeywords.statement).toContain('piekļūstamīb');
});

test('overrides merge key by key; command-line values win', () => {
  const c = loadConfig(file('{"crawl": {"maxPages": 3, "lighthouse": {"timeoutMs": 5}}, "indicators": {"wcag": {"maxEvidence": 1}}}'), { maxPages: 4 });
  expect(c.crawl.maxPages).toBe(4);
  expect(c.crawl.lighthouse.timeoutMs).toBe(5);
  expect(c.crawl.lighthouse.enabled).toBe(true);
  expect(c.indicators.wcag).toEqual({ maxEvidence: 1 });
});

test.each([
  ['{"crawl": {"maxPagez": 3}}', /unknown setting "maxPagez"/],
  ['{"crawl": {"maxPages": "3"}}', /crawl.maxPages: expected number, got string/],
  ['{"crawl": {"maxPages": 0}}', /maxPages: must be a whole number/],
  ['{"crowl": {}}', /unknown section "crowl"/],
  ['{not json', /is not valid JSON/],
  ['[]', /not a JSON object/],
])('%s is rejected with a message naming the setting', (content, message) => {
  const path = file(content);
  expect(() => loadConfig(path)).toThrow(ConfigError);
  expect(() => loadConfig(path)).toThrow(message);
});

test('a missing file is named', () => {
  expect(() => loadConfig('/nonexistent/eindex.json')).toThrow(/nonexistent\/eindex.json: cannot be read/);
});
