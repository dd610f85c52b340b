// Lighthouse (mobile) on the already running Chromium, through its debugging port.
// Lighthouse keeps global state while it runs, so calls are serialised per process.
import lighthouse from 'lighthouse';
import pLimit from 'p-limit';
import { createRequire } from 'node:module';
import type { LighthouseFacts } from '../types.ts';

const require = createRequire(import.meta.url);
export const LIGHTHOUSE_VERSION: string = (require('lighthouse/package.json') as { version: string }).version;

const oneAtATime = pLimit(1);

/** Audits kept in the artifact: they explain mobile and SEO findings to a person. */
const KEPT_AUDITS = ['viewport', 'font-size', 'tap-targets', 'target-size', 'is-on-https', 'http-status-code', 'document-title', 'html-has-lang'];

type Lhr = {
  lighthouseVersion: string;
  runtimeError?: { code: string; message: string };
  categories: Record<string, { score: number | null } | undefined>;
  audits: Record<string, { score: number | null; title: string; displayValue?: string } | undefined>;
};

export function lighthouseFacts(url: string, lhr: Lhr, durationMs: number): LighthouseFacts {
  const score = (id: string) => lhr.categories[id]?.score ?? null;
  const audits: LighthouseFacts['audits'] = {};
  for (const id of KEPT_AUDITS) {
    const a = lhr.audits[id];
    if (a) audits[id] = { score: a.score, title: a.title, ...(a.displayValue ? { displayValue: a.displayValue } : {}) };
  }
  return {
    url,
    lighthouseVersion: lhr.lighthouseVersion,
    categories: {
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      seo: score('seo'),
      performance: score('performance'),
    },
    runtimeError: lhr.runtimeError ? { code: lhr.runtimeError.code, message: lhr.runtimeError.message } : null,
    audits,
    durationMs,
  };
}

export interface LighthouseOptions {
  port: number;
  userAgent: string;
  timeoutMs: number;
  settings: Record<string, unknown>;
}

export function runLighthouse(url: string, options: LighthouseOptions): Promise<LighthouseFacts> {
  return new Promise<LighthouseFacts>((resolve, reject) => {
    void oneAtATime(async () => {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, fail) => {
        timer = setTimeout(() => fail(new Error(`Lighthouse did not finish in ${options.timeoutMs} ms`)), options.timeoutMs);
      });
      let run: Promise<unknown> = Promise.resolve();
      try {
        const flags = { port: options.port, logLevel: 'error' as const, output: 'json' as const };
        const config = {
          extends: 'lighthouse:default',
          settings: { ...options.settings, emulatedUserAgent: options.userAgent },
        };
        const pending = lighthouse(url, flags, config as never);
        run = pending;
        const result = await Promise.race([pending, timeout]);
        if (!result) throw new Error('Lighthouse returned no result');
        resolve(lighthouseFacts(url, result.lhr as unknown as Lhr, Date.now() - started));
      } catch (err) {
        reject(err as Error);
        // The caller has its answer, but a Lighthouse run cut off by the timeout (a hung page) still holds Lighthouse's
        // global state: keep the slot until it really ends, at most another timeoutMs, so runs never overlap.
        let grace: NodeJS.Timeout | undefined;
        await Promise.race([run.catch(() => undefined), new Promise((r) => (grace = setTimeout(r, options.timeoutMs)))]);
        clearTimeout(grace);
      } finally {
        clearTimeout(timer);
      }
    });
  });
}
