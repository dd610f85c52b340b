import { expect, test } from 'vitest';
import { hostKey, siteName, withHostSlot } from '../../src/audit/politeness.ts';

test.each([
  ['https://www.Example.LV/a', 'example.lv'],
  ['http://example.lv.:8080/', 'example.lv:8080'],
  ['https://example.lv:443/', 'example.lv'],
  ['http://WWW.example.lv:80/x', 'example.lv'],
  ['https://sub.www.example.lv/', 'sub.www.example.lv'],
  ['not a url', 'not a url'],
])('hostKey(%s) is %s', (url, key) => {
  expect(hostKey(url)).toBe(key);
});

test('siteName leaves the port out', () => {
  expect(siteName('http://www.example.lv.:8080/')).toBe('example.lv');
});

test('withHostSlot runs one audit of a host at a time with size 1, other hosts alongside', async () => {
  const order: string[] = [];
  const audit = (name: string, ms: number) => async () => {
    order.push(`start ${name}`);
    await new Promise((r) => setTimeout(r, ms));
    order.push(`end ${name}`);
  };
  await Promise.all([
    withHostSlot('https://example.lv/', 1, audit('a', 20)),
    withHostSlot('https://www.example.lv/', 1, audit('b', 1)),
    withHostSlot('https://other.lv/', 1, audit('c', 1)),
  ]);
  expect(order.indexOf('start b')).toBeGreaterThan(order.indexOf('end a'));
  expect(order.indexOf('start c')).toBeLessThan(order.indexOf('end a'));
});
