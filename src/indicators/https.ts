// HTTPS of the site, from the transport facts of the home page: served over https (the page loaded with Chromium's
// certificate checks on, so its certificate was valid), the http:// address redirecting to https, and HSTS.
import { defineIndicator } from './indicator.ts';
import { flag } from './breakdown.ts';
import type { Evidence } from '../types.ts';

export interface HttpsValue {
  https: boolean;
  validCertificate: boolean;
  redirectsToHttps: boolean;
  /** A Strict-Transport-Security header with max-age > 0, received over https. */
  hsts: boolean;
  /** max-age of the HSTS header in seconds; null when there is none or it cannot be read. */
  hstsMaxAge: number | null;
}

/** max-age of a Strict-Transport-Security header value ("max-age=31536000; includeSubDomains"), or null. */
export function hstsMaxAge(header: string | null): number | null {
  if (!header) return null;
  // Several headers arrive joined by ", " (and some servers send two): the first valid directive counts (RFC 6797 8.1).
  const m = /(?:^|[;,\s])max-age\s*=\s*"?(\d+)"?/i.exec(header);
  return m ? Number(m[1]) : null;
}

export default defineIndicator({
  id: 'https',
  dimension: 'technical',
  title: { lv: 'HTTPS', en: 'HTTPS' },
  csv: ['https', 'validCertificate', 'redirectsToHttps', 'hsts'],
  labels: {
    https: { lv: 'HTTPS', en: 'HTTPS' },
    validCertificate: { lv: 'derīgs sertifikāts', en: 'valid certificate' },
    redirectsToHttps: { lv: 'pāradresē uz HTTPS', en: 'redirects to HTTPS' },
    hsts: { lv: 'HSTS', en: 'HSTS' },
  },
  advice: {
    lv: 'Vietnei jābūt pieejamai tikai ar HTTPS: derīgs sertifikāts, pāradresācija no http:// uz https:// un Strict-Transport-Security galvene.',
    en: 'Serve the site over HTTPS only: a valid certificate, http:// redirecting to https://, and a Strict-Transport-Security header.',
  },
  breakdowns: ['https', 'validCertificate', 'redirectsToHttps', 'hsts'].map((f) => flag('https', f)),
  requires: ['transport'],
  defaultOptions: {},
  evaluate({ transport }) {
    const url = transport.finalUrl || transport.requestedUrl;
    const https = transport.https;
    // Only an https page can show a certificate; an http site has none to be valid.
    const validCertificate = https && transport.validCertificate === true;
    // The http:// root was probed (transport.redirectsToHttps), or the requested http:// address itself ended on https.
    const redirectedHere = transport.requestedUrl.startsWith('http:') && https;
    const redirectsToHttps = https && (transport.redirectsToHttps === true || redirectedHere);
    const maxAge = https ? hstsMaxAge(transport.hsts) : null;
    const hsts = maxAge !== null && maxAge > 0;

    const evidence: Evidence[] = [];
    evidence.push({
      url,
      text: https
        ? `lapa atvērta ar HTTPS, sertifikāts derīgs / served over HTTPS with a valid certificate`
        : `lapa atvērta bez HTTPS / served over plain HTTP`,
    });
    if (transport.redirects.length > 0) {
      evidence.push({ url: transport.requestedUrl, text: `pāradresācijas / redirects: ${[...transport.redirects, transport.finalUrl].join(' → ')}` });
    }
    if (https) {
      const plain = new URL(url);
      plain.protocol = 'http:';
      plain.pathname = '/';
      plain.search = '';
      evidence.push({
        url: plain.href,
        text: redirectsToHttps
          ? `http:// pāradresē uz https:// / http:// redirects to https://`
          : `http:// nepāradresē uz https:// / http:// does not redirect to https://`,
      });
    }
    if (transport.hsts !== null) {
      evidence.push({
        url,
        selector: 'Strict-Transport-Security',
        text: `${transport.hsts}${hsts ? '' : https ? ' (max-age 0 vai nav / max-age missing or 0)' : ' (ignored over http)'}`,
      });
    } else if (https) {
      evidence.push({ url, selector: 'Strict-Transport-Security', text: 'nav HSTS galvenes / no HSTS header' });
    }
    const checks = [https, validCertificate, redirectsToHttps, hsts];
    const passed = checks.filter(Boolean).length;
    return {
      value: { https, validCertificate, redirectsToHttps, hsts, hstsMaxAge: maxAge },
      // Each of the four a quarter: a site on https without HSTS is most of the way there.
      score: passed / 4,
      outcome: passed === 4 ? 'pass' : 'fail',
      evidence,
    };
  },
});
