// Limits on one page: the longest it may take, and closing it without waiting on it for ever.
import type { Page } from 'playwright-core';
import type { Config } from '../../config.ts';
import { failureMessage, SiteFailure } from '../../failures.ts';

/**
 * The longest one page may take, everything included (load, settle, reading, axe): past it the page is closed and
 * counted as a timeout. A safety net (loops and pages leaving during axe are caught by their events first), so a
 * hostile page cannot eat the whole site budget; generous, because axe on a big page on a loaded machine is slow.
 */
export function pageTimeoutMs(crawl: Config['crawl']): number {
  return Math.max(crawl.navigationTimeoutMs * 3 + Math.max(crawl.settleMs, crawl.settleBudgetMs), Math.round(crawl.siteTimeoutMs / 4));
}

export type Track = (c: { close(): Promise<unknown> }) => void;

/**
 * Runs `run` within the page limit; on expiry, or when `run` calls `fail` (a loop seen by an event handler), closes
 * what it opened (rejecting whatever waits on it) and fails at once.
 */
export async function withinPageLimit<T>(crawl: Config['crawl'], what: string, run: (track: Track, fail: (err: Error) => void) => Promise<T>): Promise<T> {
  const ms = pageTimeoutMs(crawl);
  const opened: { close(): Promise<unknown> }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stop: (err: Error) => void = () => undefined;
  const limit = new Promise<never>((_, reject) => {
    stop = (err) => {
      clearTimeout(timer);
      for (const c of opened) void c.close().catch(() => undefined);
      reject(err);
    };
    timer = setTimeout(() => stop(new SiteFailure('timeout', failureMessage('timeout', `page limit of ${ms} ms: ${what}`))), ms);
  });
  try {
    return await Promise.race([run((c) => opened.push(c), stop), limit]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes a page without waiting on it for more than `timeoutMs`: a page that navigated away mid-audit can leave
 * page.close() pending (its new document still held up in the egress proxy); the context's close ends it anyway.
 */
export async function closeQuietly(page: Page, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([page.close().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}
