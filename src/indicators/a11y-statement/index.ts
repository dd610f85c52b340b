// The accessibility statement (piekļūstamības paziņojums) required by Cabinet Regulation No. 445 and the EU model
// statement (Decision 2018/1523): found by the crawler (role 'statement', HTML or PDF), read by src/indicators/a11y-statement/statement.ts.
//
// Levels follow the seeds' three counts: `complete` = a feedback contact (e-mail or phone) AND the evaluation document
// (a real link or file) are both given, and no template placeholder is left unfilled; `incomplete` = a statement
// without them; `none` = no statement found. Score 1 / 0.5 / 0.
import { defineIndicator, type IndicatorReport } from '../indicator.ts';
import { STATEMENT_ADVICE, STATEMENT_BREAKDOWNS, STATEMENT_LABELS, STATEMENT_REPORT } from './report.ts';
import type { Evidence, IndicatorResult } from '../../types.ts';
import type { PageFacts } from '../../artifacts.ts';
import { homePage, pageUrl } from '../../text/page-search.ts';
import {
  DEFAULT_STATEMENT_OPTIONS,
  ELEMENT_NAMES,
  parseStatement,
  type ComplianceStatus,
  type DateSource,
  type ElementName,
  type ParsedStatement,
  type StatementElements,
  type StatementOptions,
} from './statement.ts';

export type StatementLevel = 'complete' | 'incomplete' | 'none';

export interface A11yStatementValue {
  level: StatementLevel;
  /** The statement read (after redirects); null when there is none. */
  url: string | null;
  format: 'html' | 'pdf' | null;
  language: 'lv' | 'en' | null;
  complianceStatus: ComplianceStatus;
  /** ISO date of the last evaluation; without one, of the last update, then of the preparation (`lastEvaluatedFrom`). */
  lastEvaluated: string | null;
  ageDays: number | null;
  elements: StatementElements;
  /** Unfilled template text is left in the statement ("[Iestādes nosaukums]", "dd.mm.gggg"). */
  placeholders: boolean;
  /** The statement claims full compliance while the measured `wcag` band is one of `contradictingBands`. */
  contradictsMeasured: boolean;
  // Added fields (the contract allows additions):
  lastEvaluatedFrom: DateSource | null;
  /** lastEvaluated older than `staleAfterDays`. */
  stale: boolean;
  evaluatedBy: 'self' | 'external' | 'unknown';
  evaluationDocumentUrl: string | null;
  placeholderTexts: string[];
  /** The wcag band the claim was compared with; null when wcag was not measured. */
  measuredBand: string | null;
}

export interface A11yStatementOptions extends StatementOptions {
  /**
   * wcag bands that contradict a claim of full compliance. Default: only `low`. A `medium` band still means automatic
   * checks found violations on a share of pages, and automatic checks cannot prove conformance either way; but axe
   * reports few false positives for the rules that lower a band to `low`, so only that is a contradiction a person
   * should not have to re-check. Add 'medium' in config for a stricter reading.
   */
  contradictingBands: string[];
  /** An evaluation older than this is reported as stale (3 years); it does not change the level or the score. */
  staleAfterDays: number;
}

const SCORES: Record<StatementLevel, number> = { complete: 1, incomplete: 0.5, none: 0 };
const LEVEL_RANK: Record<StatementLevel, number> = { complete: 2, incomplete: 1, none: 0 };

const NO_ELEMENTS: StatementElements = Object.fromEntries(ELEMENT_NAMES.map((n) => [n, false])) as Record<ElementName, boolean>;

function emptyValue(measuredBand: string | null): A11yStatementValue {
  return {
    level: 'none',
    url: null,
    format: null,
    language: null,
    complianceStatus: 'unknown',
    lastEvaluated: null,
    ageDays: null,
    elements: { ...NO_ELEMENTS },
    placeholders: false,
    contradictsMeasured: false,
    lastEvaluatedFrom: null,
    stale: false,
    evaluatedBy: 'unknown',
    evaluationDocumentUrl: null,
    placeholderTexts: [],
    measuredBand,
  };
}

function formatOf(page: PageFacts): 'html' | 'pdf' {
  return /pdf/i.test(page.contentType) || /\.pdf(?:$|[?#])/i.test(pageUrl(page)) ? 'pdf' : 'html';
}

/** The wcag result's band, when the wcag indicator ran before this one and measured something. */
function wcagBand(results: Readonly<Record<string, IndicatorResult>>): string | null {
  const value = results['wcag']?.value;
  if (typeof value !== 'object' || value === null || !('band' in value)) return null;
  return typeof value.band === 'string' ? value.band : null;
}

function levelOf(parsed: ParsedStatement): StatementLevel {
  if (!parsed.recognized) return 'none';
  const contact = parsed.elements.contactEmail || parsed.elements.contactPhone;
  return contact && parsed.elements.evaluationDocument && parsed.placeholders.length === 0 ? 'complete' : 'incomplete';
}

/** Where the statement was found: the link on another page, as evidence. */
function foundEvidence(page: PageFacts): Evidence {
  const f = page.foundBy;
  const how = f.via === 'link' && f.text ? `link "${f.text}"` : f.via;
  if (f.from) return { url: f.from, ...(f.selector ? { selector: f.selector } : {}), text: `statement found via ${how}: ${pageUrl(page)}` };
  return { url: pageUrl(page), text: `statement found via ${how}` };
}

export default defineIndicator({
  id: 'a11y-statement',
  dimension: 'communication',
  title: { lv: 'Piekļūstamības paziņojums', en: 'Accessibility statement' },
  csv: [
    'level',
    'format',
    'language',
    'complianceStatus',
    'lastEvaluated',
    'ageDays',
    ...ELEMENT_NAMES.map((n) => `elements.${n}`),
    'placeholders',
    'contradictsMeasured',
  ],
  dependsOn: ['wcag'], // a claimed "full compliance" is compared with the measured wcag band
  labels: STATEMENT_LABELS,
  advice: STATEMENT_ADVICE,
  breakdowns: STATEMENT_BREAKDOWNS,
  report: STATEMENT_REPORT as IndicatorReport<A11yStatementValue>,
  requires: ['pages'],
  defaultOptions: {
    ...DEFAULT_STATEMENT_OPTIONS,
    contradictingBands: ['low'],
    staleAfterDays: 1095,
  } as A11yStatementOptions,
  evaluate({ pages }, options, ctx): IndicatorResult<A11yStatementValue> {
    const band = wcagBand(ctx.results);
    const home = homePage(pages);
    const where = home ? pageUrl(home) : ctx.target.url;
    const candidates = pages.filter((p) => p.roles.includes('statement'));

    if (candidates.length === 0) {
      return {
        value: emptyValue(band),
        score: 0,
        outcome: 'fail',
        evidence: [{ url: where, text: 'no link to an accessibility statement (piekļūstamības paziņojums) on the home page, in its footer, the sitemap or the usual paths' }],
      };
    }

    const loaded = candidates.filter((p) => !p.error && p.status < 400);
    if (loaded.length === 0) {
      const evidence = candidates.map((p) => ({ ...foundEvidence(p), text: `statement link ${pageUrl(p)}: ${p.error ?? `HTTP ${p.status}`}` }));
      // A link to a page that does not exist is measured: the site has no statement. Anything else (a timeout, a
      // server error) could not be measured.
      if (candidates.every((p) => p.status === 404 || p.status === 410)) {
        return { value: emptyValue(band), score: 0, outcome: 'fail', evidence };
      }
      return { value: null, score: null, outcome: 'error', evidence, reason: `the statement page could not be loaded: ${evidence[0]!.text}` };
    }

    // Several statement pages (a Latvian and an English one, or an HTML page and its PDF): the best one counts.
    const read = loaded
      .map((page) => {
        const parsed = parseStatement(page.text, page.links, options, ctx.now, pageUrl(page));
        return { page, parsed, level: levelOf(parsed) };
      })
      .sort(
        (a, b) =>
          LEVEL_RANK[b.level] - LEVEL_RANK[a.level] ||
          Number(b.parsed.recognized) - Number(a.parsed.recognized) ||
          count(b.parsed.elements) - count(a.parsed.elements) ||
          Number(b.parsed.language === 'lv') - Number(a.parsed.language === 'lv'),
      );
    const { page, parsed, level } = read[0]!;
    const url = pageUrl(page);

    const contradictsMeasured = parsed.complianceStatus === 'full' && band !== null && options.contradictingBands.includes(band);
    const stale = parsed.ageDays !== null && parsed.ageDays > options.staleAfterDays;
    const value: A11yStatementValue = {
      level,
      url,
      format: formatOf(page),
      language: parsed.language,
      complianceStatus: parsed.complianceStatus,
      lastEvaluated: parsed.lastEvaluated,
      ageDays: parsed.ageDays,
      elements: parsed.elements,
      placeholders: parsed.placeholders.length > 0,
      contradictsMeasured,
      lastEvaluatedFrom: parsed.lastEvaluatedFrom,
      stale,
      evaluatedBy: parsed.evaluatedBy,
      evaluationDocumentUrl: parsed.evaluationDocumentUrl,
      placeholderTexts: parsed.placeholders,
      measuredBand: band,
    };

    const evidence: Evidence[] = [foundEvidence(page)];
    if (!parsed.recognized) {
      evidence.push({ url, text: 'the page does not read as an accessibility statement (no title, sections or compliance status)' });
      return { value: { ...value, level: 'none' }, score: 0, outcome: 'needs-review', evidence };
    }
    for (const name of ELEMENT_NAMES) {
      const f = parsed.evidence[name];
      if (parsed.elements[name] && f) evidence.push({ url, ...(f.selector ? { selector: f.selector } : {}), text: `${name}: ${f.text}` });
    }
    if (parsed.lastEvaluated && parsed.evidence.lastEvaluated) {
      evidence.push({
        url,
        text: `lastEvaluated ${parsed.lastEvaluated} (${parsed.lastEvaluatedFrom} date, ${parsed.ageDays} days${stale ? ', stale' : ''}): ${parsed.evidence.lastEvaluated.text}`,
      });
    }
    const missing = ELEMENT_NAMES.filter((n) => !parsed.elements[n]);
    if (missing.length > 0) evidence.push({ url, text: `missing: ${missing.join(', ')}` });
    const rejected = parsed.evidence.evaluationDocument;
    if (!parsed.elements.evaluationDocument && rejected) {
      evidence.push({ url, ...(rejected.selector ? { selector: rejected.selector } : {}), text: `evaluationDocument not counted: ${rejected.text}` });
    }
    if (parsed.placeholders.length > 0) evidence.push({ url, text: `placeholders: ${parsed.placeholders.join(', ')}` });
    if (contradictsMeasured) {
      evidence.push({ url, text: `claims full compliance, but the measured wcag band is "${band}": ${parsed.evidence.complianceStatus?.text ?? ''}` });
    }
    return { value, score: SCORES[level], outcome: level === 'complete' ? 'pass' : 'fail', evidence };
  },
});

function count(elements: StatementElements): number {
  return ELEMENT_NAMES.filter((n) => elements[n]).length;
}
