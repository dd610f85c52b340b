// The institution report: one static page per site and run. Scores and maturity levels (src/score/score.ts), each
// indicator's verdict with its evidence and what to do, the WCAG findings with screenshots, the accessibility statement
// element by element, and what changed since the previous run.
import type { AnyIndicator, Label, Problem } from '../../indicators/indicator.ts';
import { DIMENSION_INFO, LEVEL_NAMES, type Level, type SiteScores } from '../../score/score.ts';
import { DIMENSIONS, type Evidence, type IndicatorResult, type Outcome, type SiteResult } from '../../types.ts';
import { type AxePage } from '../../artifacts.ts';
import { adviceForRule } from './advice-lv.ts';
import { ruleHelp } from './axe-lv.ts';
import { codeify, evidenceText, keyLabel, reasonText, ROLE_LABEL, valueText } from './evidence-lv.ts';
import { html, num, page, raw, safeHref, score100, type Lang, type Raw } from './html.ts';
import { OUTCOME_LABEL, STATUS_LABEL, T, TYPE_LABEL, yesNo } from './i18n.ts';
import type { Fix } from './top-fixes.ts';
import { renderSiteTrend, type SiteTrendPoint } from './site-trend.ts';

export type { Problem };

export interface SiteChanges {
  previousRunId: string;
  previousAt: string;
  added: Problem[];
  fixed: Problem[];
}

export interface ShotSize {
  width: number;
  height: number;
}

export interface SiteReportInput {
  runId: string;
  runCreatedAt: string;
  sealed: boolean;
  result: SiteResult;
  scores: SiteScores;
  indicators: readonly AnyIndicator[];
  /** The axe artifact (element HTML of each finding), when stored. */
  axe: AxePage[] | null;
  /** The site's screenshots in the report (shots/<siteId>/<name>), by name, with their size when known. */
  shots: ReadonlyMap<string, ShotSize | null>;
  changes: SiteChanges | null;
  /** "Vispirms labojiet": the actions with the largest effect on the score (top-fixes.ts). */
  fixes: readonly Fix[];
  /** The site's overall score in the last runs of this kind, oldest first (this run last). */
  trend: readonly SiteTrendPoint[];
  /** Lighthouse's own report (English) beside this page (sites/<id>.lighthouse.html), when the run has one. */
  lighthouseReport?: string | null;
}

/** The problems of a site in a run, as stable keys: what "new" and "fixed" compare. */
export function problemsOf(result: SiteResult, indicators: readonly AnyIndicator[]): Problem[] {
  if (result.status !== 'ok') return [];
  const out: Problem[] = [];
  for (const ind of indicators) {
    const r = result.indicators[ind.id];
    if (!r) continue;
    // An indicator with problems of its own lists them; any other is one problem when it fails.
    if (ind.report?.problems && r.value) {
      out.push(...ind.report.problems(r.value, ind.title));
      continue;
    }
    if (r.outcome === 'fail') out.push({ key: `indicator:${ind.id}`, label: { lv: `${ind.title.lv}: neatbilst`, en: `${ind.title.en}: fails` } });
  }
  return out;
}

export function diffProblems(previous: readonly Problem[], current: readonly Problem[]): { added: Problem[]; fixed: Problem[] } {
  const prev = new Set(previous.map((p) => p.key));
  const cur = new Set(current.map((p) => p.key));
  return { added: current.filter((p) => !prev.has(p.key)), fixed: previous.filter((p) => !cur.has(p.key)) };
}

/** At most this many pages listed per action; the rest are counted. */
const FIX_PAGES = 3;

function topFixesSection(fixes: readonly Fix[], lang: Lang): Raw {
  return html`<section id="top-fixes" aria-labelledby="h-top-fixes">
<h2 id="h-top-fixes">${T.topFixes[lang]}</h2>
${
  fixes.length === 0
    ? html`<p>${T.noFixes[lang]}</p>`
    : html`<p>${T.topFixesNote[lang]}</p>
<ol class="top-fixes">${fixes.map(
        (f) => html`<li data-indicator="${f.indicatorId}" data-gain="${f.gain}"><p><strong>${f.title[lang]}</strong>: +${num(f.gain, lang)} ${T.points[lang]} (${num(f.scoreBefore, lang)} → ${num(f.scoreAfter, lang)} / 100${
          f.levelAfter !== f.levelBefore ? html`, ${T.level[lang]} ${levelText(f.levelBefore, lang)} → ${levelText(f.levelAfter, lang)}` : ''
        }).</p>
${f.advice ? html`<p>${codeify(f.advice[lang])}</p>` : ''}
${
  f.pages.length
    ? html`<p>${T.onPagesCap[lang]}: ${f.pages.slice(0, FIX_PAGES).map((p, i) => html`${i ? ', ' : ''}<a href="${safeHref(p)}">${p}</a>`)}${
        f.pages.length > FIX_PAGES ? ` ${T.andMore[lang]} ${f.pages.length - FIX_PAGES}${lang === 'en' ? ' more' : ''}` : ''
      }.</p>`
    : ''
}
<p><a href="#ind-${f.indicatorId}">${T.seeEvidence[lang]}<span class="sr">: ${f.title[lang]}</span></a></p></li>`,
      )}</ol>`
}
</section>`;
}

/** A problem of the changes list; a WCAG rule by its id (as code) and its help in the report's language. */
function problemItem(p: Problem, lang: Lang): Raw {
  const rule = /^wcag:(.+)$/.exec(p.key)?.[1];
  if (!rule) return html`<li data-key="${p.key}">${p.label[lang]}</li>`;
  const axeHelp = /^WCAG: \S+ — ([\s\S]*)$/.exec(p.label.en)?.[1] ?? '';
  const help = ruleHelp(rule, axeHelp, lang);
  return html`<li data-key="${p.key}">WCAG: <code>${rule}</code> — ${help.english ? html`<span lang="en">${help.text}</span>` : codeify(help.text)}</li>`;
}

function levelText(level: Level | null, lang: Lang): string {
  return level === null ? '–' : `${level} (${LEVEL_NAMES[level][lang]})`;
}

function badge(outcome: Outcome, lang: Lang): Raw {
  return html`<span class="badge b-${outcome}">${OUTCOME_LABEL[outcome][lang]}</span>`;
}

function shotFigure(name: string | undefined, input: SiteReportInput, lang: Lang, alt: string): Raw {
  if (!name || !input.shots.has(name)) return raw('');
  const src = `../shots/${encodeURIComponent(input.result.target.id)}/${encodeURIComponent(name)}`;
  const size = input.shots.get(name);
  return html`<figure class="shot"><img src="${src}" alt="${alt}" loading="lazy"${size ? html` width="${size.width}" height="${size.height}"` : ''}><figcaption>${T.screenshot[lang]}</figcaption></figure>`;
}

/** Evidence items shown before the rest is folded under a summary line. */
const EVIDENCE_SHOWN = 3;
const EVIDENCE_RANK: Readonly<Record<string, number>> = { fail: 0, 'needs-review': 1, info: 2, pass: 3 };

/** Where an evidence text says its check's outcome ("[aspect] check fail: …"), failures come first. */
function evidenceRank(e: Evidence): number {
  const m = /^\[[\w-]+\] \S+ (pass|fail|needs-review|info):/.exec(e.text ?? '');
  return m ? EVIDENCE_RANK[m[1]!]! : 1;
}

function evidenceList(ind: AnyIndicator, evidence: readonly Evidence[], input: SiteReportInput, lang: Lang, shown: Set<string>): Raw {
  if (evidence.length === 0) return html`<p class="muted">${T.noEvidence[lang]}</p>`;
  const item = (e: Evidence): Raw => {
    const showShot = e.screenshot && !shown.has(e.screenshot);
    if (e.screenshot) shown.add(e.screenshot);
    return html`<li><span class="ev-label">${T.page[lang]}:</span> <a href="${safeHref(e.url)}">${e.url}</a>${
      e.selector ? html`<br><span class="ev-label">${T.element[lang]}:</span> <code>${e.selector}</code>` : ''
    }${e.text ? html`<br><span class="ev-label">${T.found[lang]}:</span> ${evidenceText(ind, e.text, lang)}` : ''}${
      showShot ? shotFigure(e.screenshot, input, lang, `${T.screenshotOf[lang]} ${ind.title[lang]}`) : ''
    }</li>`;
  };
  const sorted = evidence.map((e, i) => ({ e, i })).sort((a, b) => evidenceRank(a.e) - evidenceRank(b.e) || a.i - b.i).map((x) => x.e);
  const first = sorted.slice(0, EVIDENCE_SHOWN);
  const rest = sorted.slice(EVIDENCE_SHOWN);
  return html`<ul class="evidence">${first.map(item)}</ul>${
    rest.length ? html`<details class="more-evidence"><summary>${T.moreEvidence[lang]}: ${rest.length}<span class="sr"> (${ind.title[lang]})</span></summary><ul class="evidence">${rest.map(item)}</ul></details>` : ''
  }`;
}

/** Value fields that are 0–1 scores: shown on the 0–100 scale like every other score. */
const SCORE_FIELDS: Readonly<Record<string, readonly string[]>> = { lighthouse: ['accessibility', 'bestPractices', 'seo', 'performance'] };

/** Flat fields of a value (booleans, strings, numbers) as a definition list, each named by the indicator's labels. */
function valueFields(ind: AnyIndicator, value: unknown, lang: Lang): Raw {
  if (typeof value !== 'object' || value === null) return raw('');
  const rows = Object.entries(value as Record<string, unknown>).filter(([, v]) => typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number');
  if (rows.length === 0) return raw('');
  const scores = SCORE_FIELDS[ind.id] ?? [];
  const shown = (k: string, v: boolean | string | number): string => {
    if (typeof v === 'boolean') return yesNo(v, lang);
    if (typeof v === 'number') return scores.includes(k) ? `${score100(v, lang)} / 100` : num(v, lang);
    return valueText(ind, k, v, lang);
  };
  return html`<dl class="fields">${rows.map(([k, v]) => html`<div><dt>${keyLabel(ind, k, lang) ?? k}</dt><dd>${shown(k, v as boolean | string | number)}</dd></div>`)}</dl>`;
}

function overrideNote(r: IndicatorResult, lang: Lang): Raw {
  const o = r.override;
  if (!o) return raw('');
  const m = o.measured;
  return html`<div class="override" role="note">
<p><strong>${o.active ? T.overridden[lang] : T.overrideRevoked[lang]}</strong> ${T.measuredWas[lang]}: ${OUTCOME_LABEL[m.outcome][lang]}, ${T.score[lang]} ${score100(m.score, lang)} / 100.</p>
<ol class="trail">${o.trail.map(
    (t) =>
      html`<li>${t.at.slice(0, 10)} — ${t.by}: ${t.action === 'set' ? html`${OUTCOME_LABEL[t.outcome ?? 'error'][lang]}, ${T.score[lang]} ${score100(t.score, lang)} / 100` : T.revoked[lang]}. ${t.reason}</li>`,
  )}</ol></div>`;
}

function wcagSection(r: IndicatorResult, input: SiteReportInput, lang: Lang): Raw {
  const v = r.value as {
    band: string;
    violations: Record<string, number>;
    pagesAudited: number;
    rules: { id: string; wcag: string[]; impact: string | null; pages: string[]; nodes: number; help: string }[];
  } | null;
  if (!v) return raw('');
  const nodeOf = (ruleId: string) => {
    for (const p of input.axe ?? []) {
      const rule = p.violations.find((x) => x.id === ruleId);
      if (rule?.nodes[0]) return { page: p.url, node: rule.nodes[0], helpUrl: rule.helpUrl };
    }
    return null;
  };
  return html`<p>${T.wcagBand[lang]}: <strong class="wcag-band" data-band="${v.band}">${T.band[v.band as 'high']?.[lang] ?? v.band}</strong>. ${T.pagesAudited[lang]}: ${v.pagesAudited}.
${T.byImpact[lang]}: ${(['critical', 'serious', 'moderate', 'minor'] as const).map((i, n) => html`${n ? ', ' : ''}${T.impact[i][lang]} ${v.violations[i] ?? 0}`)}.</p>
${v.rules.length === 0 ? html`<p>${T.noViolations[lang]}</p>` : ''}
<ol class="rules">${v.rules.map((rule) => {
    const help = ruleHelp(rule.id, rule.help, lang);
    const advice = adviceForRule(rule.id, lang, rule.help);
    const first = nodeOf(rule.id);
    return html`<li class="rule" data-rule="${rule.id}">
<h4><code>${rule.id}</code> <span class="impact i-${rule.impact ?? 'minor'}">${T.impact[(rule.impact ?? 'minor') as 'minor'][lang]}</span></h4>
<p>${help.english ? html`<span lang="en">${help.text}</span>` : codeify(help.text)}${rule.wcag.length ? html` (WCAG ${rule.wcag.join(', ')})` : ''}. ${T.elements[lang]}: ${rule.nodes}, ${T.onPages[lang]}: ${rule.pages.length}.</p>
<p class="advice"><strong>${T.whatToDo[lang]}:</strong> ${advice.ours ? codeify(advice.text) : help.english ? html`<span lang="en">${help.text}</span>` : codeify(help.text)}${first?.helpUrl ? html` <a href="${safeHref(first.helpUrl)}" hreflang="en">${T.more[lang]}<span class="sr"> <code>${rule.id}</code></span></a>` : ''}</p>
${rule.id === 'color-contrast' ? contrastList(input, lang) : ''}
${first ? html`<p><span class="ev-label">${T.example[lang]}:</span> <a href="${safeHref(first.page)}">${first.page}</a>, <code>${first.node.target}</code></p><pre><code>${first.node.html}</code></pre>${shotFigure(first.node.screenshot, input, lang, `${T.screenshotOf[lang]} ${help.text}`)}` : ''}
<details><summary>${T.pagesWith[lang]}<span class="sr"> <code>${rule.id}</code></span></summary><ul>${rule.pages.map((p) => html`<li><a href="${safeHref(p)}">${p}</a></li>`)}</ul></details>
</li>`;
  })}</ol>`;
}

/** Contrast findings shown with their measurement. */
const CONTRAST_SHOWN = 5;

/** Every measured contrast finding of the stored axe pages: ratio, colours and the ratio required. */
function contrastList(input: SiteReportInput, lang: Lang): Raw {
  const found = (input.axe ?? []).flatMap((p) =>
    p.violations.filter((r) => r.id === 'color-contrast').flatMap((r) => r.nodes.filter((n) => n.contrast).map((n) => ({ page: p.url, node: n, c: n.contrast! }))),
  );
  if (found.length === 0) return raw('');
  const ratio = (x: number) => `${num(Math.round(x * 100) / 100, lang)}:1`;
  const colour = (c: string) => html`<span class="swatch" style="background:${/^#[0-9a-f]{3,8}$/i.test(c) ? c : 'transparent'}" aria-hidden="true"></span><code>${c}</code>`;
  return html`<ul class="contrast">${found.slice(0, CONTRAST_SHOWN).map(
    (f) => html`<li data-ratio="${f.c.ratio}" data-expected="${f.c.expected}">${T.contrastMeasured[lang]} <strong>${ratio(f.c.ratio)}</strong>, ${T.contrastRequired[lang]} ${ratio(f.c.expected)}: ${T.textColour[lang]} ${colour(f.c.fg)}, ${T.background[lang]} ${colour(f.c.bg)}. <code>${f.node.target}</code>, <a href="${safeHref(f.page)}">${f.page}</a></li>`,
  )}</ul>${found.length > CONTRAST_SHOWN ? html`<p class="muted">${T.andMore[lang]} ${found.length - CONTRAST_SHOWN}${lang === 'en' ? ' more' : ''}.</p>` : ''}`;
}

function statementSection(ind: AnyIndicator, r: IndicatorResult, names: Readonly<Record<string, Label>>, lang: Lang): Raw {
  const v = r.value as {
    level: string;
    url: string | null;
    complianceStatus: string;
    lastEvaluated: string | null;
    elements: Record<string, boolean>;
    placeholderTexts: string[];
    contradictsMeasured: boolean;
    stale: boolean;
  } | null;
  if (!v) return raw('');
  const elements = Object.keys(names);
  const found = new Map<string, string>();
  for (const e of r.evidence) {
    const m = /^(\w+): (.*)$/s.exec(e.text ?? '');
    if (m && elements.includes(m[1]!)) found.set(m[1]!, m[2]!);
  }
  return html`<p>${T.statementLevel[lang]}: <strong class="statement-level" data-level="${v.level}">${T.statement[v.level as 'none']?.[lang] ?? v.level}</strong>${
    v.url ? html`, <a href="${safeHref(v.url)}">${v.url}</a>` : ''
  }. ${T.compliance[lang]}: ${valueText(ind, 'complianceStatus', v.complianceStatus, lang)}. ${T.lastEvaluated[lang]}: ${v.lastEvaluated ?? '–'}${v.stale ? html` (${T.stale[lang]})` : ''}.</p>
${v.contradictsMeasured ? html`<p class="warn">${T.contradicts[lang]}</p>` : ''}
${v.placeholderTexts.length ? html`<p class="warn">${T.placeholders[lang]}: ${v.placeholderTexts.join('; ')}</p>` : ''}
${v.level === 'none' ? '' : html`<div class="table-wrap" role="region" aria-label="${T.statementElements[lang]}" tabindex="0"><table class="statement-elements">
<caption>${T.statementElements[lang]}</caption>
<thead><tr><th scope="col">${T.element[lang]}</th><th scope="col">${T.present[lang]}</th><th scope="col">${T.foundText[lang]}</th></tr></thead>
<tbody>${elements.map((e) => html`<tr data-element="${e}"><th scope="row">${names[e]![lang]}</th><td>${v.elements[e] ? html`<span class="yes">${T.yes[lang]}</span>` : html`<span class="no">${T.no[lang]}</span>`}</td><td>${found.get(e) ?? ''}</td></tr>`)}</tbody>
</table></div>`}`;
}

/** A yes/no list of the value's boolean checks. */
function checksSection(r: IndicatorResult, names: Readonly<Record<string, Label>>, lang: Lang): Raw {
  const v = r.value as Record<string, unknown> | null;
  if (!v) return raw('');
  return html`<ul class="checks">${Object.entries(names).map(
    ([k, name]) => html`<li data-check="${k}">${v[k] ? html`<span class="yes">${T.yes[lang]}</span>` : html`<span class="no">${T.no[lang]}</span>`} ${name[lang]}</li>`,
  )}</ul>`;
}

function indicatorSection(ind: AnyIndicator, r: IndicatorResult | undefined, input: SiteReportInput, lang: Lang, shown: Set<string>): Raw {
  const id = ind.id;
  if (!r) {
    return html`<section class="indicator" id="ind-${id}" data-indicator="${id}"><h3>${ind.title[lang]}</h3><p class="muted">${T.notInRun[lang]}</p></section>`;
  }
  const advice = ind.advice;
  const section = ind.report?.section;
  const checks = ind.report?.checks ?? {};
  const special =
    section === 'wcag-findings'
      ? wcagSection(r, input, lang)
      : section === 'statement'
        ? statementSection(ind, r, checks, lang)
        : section === 'checks'
          ? checksSection(r, checks, lang)
          : valueFields(ind, r.value, lang);
  const evidence = ind.report?.hideEvidence ? [] : r.evidence;
  return html`<section class="indicator" id="ind-${id}" data-indicator="${id}" data-outcome="${r.outcome}">
<h3>${ind.title[lang]} ${badge(r.outcome, lang)}</h3>
<p>${T.score[lang]}: <span class="score">${score100(r.score, lang)}</span> / 100${r.reason ? html`. ${T.reason[lang]}: ${reasonText(r.reason, lang)}` : ''}</p>
${overrideNote(r, lang)}
${advice && r.outcome !== 'pass' && r.outcome !== 'not-applicable' ? html`<p class="advice"><strong>${T.whatToDo[lang]}:</strong> ${codeify(advice[lang])}</p>` : ''}
${special}
${id === 'lighthouse' && input.lighthouseReport ? html`<p class="lh-report"><a href="${input.lighthouseReport}" hreflang="en">${T.lighthouseReport[lang]}</a></p>` : ''}
${evidence.length ? html`<h4>${T.evidence[lang]}</h4>${evidenceList(ind, evidence, input, lang, shown)}` : ''}
</section>`;
}

/** Outcomes in the order a reader acts on them: failures first; passes and "not applicable" folded at the end. */
const OUTCOME_ORDER: readonly Outcome[] = ['fail', 'needs-review', 'error', 'not-applicable', 'pass'];
const folded = (o: Outcome | undefined): boolean => o === 'pass' || o === 'not-applicable';

function indicatorSections(input: SiteReportInput, lang: Lang, shown: Set<string>): Raw {
  const r = input.result.indicators;
  const rank = (i: AnyIndicator): number => (r[i.id] ? OUTCOME_ORDER.indexOf(r[i.id]!.outcome) : OUTCOME_ORDER.indexOf('error'));
  const ordered = input.indicators.map((ind, n) => ({ ind, n })).sort((a, b) => rank(a.ind) - rank(b.ind) || a.n - b.n).map((x) => x.ind);
  const open = ordered.filter((i) => !folded(r[i.id]?.outcome));
  const passes = ordered.filter((i) => folded(r[i.id]?.outcome));
  return html`${open.map((i) => indicatorSection(i, r[i.id], input, lang, shown))}${
    passes.length
      ? html`<details class="passes"><summary>${T.passesSummary[lang]}: ${passes.length} (${passes.map((i, n) => `${n ? ', ' : ''}${i.title[lang]}`)})</summary>${passes.map((i) => indicatorSection(i, r[i.id], input, lang, shown))}</details>`
      : ''
  }`;
}

export function renderSiteReport(input: SiteReportInput, lang: Lang): string {
  const { result, scores } = input;
  const t = result.target;
  const shown = new Set<string>();
  const dims = DIMENSIONS.filter((d) => scores.dimensions[d].score !== null || DIMENSION_INFO[d].eIndex);
  const c = input.changes;
  const body = html`<h1>${t.name}</h1>
<p class="meta"><a href="${safeHref(t.url)}">${t.url}</a> · ${TYPE_LABEL[t.type]?.[lang] ?? t.type}${t.sector ? ` · ${t.sector}` : ''} · ${T.run[lang]} <code>${input.runId}</code> (${input.runCreatedAt.slice(0, 10)}${input.sealed ? '' : `, ${T.inProgress[lang]}`})</p>
${result.status !== 'ok' ? html`<p class="warn" data-status="${result.status}">${T.notAudited[lang]}: ${STATUS_LABEL(result.status, lang)}. ${result.message ?? ''}</p>` : topFixesSection(input.fixes, lang)}
<section aria-labelledby="h-scores">
<h2 id="h-scores">${T.scores[lang]}</h2>
<p class="overall">${T.overall[lang]}: <strong class="overall-score">${num(scores.overall.score, lang)}</strong> / 100, ${T.level[lang]} <strong class="overall-level">${levelText(scores.overall.level, lang)}</strong></p>
<div class="table-wrap" role="region" aria-label="${T.scores[lang]}" tabindex="0"><table class="dimensions">
<caption>${T.dimensionsCaption[lang]}</caption>
<thead><tr><th scope="col">${T.dimension[lang]}</th><th scope="col">${T.score[lang]}</th><th scope="col">${T.level[lang]}</th><th scope="col">${T.notMeasured[lang]}</th></tr></thead>
<tbody>${dims.map((d) => {
    const ds = scores.dimensions[d];
    return html`<tr data-dimension="${d}"><th scope="row">${DIMENSION_INFO[d].name[lang]}</th><td class="num">${num(ds.score, lang)}</td><td>${levelText(ds.level, lang)}</td><td>${ds.missing.map((m) => input.indicators.find((i) => i.id === m.id)?.title[lang] ?? m.id).join(', ') || (ds.score === null ? T.dimNotScored[lang] : '')}</td></tr>`;
  })}</tbody></table></div>
<p class="muted">${T.scoresNote[lang]}</p>
</section>
${renderSiteTrend(input.trend, lang)}
<section aria-labelledby="h-changes">
<h2 id="h-changes">${T.changes[lang]}</h2>
${
  c
    ? html`<p>${T.comparedWith[lang]} <code>${c.previousRunId}</code> (${c.previousAt.slice(0, 10)}).</p>
<h3>${T.newProblems[lang]} (<span class="count-new">${c.added.length}</span>)</h3>
${c.added.length ? html`<ul class="new-problems">${c.added.map((p) => problemItem(p, lang))}</ul>` : html`<p>${T.none[lang]}</p>`}
<h3>${T.fixedProblems[lang]} (<span class="count-fixed">${c.fixed.length}</span>)</h3>
${c.fixed.length ? html`<ul class="fixed-problems">${c.fixed.map((p) => problemItem(p, lang))}</ul>` : html`<p>${T.none[lang]}</p>`}`
    : html`<p>${T.noPrevious[lang]}</p>`
}
</section>
${
  result.status === 'ok'
    ? html`<section aria-labelledby="h-indicators">
<h2 id="h-indicators">${T.indicators[lang]}</h2>
<nav aria-label="${T.indicators[lang]}"><ul class="toc">${input.indicators.map((i) => html`<li><a href="#ind-${i.id}">${i.title[lang]}</a> ${result.indicators[i.id] ? badge(result.indicators[i.id]!.outcome, lang) : ''}</li>`)}</ul></nav>
${indicatorSections(input, lang, shown)}
</section>`
    : ''
}
<section aria-labelledby="h-pages">
<h2 id="h-pages">${T.pagesAudited[lang]}</h2>
<ul class="pages">${result.pages.map((p) => html`<li><a href="${safeHref(p.finalUrl || p.url)}">${p.title || p.url}</a> <span class="muted">(${p.roles.map((r) => ROLE_LABEL[r]?.[lang] ?? r).join(', ')}${p.error ? html`; <span lang="en">${p.error}</span>` : ''})</span></li>`)}</ul>
<p class="muted">${T.tools[lang]}: axe-core ${result.versions.axeCore}, Chromium ${result.versions.chromium}, Lighthouse ${result.versions.lighthouse}. ${T.auditedAt[lang]} ${result.startedAt.slice(0, 16).replace('T', ' ')} UTC.</p>
</section>
<p><a href="../index${lang === 'en' ? '.en' : ''}.html">${T.backToOverview[lang]}</a></p>`;
  const file = `${encodeURIComponent(t.id)}${lang === 'en' ? '.html' : '.en.html'}`;
  return page({ lang, title: `${t.name} — ${T.siteReportTitle[lang]}`, root: '../', otherLang: file, body });
}

