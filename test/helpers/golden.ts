// Golden results of the lv-* fixture sites (test/fixtures/sites/lv-*): audit a site in real Chromium, re-run the
// indicators at a fixed "now" (statement ages do not change with the day), and compare the result with the site's
// expected answers (test/golden/<site>.expected.json). Shared by test/e2e/golden.e2e.test.ts, scripts/golden.ts and
// scripts/accuracy.ts.
//
// An expected file holds what a careful human expert would record for the site, written from INDICATORS.md and not
// from what the code outputs:
//   { "$site": "what the site is and which tricky cases it holds",
//     "<indicator id>": { "value": { ...fields you are sure of... }, "evidence": [{ "url": "...", "text": "..." }] } }
// Each leaf of `value` is one case: scalars must be equal; arrays are compared as sets ("languages": ["en", "ru"]).
// "platforms" under `social` is the set of `accounts[].platform` (the contract's field). `null` means the field must
// be null. URLs use the stable origin http://<site>.fixture.test. Each `evidence` entry is one case too: some evidence
// item of the indicator must have that url (when given) and contain that text (when given, case-insensitive).
// Keys starting with "$" are notes for people.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditSite, type SiteAudit } from '../../src/audit/runner.ts';
import type { AuditBrowser } from '../../src/audit/browser.ts';
import { REPO_ROOT, type Config } from '../../src/config.ts';
import { runIndicators } from '../../src/indicators/indicator.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import { silentLogger } from '../../src/log.ts';
import type { ServedSites } from '../../dev/site-server.ts';
import type { Evidence, IndicatorResult, SiteResult, TargetType } from '../../src/types.ts';
import type { Artifacts, AxePage, PageFacts } from '../../src/artifacts.ts';
import { isCollectorError } from '../../src/artifacts.ts';
import { FIXTURE_SITES, testConfig } from './fixtures.ts';

export const GOLDEN_DIR = join(REPO_ROOT, 'test', 'golden');
/** The fixed "now" of every golden audit: statement ages (ageDays) are counted from it. */
export const GOLDEN_NOW = new Date('2026-12-01T00:00:00Z');

/** Prefixes of golden site folders: Latvian institution sites, and those built around a frame or shadow-root case. */
const GOLDEN_PREFIXES = ['lv-', 'frame-', 'shadow-'];

/** The golden sites: fixture sites with a golden prefix and an expected-answers file (other lv-* sites, e.g. the
 * charset ones of the hostile-pages test, are not golden), sorted. */
export function goldenSites(): string[] {
  return readdirSync(FIXTURE_SITES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && GOLDEN_PREFIXES.some((p) => e.name.startsWith(p)) && existsSync(join(GOLDEN_DIR, `${e.name}.expected.json`)))
    .map((e) => e.name)
    .sort();
}

/** The sites to serve for these golden sites: them, and every site their files name as `{{origin:NAME}}` (a widget
 * provider on another origin, framed by a golden site). */
export function servedFor(sites: readonly string[]): string[] {
  const out = new Set(sites);
  for (const site of sites) {
    for (const file of readdirSync(join(FIXTURE_SITES, site), { recursive: true, withFileTypes: true })) {
      if (!file.isFile() || !/\.(?:html|js|css|json|xml|txt|svg)$/.test(file.name)) continue;
      for (const m of readFileSync(join(file.parentPath, file.name), 'utf8').matchAll(/\{\{origin:([\w-]+)\}\}/g)) out.add(m[1]!);
    }
  }
  return [...out].sort();
}

/** Short timeouts, no Lighthouse, 6 pages two at a time: every lv-* site has at most 6 pages worth auditing. */
export function goldenConfig(): Config {
  return testConfig({ maxPages: 6, pagesInParallel: 2, lighthouse: { ...testConfig().crawl.lighthouse, enabled: false } });
}

export function stableOrigin(site: string): string {
  return `http://${site}.fixture.test`;
}

/** Every served origin replaced by its stable name, in any JSON value. */
export function stabilise<T>(value: T, origins: Record<string, string>): T {
  let text = JSON.stringify(value);
  // Longest first: http://127.0.0.1:4012 must not eat into http://127.0.0.1:40123.
  for (const [site, origin] of Object.entries(origins).sort((a, b) => b[1].length - a[1].length)) {
    text = text.split(origin).join(stableOrigin(site));
  }
  return JSON.parse(text) as T;
}

export interface ExpectedIndicator {
  value?: Record<string, unknown>;
  evidence?: { url?: string; text?: string }[];
}
export type Expected = Record<string, ExpectedIndicator>;

export function readExpected(site: string): { expected: Expected; type: TargetType } {
  const raw = JSON.parse(readFileSync(join(GOLDEN_DIR, `${site}.expected.json`), 'utf8')) as Record<string, unknown>;
  const expected: Expected = {};
  for (const [key, v] of Object.entries(raw)) if (!key.startsWith('$')) expected[key] = v as ExpectedIndicator;
  return { expected, type: (raw.$type as TargetType | undefined) ?? 'institution' };
}

/**
 * Pages in a stable order (the home page and the role pages in discovery order, then the sampled pages, which load in
 * parallel and finish in any order, by URL), so evidence lists and golden files do not change from run to run.
 */
function stableArtifacts(artifacts: Artifacts): Artifacts {
  const pages = artifacts.pages;
  if (!pages || isCollectorError(pages)) return artifacts;
  const fixed = pages.filter((p) => !p.roles.every((r) => r === 'sample'));
  const sampled = pages.filter((p) => p.roles.every((r) => r === 'sample')).sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const ordered: PageFacts[] = [...fixed, ...sampled];
  const out: Artifacts = { ...artifacts, pages: ordered };
  const axe = artifacts.axe;
  if (axe && !isCollectorError(axe)) {
    const rank = new Map(ordered.map((p, i) => [p.finalUrl, i] as const));
    out.axe = [...axe].sort((a: AxePage, b: AxePage) => (rank.get(a.url) ?? 999) - (rank.get(b.url) ?? 999) || (a.url < b.url ? -1 : 1));
  }
  return out;
}

export interface GoldenAudit extends SiteAudit {
  /** Indicator results at GOLDEN_NOW on the stably ordered artifacts, origins not yet replaced. */
  indicators: Record<string, IndicatorResult>;
}

/** Audits one served lv-* site and re-runs the registry's indicators at GOLDEN_NOW. */
export async function auditGolden(sites: ServedSites, browser: AuditBrowser, site: string, config: Config = goldenConfig()): Promise<GoldenAudit> {
  const origin = sites.origins[site];
  if (!origin) throw new Error(`fixture site "${site}" is not served`);
  const { type } = readExpected(site);
  const target = { id: site, name: site, type, sector: 'VARAM', url: `${origin}/` };
  const audit = await auditSite(target, { browser, config, runId: 'golden', log: silentLogger });
  const artifacts = stableArtifacts(audit.artifacts);
  const indicators = audit.result.status === 'ok' ? runIndicators(INDICATORS, artifacts, { target, now: GOLDEN_NOW }, config.indicators) : {};
  return { ...audit, artifacts, indicators };
}

/** What scripts/golden.ts writes to test/golden/<site>.json: values and evidence for review diffs. */
export function goldenFile(site: string, audit: GoldenAudit, origins: Record<string, string>): unknown {
  const r: SiteResult = audit.result;
  return stabilise(
    {
      site,
      url: `${origins[site]}/`,
      now: GOLDEN_NOW.toISOString().slice(0, 10),
      status: r.status,
      ...(r.message ? { message: r.message } : {}),
      pages: [...r.pages]
        .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))
        .map((p) => ({
          url: p.url,
          status: p.status,
          roles: p.roles,
          foundBy: p.foundBy,
          // What kept a page from settling (its wait is the budget, give or take a poll: not stable enough to record).
          ...(p.unsettled ? { unsettled: p.unsettled.still } : {}),
          ...(p.error ? { error: p.error } : {}),
        })),
      indicators: audit.indicators,
    },
    origins,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Cases

export interface Case {
  site: string;
  indicator: string;
  /** "value.level", "value.elements.contactEmail", "evidence[0]". */
  field: string;
  expected: unknown;
}

export interface Outcome extends Case {
  ok: boolean;
  actual: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every asserted field of a site's expected file, one case each. */
export function casesOf(site: string, expected: Expected): Case[] {
  const cases: Case[] = [];
  for (const [indicator, exp] of Object.entries(expected)) {
    const walk = (value: unknown, path: string) => {
      if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
      else cases.push({ site, indicator, field: path, expected: value });
    };
    if (exp.value) walk(exp.value, 'value');
    (exp.evidence ?? []).forEach((e, i) => cases.push({ site, indicator, field: `evidence[${i}]`, expected: e }));
  }
  return cases;
}

function at(value: unknown, path: string[]): unknown {
  let v: unknown = value;
  for (const key of path) {
    if (!isPlainObject(v) || !(key in v)) return undefined;
    v = v[key];
  }
  return v;
}

const setOf = (a: unknown[]) => [...new Set(a.map((x) => JSON.stringify(x)))].sort();

/** Judges one case against the stabilised indicator results of its site. */
export function judge(c: Case, indicators: Record<string, IndicatorResult>): Outcome {
  const result = indicators[c.indicator];
  if (!result) return { ...c, ok: false, actual: '(indicator not in the registry)' };
  if (c.field.startsWith('evidence[')) {
    const want = c.expected as { url?: string; text?: string };
    const hit = result.evidence.find(
      (e: Evidence) => (want.url === undefined || e.url === want.url) && (want.text === undefined || (e.text ?? '').toLowerCase().includes(want.text.toLowerCase())),
    );
    return { ...c, ok: hit !== undefined, actual: hit ?? result.evidence };
  }
  if (result.value === null) return { ...c, ok: false, actual: `(no value: ${result.reason ?? result.outcome})` };
  const path = c.field.split('.').slice(1);
  let actual: unknown;
  if (c.indicator === 'social' && path.join('.') === 'platforms') {
    const accounts = at(result.value, ['accounts']);
    actual = Array.isArray(accounts) ? accounts.map((a) => (isPlainObject(a) ? a.platform : a)) : accounts;
  } else {
    actual = at(result.value, path);
  }
  let ok: boolean;
  if (Array.isArray(c.expected)) {
    ok = Array.isArray(actual) && JSON.stringify(setOf(actual)) === JSON.stringify(setOf(c.expected));
    if (Array.isArray(actual)) actual = [...new Set(actual)].sort();
  } else {
    ok = actual === c.expected;
  }
  return { ...c, ok, actual: actual === undefined ? '(missing)' : actual };
}

export function describeCase(o: Case): string {
  return `${o.site} · ${o.indicator} · ${o.field}`;
}

export function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
