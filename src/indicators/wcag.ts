// WCAG 2.1 A/AA conformance from axe-core on every audited page, graded into the four bands of the e-index.
import { defineIndicator } from './indicator.ts';
import { oneOf } from './breakdown.ts';
import type { Evidence } from '../types.ts';
import type { AxeRule, Impact } from '../artifacts.ts';

export type WcagBand = 'highest' | 'high' | 'medium' | 'low';

export interface WcagValue {
  band: WcagBand;
  /** Affected elements per impact, summed over pages. */
  violations: Record<Impact, number>;
  rules: { id: string; wcag: string[]; impact: Impact | null; pages: string[]; nodes: number; help: string }[];
  pagesAudited: number;
  /** Rules axe could not decide ("incomplete"): a person should look. */
  needsReview: { id: string; wcag: string[]; pages: string[] }[];
}

const IMPACTS: Impact[] = ['critical', 'serious', 'moderate', 'minor'];

/** "wcag111" -> "1.1.1", "wcag1410" -> "1.4.10"; level tags such as "wcag2aa" are not criteria. */
export function successCriteria(tags: readonly string[]): string[] {
  return tags.flatMap((t) => {
    const m = /^wcag(\d)(\d)(\d{1,2})$/.exec(t);
    return m ? [`${m[1]}.${m[2]}.${m[3]}`] : [];
  });
}

export default defineIndicator({
  id: 'wcag',
  dimension: 'communication',
  title: { lv: 'Atbilstība WCAG 2.1 AA', en: 'WCAG 2.1 AA conformance' },
  csv: ['band', 'violations.critical', 'violations.serious', 'violations.moderate', 'violations.minor', 'pagesAudited'],
  labels: {
    band: { lv: 'atbilstības līmenis', en: 'conformance band' },
    'violations.critical': { lv: 'kļūdaini elementi: kritiska', en: 'failing elements: critical' },
    'violations.serious': { lv: 'kļūdaini elementi: nopietna', en: 'failing elements: serious' },
    'violations.moderate': { lv: 'kļūdaini elementi: vidēja', en: 'failing elements: moderate' },
    'violations.minor': { lv: 'kļūdaini elementi: neliela', en: 'failing elements: minor' },
    pagesAudited: { lv: 'pārbaudītās lapas', en: 'pages audited' },
  },
  advice: {
    lv: 'Izlabojiet zemāk uzskaitītās kļūdas, sākot ar kritiskajām un nopietnajām. Tās atrod automātiski (axe-core); pilnai atbilstībai WCAG 2.1 AA vajag arī cilvēka pārbaudi. Lielākā daļa kļūdu ir veidnē, tāpēc, izlabojot tās vienreiz, tās pazūd visās lapās.',
    en: 'Fix the errors listed below, starting with the critical and serious ones. They are found automatically (axe-core); full WCAG 2.1 AA conformance also needs a human check. Most errors live in the template: fixed once, they go away on every page.',
  },
  breakdowns: [
    oneOf('wcag', 'band', ['highest', 'high', 'medium', 'low'], {
      highest: { lv: 'augstākais', en: 'highest' },
      high: { lv: 'augsts', en: 'high' },
      medium: { lv: 'vidējs', en: 'medium' },
      low: { lv: 'zems', en: 'low' },
    }),
  ],
  report: {
    // Every violated rule is a problem of its own, so a fixed rule shows as fixed.
    problems: (v: WcagValue) => (v.rules ?? []).map((rule) => ({ key: `wcag:${rule.id}`, label: { lv: `WCAG: ${rule.id} — ${rule.help}`, en: `WCAG: ${rule.id} — ${rule.help}` } })),
    section: 'wcag-findings',
    hideEvidence: true,
  },
  requires: ['axe'],
  defaultOptions: {
    // Band method: score = 1 - Σ over violated rules of weight(impact) × share of audited pages with the rule.
    // A rule broken on every page costs its full weight; one broken on 1 of 8 pages an eighth. Weights follow axe's
    // impact scale: a critical problem (e.g. an image link with no name) blocks users, a minor one annoys.
    impactWeights: { critical: 0.25, serious: 0.15, moderate: 0.06, minor: 0.02 } as Record<Impact, number>,
    // highest: at most trace problems and none critical or serious; the other cut-offs split the score range evenly.
    bands: { highest: 0.95, high: 0.8, medium: 0.6 },
    maxEvidence: 20,
  },
  evaluate({ axe }, options) {
    const audited = axe.filter((p) => !p.error);
    if (audited.length === 0) {
      return { value: null, score: null, outcome: 'error', evidence: [], reason: 'axe-core ran on no page' };
    }
    const byRule = new Map<string, { rule: AxeRule; pages: string[]; nodes: number }>();
    const review = new Map<string, { rule: AxeRule; pages: string[] }>();
    const violations: Record<Impact, number> = { critical: 0, serious: 0, moderate: 0, minor: 0 };
    for (const page of audited) {
      for (const rule of page.violations) {
        const entry = byRule.get(rule.id) ?? { rule, pages: [], nodes: 0 };
        entry.pages.push(page.url);
        entry.nodes += rule.nodeCount;
        byRule.set(rule.id, entry);
        violations[rule.impact ?? 'minor'] += rule.nodeCount;
      }
      for (const rule of page.incomplete) {
        const entry = review.get(rule.id) ?? { rule, pages: [] };
        entry.pages.push(page.url);
        review.set(rule.id, entry);
      }
    }
    const rank = (i: Impact | null) => IMPACTS.indexOf(i ?? 'minor');
    const rules = [...byRule.values()]
      .sort((a, b) => rank(a.rule.impact) - rank(b.rule.impact) || b.pages.length - a.pages.length || a.rule.id.localeCompare(b.rule.id))
      .map(({ rule, pages, nodes }) => ({ id: rule.id, wcag: successCriteria(rule.tags), impact: rule.impact, pages, nodes, help: rule.help }));

    let penalty = 0;
    for (const r of rules) penalty += options.impactWeights[r.impact ?? 'minor'] * (r.pages.length / audited.length);
    const score = Math.max(0, Math.round((1 - penalty) * 1000) / 1000);
    const severe = violations.critical + violations.serious > 0;
    const band: WcagBand =
      score >= options.bands.highest && !severe ? 'highest' : score >= options.bands.high ? 'high' : score >= options.bands.medium ? 'medium' : 'low';

    const evidence: Evidence[] = [];
    for (const { rule, pages } of byRule.values()) {
      const node = rule.nodes[0];
      evidence.push({
        url: pages[0]!,
        ...(node ? { selector: node.target } : {}),
        text: `${rule.id}: ${rule.help}`,
        ...(node?.screenshot ? { screenshot: node.screenshot } : {}),
      });
    }
    evidence.sort((a, b) => (a.text ?? '').localeCompare(b.text ?? ''));
    return {
      value: {
        band,
        violations,
        rules,
        pagesAudited: audited.length,
        needsReview: [...review.values()].map(({ rule, pages }) => ({ id: rule.id, wcag: successCriteria(rule.tags), pages })),
      },
      score,
      outcome: rules.length === 0 ? 'pass' : 'fail',
      evidence: evidence.slice(0, options.maxEvidence),
    };
  },
});
