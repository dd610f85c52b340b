// The API's helpers without a server: the single-flight build cache behind exports and reports, opaque pagination
// cursors, and the token check.
import { describe, expect, test } from 'vitest';
import { authorised, BuildCache, HttpError, paginate } from '../../src/service/http.ts';

describe('BuildCache', () => {
  test('requests during a build share it; a new change stamp rebuilds; a failed build is not kept', async () => {
    const cache = new BuildCache<number>(2);
    let builds = 0;
    const build = () => ++builds;
    const [a, b, c] = await Promise.all([cache.get('r', 's1', build), cache.get('r', 's1', build), cache.get('r', 's1', build)]);
    expect([a, b, c, builds]).toEqual([1, 1, 1, 1]);
    expect(await cache.get('r', 's2', build)).toBe(2);
    await expect(cache.get('x', 's2', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('x', 's2', build)).toBe(3);
  });

  test('keeps at most max entries, dropping the oldest', async () => {
    const cache = new BuildCache<string>(2);
    let builds = 0;
    for (const k of ['a', 'b', 'c']) await cache.get(k, 's', () => `${k}${++builds}`);
    expect(await cache.get('c', 's', () => 'rebuilt')).toBe('c3');
    expect(await cache.get('a', 's', () => 'rebuilt')).toBe('rebuilt');
  });
});

describe('paginate', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  test('pages follow each other through opaque cursors until next is null', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = paginate(items, (s) => s, 2, cursor);
      seen.push(...page.items);
      cursor = page.next ?? undefined;
      pages++;
    } while (cursor);
    expect([seen, pages]).toEqual([items, 3]);
    expect(paginate(items, (s) => s, 5, undefined).next).toBeNull();
  });

  test('a cursor not made by the API, or whose entry is gone, is a 400 naming the cursor', () => {
    for (const bad of ['not-a-cursor', Buffer.from('{"after":1}').toString('base64url'), Buffer.from('{"after":"zz"}').toString('base64url')]) {
      let err: unknown;
      try {
        paginate(items, (s) => s, 2, bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).statusCode).toBe(400);
      expect((err as HttpError).message).toMatch(/^cursor: /);
    }
  });
});

test('authorised: Bearer, or Basic with the token as password; nothing else', () => {
  const token = 'a-long-enough-token-123456';
  expect(authorised(`Bearer ${token}`, token)).toBe(true);
  expect(authorised(`Basic ${Buffer.from(`op:${token}`).toString('base64')}`, token)).toBe(true);
  expect(authorised(`Basic ${Buffer.from(`${token}:`).toString('base64')}`, token)).toBe(false);
  expect(authorised(`Bearer ${token}`, undefined)).toBe(false);
  expect(authorised(undefined, token)).toBe(false);
  expect(authorised(token, token)).toBe(false);
});
