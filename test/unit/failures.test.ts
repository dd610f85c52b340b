import { expect, test } from 'vitest';
import { classifyError, classifyResponse, isTransient, SiteFailure } from '../../src/failures.ts';

test.each([
  ['page.goto: net::ERR_NAME_NOT_RESOLVED at https://x.invalid/', 'dns'],
  ['page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/', 'connection-refused'],
  ['page.goto: net::ERR_CERT_DATE_INVALID at https://expired.lv/', 'tls'],
  ['page.goto: net::ERR_CERT_AUTHORITY_INVALID', 'tls'],
  ['page.goto: net::ERR_TOO_MANY_REDIRECTS at http://a.lv/', 'redirect-loop'],
  ['TimeoutError: page.goto: Timeout 20000ms exceeded.', 'timeout'],
  ['page.goto: net::ERR_BLOCKED_BY_RESPONSE', 'blocked'],
  ['browserContext.newPage: Target page, context or browser has been closed', 'browser-crash'],
  ['something odd', 'internal'],
])('%s -> %s', (message, expected) => {
  const failure = classifyError(new Error(message));
  expect(failure.failure).toBe(expected);
  expect(failure.message).toContain(message.split('\n')[0]);
  // Latvian first, then English.
  expect(failure.message).toContain(" / ");
});

test('a SiteFailure passes through unchanged', () => {
  const f = new SiteFailure('robots-disallowed', 'x');
  expect(classifyError(f)).toBe(f);
});

test.each([
  [200, 'text/html; charset=utf-8', null],
  [200, 'application/xhtml+xml', null],
  [404, 'text/html', 'http-error'],
  [503, 'text/html', 'http-error'],
  [200, 'application/pdf', 'not-html'],
  [200, '', null],
])('classifyResponse(%i, %s)', (status, type, expected) => {
  expect(classifyResponse(status, type)?.failure ?? null).toBe(expected);
});

test.each([
  ['timeout', '', true],
  ['browser-crash', '', true],
  ['http-error', 'HTTP 503', true],
  ['http-error', 'HTTP 404', false],
  ['tls', '', false],
  ['robots-disallowed', '', false],
  ['redirect-loop', '', false],
  ['connection-refused', '', true],
  ['dns', 'net::ERR_NAME_NOT_RESOLVED at https://x.invalid/', false],
  ['dns', 'getaddrinfo EAI_AGAIN www.vid.gov.lv', true],
] as const)('isTransient(%s, %s) = %s', (failure, detail, expected) => expect(isTransient(failure, detail)).toBe(expected));
