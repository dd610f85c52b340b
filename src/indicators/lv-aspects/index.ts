// The 11 aspects of Latvia's simplified accessibility evaluation method (VARAM guidelines under Cabinet Regulation
// No. 445), each mapped to automatic checks: axe-core rules (WCAG 2.1 A/AA tags, every audited page), the keyboard,
// text-resize and motion collectors (home page), and page facts (headings, titles, menus of every audited page).
//
// Each check says pass, fail or needs-review (and a few only inform). An aspect fails when one of its checks fails,
// needs review when none fails but one is unsure, passes when its checks pass. An aspect no check applies to (no
// form fields, no multimedia on the audited pages) passes, with evidence saying why: the value contract allows only
// pass/fail/needs-review, and a site without forms has no form to get wrong. A missing collector fact never fails
// an aspect: it makes it needs-review.
//
// Score: the share of the 11 aspects that pass, a needs-review aspect counting half (`needsReviewCredit`): needs
// review means the machine could not decide, so it neither earns the full point nor loses it.
import { defineIndicator } from '../indicator.ts';
import { LV_ASPECTS_ADVICE, LV_ASPECTS_BREAKDOWNS, LV_ASPECTS_LABELS } from './report.ts';
import { homePage, pageUrl } from '../../text/page-search.ts';
import type { Evidence } from '../../types.ts';
import { ASPECTS, OPTIONS, type AspectId, type AspectOutcome, type Check, type LvAspectsValue } from './aspects.ts';
import { axeChecks } from './axe.ts';
import { headingChecks } from './headings.ts';
import { keyboardChecks } from './keyboard-focus.ts';
import { consistentNavigationCheck, menuReachCheck, skipLinkCheck } from './main-navigation.ts';
import { motionChecks } from './moving-content.ts';
import { multimediaChecks } from './multimedia.ts';
import { titleChecks } from './page-titles.ts';
import { textResizeChecks } from './text-resize.ts';

// The indicator's value and the checks tests drive directly, importable from the indicator itself.
export { ASPECTS, type AspectId, type AspectOutcome, type Check, type LvAspectsOptions, type LvAspectsValue } from './aspects.ts';
export { focusShown } from './keyboard-focus.ts';
export { motionOf } from './moving-content.ts';

// ---------------------------------------------------------------------------------------------------------------

const NOTHING_TO_CHECK: Partial<Record<AspectId, string>> = {
  forms: 'formu lauki nav atrasti / no form fields found',
  'text-alternatives': 'attēli bez teksta alternatīvas nav atrasti: nav attēlu, kam tā vajadzīga / no images that need a text alternative',
  'page-structure': 'struktūras pārbaudes neattiecas / no structure checks applied',
};

function decide(checks: readonly Check[]): AspectOutcome {
  if (checks.some((c) => c.outcome === 'fail')) return 'fail';
  if (checks.some((c) => c.outcome === 'needs-review')) return 'needs-review';
  if (checks.some((c) => c.outcome === 'pass')) return 'pass';
  return 'needs-review';
}

export default defineIndicator({
  id: 'lv-aspects',
  dimension: 'communication',
  title: { lv: 'Vienkāršotās piekļūstamības izvērtēšanas aspekti', en: 'Latvian simplified accessibility evaluation' },
  csv: [...ASPECTS],
  labels: LV_ASPECTS_LABELS,
  advice: LV_ASPECTS_ADVICE,
  breakdowns: LV_ASPECTS_BREAKDOWNS,
  requires: ['axe', 'pages', 'keyboard', 'textResize', 'motion'],
  defaultOptions: OPTIONS,
  evaluate({ axe, pages, keyboard, textResize, motion }, o) {
    const home = homePage(pages);
    const homeUrl = home ? pageUrl(home) : (pages[0]?.url ?? keyboard.url);
    const axeOk = axe.some((p) => !p.error);
    const byAspect = {} as Record<AspectId, Check[]>;
    for (const aspect of ASPECTS) byAspect[aspect] = aspect === 'multimedia' ? [] : axeChecks(axe, o.axeRules[aspect], o);

    byAspect['main-navigation'].push(menuReachCheck(keyboard, o), consistentNavigationCheck(pages, o), skipLinkCheck(keyboard, o));
    byAspect['keyboard-focus'].push(...keyboardChecks(keyboard, o));
    byAspect.headings.push(...headingChecks(pages, o));
    byAspect['page-titles'].push(...titleChecks(pages, o));
    byAspect['text-resize'].push(...textResizeChecks(textResize, o));
    byAspect['moving-content'].push(...motionChecks(motion, o));
    byAspect.multimedia.push(...multimediaChecks(pages, axe, motion, o));
    for (const aspect of ASPECTS) {
      const nothing = NOTHING_TO_CHECK[aspect];
      if (nothing && axeOk && !byAspect[aspect].some((c) => c.outcome !== 'info')) {
        byAspect[aspect].push({ id: 'not-applicable', outcome: 'pass', evidence: [{ url: homeUrl, text: `${nothing} (${axe.filter((p) => !p.error).length} lp.)` }] });
      }
    }

    const outcomes = {} as Record<AspectId, AspectOutcome>;
    const checks = {} as LvAspectsValue['checks'];
    const evidence: Evidence[] = [];
    for (const aspect of ASPECTS) {
      const list = byAspect[aspect];
      const outcome = decide(list);
      outcomes[aspect] = outcome;
      checks[aspect] = list.map((c) => ({ id: c.id, outcome: c.outcome }));
      // The checks that decided the aspect first, then the rest.
      const rank = (c: Check) => (c.outcome === outcome ? 0 : c.outcome === 'info' ? 2 : 1);
      for (const c of [...list].sort((a, b) => rank(a) - rank(b))) {
        for (const e of c.evidence) evidence.push({ ...e, text: `[${aspect}] ${c.id} ${c.outcome}: ${e.text ?? ''}` });
      }
    }
    const passed = ASPECTS.filter((a) => outcomes[a] === 'pass').length;
    const failed = ASPECTS.filter((a) => outcomes[a] === 'fail').length;
    const needsReview = ASPECTS.length - passed - failed;
    const score = Math.round(((passed + o.needsReviewCredit * needsReview) / ASPECTS.length) * 1000) / 1000;
    return {
      value: { ...outcomes, checks, passed, failed, needsReview },
      score,
      outcome: failed > 0 ? 'fail' : needsReview > 0 ? 'needs-review' : 'pass',
      evidence,
    };
  },
});
