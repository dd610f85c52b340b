// robots.txt: fetched once per site with the audit's user agent, parsed by robots-parser (the parser Lighthouse uses).
import { createRequire } from 'node:module';
import type { APIRequestContext } from 'playwright-core';

// robots-parser is CommonJS whose typings declare an ES default export; under Node's ESM interop the default import is
// the function itself, which the typings cannot express, so it is loaded with require and typed here.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (
  url: string,
  body: string,
) => { isAllowed(url: string, ua?: string): boolean | undefined };

export interface Robots {
  url: string;
  status: number;
  isAllowed(url: string): boolean;
}

export async function fetchRobots(request: APIRequestContext, siteUrl: string, userAgent: string, timeoutMs: number): Promise<Robots> {
  const url = new URL('/robots.txt', siteUrl).href;
  let status = 0;
  let body = '';
  try {
    const response = await request.get(url, { timeout: timeoutMs, maxRedirects: 5, failOnStatusCode: false });
    status = response.status();
    if (status === 200) body = (await response.text()).slice(0, 500_000);
  } catch {
    // No robots.txt we can read means no restrictions (RFC 9309: unreachable robots.txt is treated as allow-all
    // for 4xx; we treat network failures the same, since the home page load will report them).
  }
  const parser = robotsParser(url, body);
  return {
    url,
    status,
    isAllowed: (pageUrl: string) => parser.isAllowed(pageUrl, userAgent) !== false,
  };
}
