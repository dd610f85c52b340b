// Transport facts of the home page: redirects on the way, https, whether plain http redirects to https, HSTS.
import type { APIRequestContext, Response } from 'playwright-core';
import type { TransportFacts } from '../artifacts.ts';

/** `response` is the home page's main response (null when none); `finalUrl` where the home page ended. */
export async function collectTransport(request: APIRequestContext, requested: string, finalUrl: string, response: Response | null, timeoutMs: number): Promise<TransportFacts> {
  const redirects: string[] = [];
  for (let r = response?.request().redirectedFrom(); r; r = r.redirectedFrom()) redirects.unshift(r.url());
  const https = finalUrl.startsWith('https:');
  let redirectsToHttps: boolean | null = null;
  if (https) {
    const plain = new URL(finalUrl);
    plain.protocol = 'http:';
    plain.pathname = '/';
    try {
      const probe = await request.get(plain.href, { timeout: timeoutMs, maxRedirects: 0, failOnStatusCode: false });
      redirectsToHttps = probe.status() >= 300 && probe.status() < 400 && (probe.headers().location ?? '').startsWith('https:');
      await probe.dispose();
    } catch {
      redirectsToHttps = false;
    }
  }
  return {
    requestedUrl: requested,
    finalUrl,
    redirects,
    https,
    redirectsToHttps,
    // The home page loaded over https with certificate checks on, so its certificate was valid.
    validCertificate: https ? true : null,
    hsts: (await response?.headerValue('strict-transport-security')) ?? null,
  };
}
