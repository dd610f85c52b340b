// The https indicator on transport artifacts: the pipeline's recording of a plain-http fixture site and hand-made
// artifacts in the same shape for the https situations (test/fixtures/artifacts/https/README.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../../src/config.ts';
import { runIndicators } from '../../../src/indicators/indicator.ts';
import https, { hstsMaxAge, type HttpsValue } from '../../../src/indicators/https.ts';
import type { Target } from '../../../src/types.ts';
import type { TransportFacts } from '../../../src/artifacts.ts';
import { recordedArtifact } from '../../helpers/artifacts.ts';

const ctx = { target: { id: 't', name: 'T', type: 'county', url: 'https://t.lv/' } as Target, now: new Date('2026-11-23'), results: {} };

function transport(name: string): TransportFacts {
  const file = join(REPO_ROOT, 'test', 'fixtures', 'artifacts', 'https', `${name}.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { transport: TransportFacts }).transport;
}

describe('https indicator', () => {
  test.each<[string, () => TransportFacts, Omit<HttpsValue, 'hstsMaxAge'>, number]>([
    ['ministry: https, redirect, HSTS with preload', () => transport('ministry-hsts-preload'), { https: true, validCertificate: true, redirectsToHttps: true, hsts: true }, 1],
    ['http:// entry redirected to https, HSTS half a year', () => transport('agency-http-entry-redirected'), { https: true, validCertificate: true, redirectsToHttps: true, hsts: true }, 1],
    ['county on https without HSTS', () => transport('county-no-hsts'), { https: true, validCertificate: true, redirectsToHttps: true, hsts: false }, 0.75],
    ['http:// answers without redirecting', () => transport('institution-http-not-redirected'), { https: true, validCertificate: true, redirectsToHttps: false, hsts: true }, 0.75],
    ['HSTS switched off with max-age=0', () => transport('company-hsts-max-age-0'), { https: true, validCertificate: true, redirectsToHttps: true, hsts: false }, 0.75],
    ['parish on plain http', () => transport('parish-http-only'), { https: false, validCertificate: false, redirectsToHttps: false, hsts: false }, 0],
    ['HSTS sent over plain http is ignored', () => transport('http-with-useless-hsts'), { https: false, validCertificate: false, redirectsToHttps: false, hsts: false }, 0],
    ['two HSTS headers joined', () => transport('state-city-double-hsts'), { https: true, validCertificate: true, redirectsToHttps: true, hsts: true }, 1],
    ['recorded fixture site (http, 302 to /lv/)', () => recordedArtifact('redirect', 'transport'), { https: false, validCertificate: false, redirectsToHttps: false, hsts: false }, 0],
  ])('%s', (_, facts, expected, score) => {
    const r = https.evaluate({ transport: facts() }, https.defaultOptions, ctx);
    expect(r.value).toMatchObject(expected);
    expect(r.score).toBe(score);
    expect(r.outcome).toBe(score === 1 ? 'pass' : 'fail');
    expect(r.evidence.length).toBeGreaterThan(0);
    for (const e of r.evidence) expect(e.url).toMatch(/^https?:\/\//);
  });

  test('evidence names the URLs, the redirect chain and the header', () => {
    const r = https.evaluate({ transport: transport('agency-http-entry-redirected') }, https.defaultOptions, ctx);
    const texts = r.evidence.map((e) => e.text).join('\n');
    expect(texts).toContain('http://www.dienests.gov.lv/ → https://www.dienests.gov.lv/ → https://www.dienests.gov.lv/lv/');
    expect(r.evidence).toContainEqual({ url: 'https://www.dienests.gov.lv/lv/', selector: 'Strict-Transport-Security', text: 'max-age=15768000' });
    expect(r.value?.hstsMaxAge).toBe(15768000);
  });

  test('a missing HSTS header is said so', () => {
    const r = https.evaluate({ transport: transport('county-no-hsts') }, https.defaultOptions, ctx);
    expect(r.evidence).toContainEqual(expect.objectContaining({ selector: 'Strict-Transport-Security', text: expect.stringMatching(/no HSTS header/) }));
    expect(r.evidence.find((e) => e.url === 'http://www.novads.lv/')?.text).toMatch(/http:\/\/ redirects to https/);
  });

  test('a failed transport collector gives score null with the reason', () => {
    const r = runIndicators([https], { transport: { collectorError: 'net::ERR_CONNECTION_RESET' } }, ctx)['https']!;
    expect(r).toMatchObject({ score: null, value: null, outcome: 'error' });
    expect(r.reason).toMatch(/ERR_CONNECTION_RESET/);
  });
});

describe('hstsMaxAge', () => {
  test.each<[string | null, number | null]>([
    ['max-age=31536000; includeSubDomains; preload', 31536000],
    ['max-age="600"', 600],
    ['includeSubDomains; max-age=300', 300],
    ['MAX-AGE=10', 10],
    ['max-age=0', 0],
    ['includeSubDomains', null],
    ['', null],
    [null, null],
  ])('%s → %s', (header, expected) => expect(hstsMaxAge(header)).toBe(expected));
});
