// Site results of the recorded fixture sites (test/fixtures/artifacts/recorded), evaluated by the real registry, and
// their reports rendered as the build does: for report tests that need no browser. Also a reader of a page's visible
// text (our own well-formed HTML only).
import { loadScoring } from '../../src/config.ts';
import type { PageFacts } from '../../src/artifacts.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import { runIndicators } from '../../src/indicators/indicator.ts';
import { aggregateRun } from '../../src/score/aggregate.ts';
import { scoreSite } from '../../src/score/score.ts';
import { renderOverview } from '../../src/publish/report/overview.ts';
import { renderSiteReport } from '../../src/publish/report/site.ts';
import { topFixes } from '../../src/publish/report/top-fixes.ts';
import type { Lang } from '../../src/publish/report/html.ts';
import type { AxePage } from '../../src/artifacts.ts';
import type { SiteResult, Target, TargetType } from '../../src/types.ts';
import { recorded } from './artifacts.ts';

export const RECORDED_SITES: readonly [string, TargetType][] = [
  ['clean', 'ministry'],
  ['violations', 'county'],
  ['not-mobile', 'institution'],
  ['redirect', 'state-company'],
];

export function recordedResult(site: string, type: TargetType): { result: SiteResult; axe: AxePage[] | null } {
  const artifacts = recorded(site);
  const pages = (Array.isArray(artifacts.pages) ? artifacts.pages : []) as PageFacts[];
  const target: Target = { id: site, name: `Fixture ${site.replace(/-/g, ' ')} iestāde`, type, url: pages[0]?.url ?? `http://fixture.test/${site}/` };
  const now = new Date('2026-11-23T01:00:00.000Z');
  const result: SiteResult = {
    schemaVersion: 1,
    runId: 'recorded',
    target,
    status: 'ok',
    startedAt: now.toISOString(),
    durationMs: 1000,
    versions: { auditor: '0', node: '24', chromium: '0', axeCore: '0', lighthouse: '0' },
    robots: null,
    pages: pages.map((p) => ({ url: p.url, finalUrl: p.finalUrl, status: p.status, roles: p.roles, title: p.title, foundBy: p.foundBy, ...(p.error ? { error: p.error } : {}) })),
    indicators: runIndicators(INDICATORS, artifacts, { target, now }),
  };
  return { result, axe: Array.isArray(artifacts.axe) ? (artifacts.axe as AxePage[]) : null };
}

/** Every report page of the recorded sites: relative path → HTML. */
export function renderRecorded(lang: Lang): Map<string, string> {
  const scoring = loadScoring(INDICATORS);
  const sites = RECORDED_SITES.map(([s, t]) => recordedResult(s, t));
  const results = sites.map((s) => s.result);
  const scores = new Map(results.map((r) => [r.target.id, scoreSite(r, scoring)]));
  const out = new Map<string, string>();
  out.set('index.html', renderOverview({ runId: 'recorded', runCreatedAt: '2026-11-23T01:00:00.000Z', sealed: true, frozen: null, results, scores, aggregates: aggregateRun(results, scoring, INDICATORS), indicators: INDICATORS, trend: [] }, lang).html);
  for (const { result, axe } of sites) {
    const input = { runId: 'recorded', runCreatedAt: '2026-11-23T01:00:00.000Z', sealed: true, result, scores: scores.get(result.target.id)!, indicators: INDICATORS, axe, shots: new Map(), changes: null, fixes: topFixes(result, scoring, INDICATORS), trend: [] };
    out.set(`sites/${result.target.id}.html`, renderSiteReport(input, lang));
  }
  return out;
}

const VOID = new Set(['br', 'img', 'input', 'meta', 'link', 'hr', 'source', 'wbr']);
const decode = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');

export interface VisibleText {
  /** Text a reader sees or hears (text nodes, alt and aria-label), outside <code>, <pre>, <script>, <style> and lang="en". */
  text: string[];
  /** Text inside elements marked lang="en" (English where no translation exists yet). */
  english: string[];
}

/** The body's visible text, split into what must be Latvian and what is marked English. */
export function visibleText(page: string): VisibleText {
  const body = page.slice(page.indexOf('<body'));
  const stack: { tag: string; skip: boolean; en: boolean }[] = [];
  const out: VisibleText = { text: [], english: [] };
  const re = /<(\/?)([a-zA-Z][\w-]*)([^>]*)>|([^<]+)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const top = stack[stack.length - 1];
    if (m[4] !== undefined) {
      const t = decode(m[4]).trim();
      if (t && !top?.skip) (top?.en ? out.english : out.text).push(t);
      continue;
    }
    const [, close, tagRaw, attrs = ''] = m;
    const tag = tagRaw!.toLowerCase();
    if (close) {
      const i = stack.map((s) => s.tag).lastIndexOf(tag);
      if (i >= 0) stack.length = i;
      continue;
    }
    const lang = /\slang="([^"]*)"/.exec(attrs)?.[1];
    const skip = (top?.skip ?? false) || ['code', 'pre', 'script', 'style'].includes(tag);
    const en = lang ? lang === 'en' : (top?.en ?? false);
    for (const a of ['alt', 'aria-label']) {
      const v = new RegExp(`\\s${a}="([^"]*)"`).exec(attrs)?.[1];
      if (v && !skip) (en ? out.english : out.text).push(decode(v));
    }
    if (!VOID.has(tag) && !attrs.endsWith('/')) stack.push({ tag, skip, en });
  }
  return out;
}

/** Internal identifiers in Latvian text: camelCase keys, kebab-case ids, page roles and statuses left as stored. */
export function identifiersIn(text: string): string[] {
  const t = text.replace(/https?:\/\/\S+/g, ' ').replace(/\b[\w.-]+\.(?:lv|com|eu|org|test|gov)\b\S*/g, ' ');
  const found = [
    ...t.matchAll(/\b[a-z]+[A-Z][A-Za-z]*\b/g),
    ...t.matchAll(/(?<![\w-])(?!e-|axe-core)[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g),
    ...t.matchAll(/\((?:home|sample|statement|participation|sitemap|contacts)\b/g),
    ...t.matchAll(/^(?:ok|pass|fail|error|true|false|null|undefined)$/g),
  ].map((m) => m[0]);
  return found;
}
