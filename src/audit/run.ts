// An in-process run: every target through auditSite with p-limit, results into the store as each site finishes.
// The queue worker (workers/) calls the same auditSite; only the transport differs.
import { adHocRunId } from '../run-id.ts';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { egressOptions, launchBrowser, type AuditBrowser } from './browser.ts';
import type { Config } from '../config.ts';
import { auditSite } from './runner.ts';
import { failureResult } from './result.ts';
import { classifyError } from '../failures.ts';
import type { AnyIndicator } from '../indicators/indicator.ts';
import { INDICATORS } from '../indicators/index.ts';
import type { Store } from '../store/store.ts';
import type { SiteResult, Target } from '../types.ts';

export interface Progress {
  done: number;
  total: number;
  failed: number;
  current: string[];
  etaMs: number | null;
}

export interface RunOptions {
  runId: string;
  kind: string;
  targets: readonly Target[];
  config: Config;
  concurrency: number;
  store: Store;
  log: Logger;
  indicators?: readonly AnyIndicator[];
  onProgress?: (p: Progress) => void;
}

/** A run id for an ad-hoc audit (the one naming rule: src/run-id.ts). */
export const newRunId = adHocRunId;

export async function runAudit(opts: RunOptions): Promise<SiteResult[]> {
  const { store, log, targets } = opts;
  await store.openRun(opts.runId, opts.kind, targets.length);
  const started = Date.now();
  const launch = () => launchBrowser({ egress: egressOptions(opts.config.crawl) });
  let browser: AuditBrowser = await launch();
  // Lighthouse lanes beyond the auditing Chromium's own: a Chromium each, for Lighthouse alone (crawl.lighthouse.lanes).
  const { lighthouse } = opts.config.crawl;
  const laneBrowsers = lighthouse.enabled ? await Promise.all(Array.from({ length: Math.max(0, (lighthouse.lanes ?? 1) - 1) }, launch)) : [];
  let relaunching: Promise<void> | null = null;
  const progress: Progress = { done: 0, total: targets.length, failed: 0, current: [], etaMs: null };
  const report = () => opts.onProgress?.({ ...progress, current: [...progress.current] });

  // Relaunch once for everyone when the browser dies; sites in flight retry once on the new one.
  const ensureBrowser = async () => {
    if (browser.browser.isConnected()) return;
    relaunching ??= (async () => {
      log.warn('browser disconnected: relaunching');
      await browser.close();
      browser = await launch();
    })().finally(() => (relaunching = null));
    await relaunching;
  };

  const auditOne = async (target: Target, onPagesDone: () => void): Promise<SiteResult> => {
    for (let attempt = 1; ; attempt++) {
      await ensureBrowser();
      try {
        const { result, artifacts } = await auditSite(target, { browser, config: opts.config, runId: opts.runId, log, indicators: opts.indicators ?? INDICATORS, onPagesDone, laneBrowsers });
        if (result.status === 'browser-crash' && attempt === 1) continue;
        await store.saveSite(result, artifacts);
        return result;
      } catch (err) {
        // auditSite turns site problems into results; reaching here means the browser itself failed (newContext).
        const failure = classifyError(err);
        if (attempt === 1 && !browser.browser.isConnected()) continue;
        const result = failureResult(target, opts.runId, failure, browser, new Date());
        await store.saveSite(result, null);
        return result;
      }
    }
  };

  // Two kinds of slot: `concurrency` sites doing page work at once, and as many again whose pages are done and whose
  // Lighthouse run waits in the lane (src/audit/home.ts): a site hands its page slot on when its pages are done.
  const concurrency = Math.max(1, opts.concurrency);
  const pageSlots = pLimit(concurrency);
  const inFlight = pLimit(concurrency * 2);
  const withPageSlot = (target: Target) =>
    new Promise<SiteResult>((resolve, reject) => {
      void pageSlots(
        () =>
          new Promise<void>((release) => {
            auditOne(target, release).then(resolve, reject).finally(release);
          }),
      );
    });
  try {
    report();
    const results = await Promise.all(
      targets.map((target) =>
        inFlight(async () => {
          progress.current.push(target.id);
          report();
          const result = await withPageSlot(target);
          progress.current = progress.current.filter((id) => id !== target.id);
          progress.done++;
          if (result.status !== 'ok') progress.failed++;
          const perSite = (Date.now() - started) / progress.done;
          progress.etaMs = Math.round(perSite * (progress.total - progress.done));
          report();
          return result;
        }),
      ),
    );
    await store.finishRun(opts.runId);
    return results;
  } finally {
    await Promise.all([browser, ...laneBrowsers].map((b) => b.close()));
  }
}
