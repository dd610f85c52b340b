// What is kept of a Lighthouse report: the four category scores, the runtime error, and the audits that explain
// mobile and SEO findings to a person. Shared by the worker thread that runs Lighthouse and by the tests.
import defaultConfig from 'lighthouse/core/config/default-config.js';
import type { LighthouseFacts } from '../artifacts.ts';

/** Audits kept in the artifact: they explain mobile and SEO findings to a person. */
export const KEPT_AUDITS = ['viewport', 'font-size', 'tap-targets', 'target-size', 'is-on-https', 'http-status-code', 'document-title', 'html-has-lang'];

export type Lhr = {
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

/** Runtime errors that say the run went wrong, not the page: a slow trace or protocol on a busy machine, a crashed
 * tab, a network hiccup. They are tried again like any transient failure; the rest (an HTTP 4xx, not HTML, DNS,
 * an interstitial) say what the site is and stand. */
export const TRANSIENT_RUNTIME_ERRORS: ReadonlySet<string> = new Set([
  'NO_SPEEDLINE_FRAMES', 'SPEEDINDEX_OF_ZERO', 'NO_SCREENSHOTS', 'INVALID_SPEEDLINE', 'NO_TRACING_STARTED', 'NO_NAVSTART',
  'NO_FCP', 'NO_DCL', 'PAGE_HUNG', 'FAILED_DOCUMENT_REQUEST', 'TRACING_ALREADY_STARTED', 'PROTOCOL_TIMEOUT', 'CRI_TIMEOUT', 'TARGET_CRASHED',
]);

export function isTransientRuntimeError(error: { code: string; message: string }): boolean {
  // An overloaded server's answer may pass, as for the site's own pages (failures.ts, isTransient).
  if (error.code === 'ERRORED_DOCUMENT_REQUEST') return /Status code: (5\d\d|429)\b/.test(error.message);
  return TRANSIENT_RUNTIME_ERRORS.has(error.code);
}

/**
 * Audits that weigh 0 in the categories run (diagnostics, opportunities and insights of performance; informative
 * checks of the others), less those kept in the artifact. A category's score is the weighted mean of its audits, so
 * leaving these out changes no score; Lighthouse then also skips the gatherers only they need (JavaScript and CSS
 * coverage, image re-encoding, compression tests, source maps).
 */
export function unweightedAudits(categories: readonly string[]): string[] {
  const all = (defaultConfig as { categories: Record<string, { auditRefs: { id: string; weight: number }[] }> }).categories;
  const weighted = new Set(categories.flatMap((c) => all[c]?.auditRefs.filter((r) => r.weight > 0).map((r) => r.id) ?? []));
  const unweighted = categories.flatMap((c) => all[c]?.auditRefs.filter((r) => r.weight === 0).map((r) => r.id) ?? []);
  return [...new Set(unweighted)].filter((id) => !weighted.has(id) && !KEPT_AUDITS.includes(id));
}
