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
import { matchKeyword } from '../../text/keywords.ts';
import { homePage, loadedPages, pageUrl } from '../../text/page-search.ts';
import type { Evidence } from '../../types.ts';
import type { AxePage, KeyboardFacts, MotionFacts, MotionItem, PageFacts, TextResizeFacts } from '../../artifacts.ts';

export const ASPECTS = [
  'main-navigation',
  'page-structure',
  'keyboard-focus',
  'forms',
  'text-alternatives',
  'headings',
  'contrast',
  'text-resize',
  'page-titles',
  'moving-content',
  'multimedia',
] as const;
export type AspectId = (typeof ASPECTS)[number];
export type AspectOutcome = 'pass' | 'fail' | 'needs-review';

/** One automatic check behind an aspect. `info` checks are reported but do not decide the aspect. */
export interface Check {
  id: string;
  outcome: AspectOutcome | 'info';
  evidence: Evidence[];
}

export type LvAspectsValue = Record<AspectId, AspectOutcome> & {
  /** The checks behind each aspect and what each said. */
  checks: Record<AspectId, { id: string; outcome: Check['outcome'] }[]>;
  passed: number;
  failed: number;
  needsReview: number;
};

const OPTIONS = {
  /** axe-core rule ids per aspect; a trailing `*` matches a prefix. Only rules in the WCAG tags the axe collector
   * runs (wcag2a, wcag2aa, wcag21a, wcag21aa) can appear; best-practice ids are listed for completeness and match
   * nothing until the collector runs them. */
  axeRules: {
    'main-navigation': ['bypass'],
    'page-structure': [
      'landmark-*', 'region', 'list', 'listitem', 'definition-list', 'dlitem', 'html-has-lang', 'html-lang-valid', 'valid-lang',
      'html-xml-lang-mismatch', 'bypass', 'duplicate-id-aria', 'td-headers-attr', 'th-has-data-cells', 'td-has-header',
      'table-fake-caption', 'aria-required-children', 'aria-required-parent',
    ],
    'keyboard-focus': ['scrollable-region-focusable', 'tabindex', 'frame-focusable-content', 'server-side-image-map', 'aria-hidden-focus', 'focus-order-semantics'],
    forms: ['label', 'select-name', 'form-field-multiple-labels', 'autocomplete-valid', 'aria-input-field-name', 'aria-toggle-field-name', 'input-button-name', 'label-title-only'],
    'text-alternatives': ['image-alt', 'input-image-alt', 'area-alt', 'svg-img-alt', 'object-alt', 'role-img-alt', 'image-redundant-alt'],
    headings: ['heading-order', 'empty-heading', 'page-has-heading-one', 'p-as-heading'],
    contrast: ['color-contrast', 'link-in-text-block'],
    'text-resize': ['meta-viewport', 'meta-viewport-large', 'avoid-inline-spacing'],
    'page-titles': ['document-title'],
    'moving-content': ['blink', 'marquee', 'meta-refresh'],
    multimedia: ['video-caption', 'audio-caption', 'no-autoplay-audio'],
  } as Record<AspectId, string[]>,
  needsReviewCredit: 0.5,
  /** Evidence items per check (selectors, pages). */
  maxEvidencePerCheck: 4,
  keyboard: {
    /** Focused elements without a visible change tolerated before keyboard-focus fails. */
    maxInvisibleFocus: 0,
    /** Style changes that do not count as a focus indicator (names as in FocusStep.changed, e.g. "parent color"). */
    ignoreChanges: [] as string[],
    /** Words of a skip link's name ("Pāriet uz galveno saturu", "Uz saturu", "Skip to content"). */
    skipLinkKeywords: ['satur', 'pāriet', 'izlaist', 'skip', 'main content', 'перейти'],
  },
  navigation: {
    /** A page's header/nav must hold at least this share of the home page's menu links. */
    minMenuOverlap: 0.8,
    /** Fewer header/nav links than this on the home page: no menu to compare. */
    minMenuLinks: 3,
  },
  textResize: {
    /** A box cuts text when at least this share of a line (of its font size) is hidden. */
    minHiddenLineShare: 0.5,
    /** New overlapping text line pairs tolerated at 200 %. */
    maxNewOverlaps: 0,
    horizontalTolerancePx: 2,
  },
  motion: {
    /** WCAG 2.2.2: moving content that lasts more than 5 s needs a way to pause it. */
    minMovingMs: 5000,
    /** Names of pause/stop controls (text, aria-label, title, class). */
    pauseKeywords: ['pauz', 'apturē', 'apstādin', 'stop', 'pause', 'пауза', 'останов'],
    /** data-* attribute names that announce an auto-advancing carousel. */
    autoplayAttributes: ['autoplay', 'interval', 'ride', 'auto', 'delay', 'timeout'],
    /** An element the page changed at this many distinct moments in the window is animated by script. */
    scriptAnimationMoments: 5,
    /** ...and at this many, content that updates by itself (a ticker, a clock): a person should look. */
    autoUpdateMoments: 2,
  },
  multimedia: {
    /** Hosts of embedded video and audio players. */
    embedHosts: ['youtube.com', 'youtube-nocookie.com', 'youtu.be', 'vimeo.com', 'dailymotion.com', 'soundcloud.com', 'spotify.com', 'ltv.lsm.lv', 'replay.lsm.lv', 'facebook.com/plugins/video'],
  },
};
export type LvAspectsOptions = typeof OPTIONS;

// ---------------------------------------------------------------------------------------------------------------

const clip = <T>(items: T[], n: number) => items.slice(0, Math.max(1, n));

function ruleMatches(pattern: string, id: string): boolean {
  return pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : pattern === id;
}

/** One check per axe rule of the aspect found on any page (violated, incomplete or passed); passed rules merged. */
function axeChecks(axe: readonly AxePage[], patterns: readonly string[], o: LvAspectsOptions): Check[] {
  const audited = axe.filter((p) => !p.error);
  if (audited.length === 0) return [{ id: 'axe', outcome: 'needs-review', evidence: [{ url: axe[0]?.url ?? '', text: 'axe-core neizpildījās nevienā lapā / axe-core ran on no page' }] }];
  const matches = (id: string) => patterns.some((p) => ruleMatches(p, id));
  const violated = new Map<string, Evidence[]>();
  const incomplete = new Map<string, Evidence[]>();
  const passed = new Map<string, number>();
  for (const page of audited) {
    for (const rule of page.violations) {
      if (!matches(rule.id)) continue;
      const list = violated.get(rule.id) ?? [];
      const node = rule.nodes[0];
      list.push({ url: page.url, ...(node ? { selector: node.target } : {}), text: `${rule.id}: ${rule.help} (${rule.nodeCount} el.)` });
      violated.set(rule.id, list);
    }
    for (const rule of page.incomplete) {
      if (!matches(rule.id)) continue;
      const list = incomplete.get(rule.id) ?? [];
      const node = rule.nodes[0];
      list.push({ url: page.url, ...(node ? { selector: node.target } : {}), text: `${rule.id}: jāpārbauda / needs review: ${rule.help} (${rule.nodeCount} el.)` });
      incomplete.set(rule.id, list);
    }
    for (const id of page.passes) if (matches(id)) passed.set(id, (passed.get(id) ?? 0) + 1);
  }
  const checks: Check[] = [];
  for (const [id, evidence] of violated) checks.push({ id: `axe:${id}`, outcome: 'fail', evidence: clip(evidence, o.maxEvidencePerCheck) });
  for (const [id, evidence] of incomplete) {
    if (!violated.has(id)) checks.push({ id: `axe:${id}`, outcome: 'needs-review', evidence: clip(evidence, o.maxEvidencePerCheck) });
  }
  const clean = [...passed.keys()].filter((id) => !violated.has(id) && !incomplete.has(id)).sort();
  if (clean.length > 0) {
    checks.push({
      id: `axe:${clean.join(',')}`,
      outcome: 'pass',
      evidence: [{ url: audited[0]!.url, text: `axe: ${clean.map((id) => `${id} (${passed.get(id)} lp.)`).join(', ')} izpildīti / passed on ${audited.length} audited pages` }],
    });
  }
  return checks;
}

/** Loaded HTML pages (not PDFs, not errors), home first. */
function htmlPages(pages: readonly PageFacts[]): PageFacts[] {
  return loadedPages(pages).filter((p) => p.status < 400 && !/pdf/i.test(p.contentType));
}

// ---------------------------------------------------------------------------------------------------------------
// Keyboard

/** Whether a focused element showed a visible change: null when it cannot be told (an iframe, focus never left). */
export function focusShown(step: KeyboardFacts['steps'][number], ignore: readonly string[]): boolean | null {
  if (step.frame || step.changed === null) return null;
  if (!step.visible || !step.inViewport) return false;
  if (step.changed.some((c) => c !== 'removed' && !ignore.includes(c))) return true;
  // Removed from the page when focus left it (a menu that closed): its unfocused look is unknown.
  return step.changed.includes('removed') ? null : false;
}

function keyboardChecks(k: KeyboardFacts, o: LvAspectsOptions): Check[] {
  const checks: Check[] = [];
  const url = k.url;
  if (k.error) checks.push({ id: 'keyboard-run', outcome: 'needs-review', evidence: [{ url, text: `tabulēšana pārtraukta / tabbing stopped: ${k.error}` }] });

  // Visible focus.
  const judged = k.steps.map((s) => ({ s, shown: focusShown(s, o.keyboard.ignoreChanges) })).filter((j) => j.shown !== null);
  const hidden = judged.filter((j) => !j.shown);
  if (judged.length === 0) {
    checks.push({ id: 'focus-visible', outcome: 'needs-review', evidence: [{ url, text: `fokusu nevarēja novērtēt / focus could not be judged (${k.steps.length} elements reached)` }] });
  } else if (hidden.length > o.keyboard.maxInvisibleFocus) {
    checks.push({
      id: 'focus-visible',
      outcome: 'fail',
      evidence: clip(hidden, o.maxEvidencePerCheck).map(({ s }): Evidence => ({
        url,
        selector: s.selector,
        text: `${!s.visible || !s.inViewport ? 'fokusēts elements ārpus ekrāna / focused element off-screen or hidden' : 'fokuss nav redzams / no visible focus indicator'}: "${s.name}" (${s.focusStyle})`,
      })).concat([{ url, text: `${hidden.length} no ${judged.length} fokusētajiem elementiem bez redzama fokusa / of ${judged.length} focused elements show no focus` }]),
    });
  } else {
    const kinds = [...new Set(judged.flatMap((j) => j.s.changed ?? []))].slice(0, 6).join(', ');
    checks.push({ id: 'focus-visible', outcome: 'pass', evidence: [{ url, text: `redzams fokuss visiem ${judged.length} elementiem / visible focus on all ${judged.length} focused elements (${kinds})` }] });
  }

  // Keyboard traps.
  if (k.trap) {
    const at = k.trap.steps.map((i) => k.steps[i]).filter((s) => s !== undefined);
    const first = at[0];
    const names = at.map((s) => `"${s.name || s.selector}"`).join(' → ');
    if (k.trap.kind === 'stuck' && first?.frame) {
      checks.push({
        id: 'no-keyboard-trap',
        outcome: 'needs-review',
        evidence: [{ url, selector: first.selector, text: `fokuss palika iegultā saturā (iframe, atskaņotājs) / focus stayed inside embedded content for many Tab presses: ${names}` }],
      });
    } else if (k.trap.kind === 'cycle' && k.trap.inModalDialog) {
      checks.push({
        id: 'no-keyboard-trap',
        outcome: 'needs-review',
        evidence: [{ url, ...(first ? { selector: first.selector } : {}), text: `fokuss riņķo modālā dialogā (sīkdatņu paziņojums?) / focus cycles inside a modal dialog: ${names}${k.modalAtStart ? `; Escape ${k.modalAtStart.closedByEscape ? 'aizver / closes it' : 'neaizver / does not close it'}` : ''}` }],
      });
    } else {
      checks.push({
        id: 'no-keyboard-trap',
        outcome: 'fail',
        evidence: [{ url, ...(first ? { selector: first.selector } : {}), text: k.trap.kind === 'stuck' ? `fokuss iestrēgst / focus stops moving at ${names}` : `fokuss riņķo / focus cycles without leaving: ${names}` }],
      });
    }
  } else if (k.endedBy === 'no-focus') {
    checks.push({
      id: 'no-keyboard-trap',
      outcome: k.tabbableCount > 0 ? 'fail' : 'needs-review',
      evidence: [{ url, text: `ar Tab netika fokusēts neviens elements / Tab reached no element (${k.tabbableCount} focusable)` }],
    });
  } else if (k.endedBy === 'navigated') {
    checks.push({ id: 'no-keyboard-trap', outcome: 'needs-review', evidence: [{ url, text: 'lapa pārlādējās tabulējot / the page navigated away while tabbing' }] });
  } else {
    checks.push({
      id: 'no-keyboard-trap',
      outcome: 'pass',
      evidence: [{ url, text: k.endedBy === 'cycle' ? `Tab izgāja cauri visiem ${k.steps.length} elementiem / Tab went through all ${k.steps.length} elements` : `${k.tabsPressed} Tab nospiedieni bez slazda / ${k.tabsPressed} Tab presses, no trap` }],
    });
  }
  return checks;
}

/** Visible header/nav links reached with Tab. */
function menuReachCheck(k: KeyboardFacts, o: LvAspectsOptions): Check {
  const url = k.url;
  const visible = k.menuLinks.map((m, i) => ({ ...m, i })).filter((m) => m.visible);
  if (visible.length === 0) return { id: 'menu-keyboard', outcome: 'needs-review', evidence: [{ url, text: 'galvenē/navigācijā nav redzamu saišu / no visible header or nav links' }] };
  const reached = new Set(k.steps.map((s) => s.menuIndex).filter((i) => i >= 0));
  const missing = visible.filter((m) => !reached.has(m.i));
  const label = (m: (typeof visible)[number]) => `"${m.text || m.href}"${m.tabbable ? '' : ' (tabindex=-1)'}`;
  if (missing.length === 0) {
    return { id: 'menu-keyboard', outcome: 'pass', evidence: [{ url, text: `visas ${visible.length} izvēlnes saites sasniedzamas ar Tab / all ${visible.length} menu links reached with Tab` }] };
  }
  const summary = `sasniegtas ${visible.length - missing.length} no ${visible.length} izvēlnes saitēm / ${visible.length - missing.length} of ${visible.length} menu links reached with Tab`;
  const evidence = [...clip(missing, o.maxEvidencePerCheck).map((m) => ({ url, selector: m.selector, text: `nesasniedzama / not reached: ${label(m)}` })), { url, text: summary }];
  const untabbable = missing.filter((m) => !m.tabbable);
  // A trap for certain: not a modal dialog's focus cycle, not focus gone quiet inside an iframe or a player.
  const trapped = !!k.trap && !k.trap.inModalDialog && !(k.trap.kind === 'stuck' && k.steps[k.trap.steps[0] ?? -1]?.frame);
  // A link Tab skips, a full pass over the page that missed links, or a trap before them: the menu is not reachable.
  if (untabbable.length > 0 || k.endedBy === 'cycle' || trapped) return { id: 'menu-keyboard', outcome: 'fail', evidence };
  // The Tab budget ran out, a modal dialog or an embedded frame held the focus, or the page navigated: not decided.
  return { id: 'menu-keyboard', outcome: 'needs-review', evidence };
}

/** A skip link as the first Tab stop helps (WCAG 2.4.1); without one, axe's bypass rule (landmarks, headings)
 * decides, so its absence only informs. */
function skipLinkCheck(k: KeyboardFacts, o: LvAspectsOptions): Check {
  const first = k.steps[0];
  const isSkip = !!first && first.fragmentTarget === true && matchKeyword(first.name, o.keyboard.skipLinkKeywords) !== null;
  if (isSkip && first.inViewport) {
    return { id: 'skip-link', outcome: 'pass', evidence: [{ url: k.url, selector: first.selector, text: `pirmā Tab saite ir "${first.name}" → ${first.href} / skip link first` }] };
  }
  if (isSkip) {
    return { id: 'skip-link', outcome: 'info', evidence: [{ url: k.url, selector: first.selector, text: `saite "${first.name}" paliek ārpus ekrāna arī fokusā / skip link stays off-screen when focused` }] };
  }
  return { id: 'skip-link', outcome: 'info', evidence: [{ url: k.url, text: `pirmais fokusējamais nav "pāriet uz saturu" saite / no skip link first${first ? ` (first: "${first.name || first.selector}")` : ''}` }] };
}

// ---------------------------------------------------------------------------------------------------------------
// Pages: menus, headings, titles

const pathOf = (u: URL) => u.pathname.replace(/\/+$/, '') || '/';

/** Same-site header and nav links as path + query. Links to the page itself with a query (text size, contrast or
 * print switchers: "?izmers=2") are left out: every page points them at itself. */
function menuHrefs(page: PageFacts): Set<string> {
  const out = new Set<string>();
  let self: URL;
  try {
    self = new URL(pageUrl(page));
  } catch {
    return out;
  }
  for (const l of page.links) {
    if (l.region !== 'nav' && l.region !== 'header') continue;
    try {
      const u = new URL(l.href);
      if (!/^https?:$/.test(u.protocol) || u.host !== self.host) continue;
      if (u.search && pathOf(u) === pathOf(self)) continue;
      out.add(`${pathOf(u)}${u.search}`);
    } catch {
      // not a URL: not a menu link
    }
  }
  return out;
}

function consistentNavigationCheck(pages: readonly PageFacts[], o: LvAspectsOptions): Check {
  const html = htmlPages(pages);
  const home = homePage(html) ?? html[0];
  if (!home) return { id: 'consistent-navigation', outcome: 'needs-review', evidence: [{ url: pages[0]?.url ?? '', text: 'nav ielādētu lapu / no page loaded' }] };
  const menu = menuHrefs(home);
  const url = pageUrl(home);
  if (menu.size < o.navigation.minMenuLinks) {
    return { id: 'consistent-navigation', outcome: 'needs-review', evidence: [{ url, text: `sākumlapas galvenē/navigācijā ${menu.size} saites: izvēlne nav atrasta / no menu found in header or nav` }] };
  }
  let host = '';
  try {
    host = new URL(url).host;
  } catch {
    // compared by host below; an unparsable home URL compares nothing
  }
  const others = html.filter((p) => {
    if (p === home) return false;
    try {
      if (new URL(pageUrl(p)).host !== host) return false;
    } catch {
      return false;
    }
    return !home.lang || !p.lang || p.lang.slice(0, 2).toLowerCase() === home.lang.slice(0, 2).toLowerCase();
  });
  if (others.length === 0) return { id: 'consistent-navigation', outcome: 'info', evidence: [{ url, text: 'auditēta tikai sākumlapa: izvēlni nav ar ko salīdzināt / only the home page audited' }] };
  const bad: Evidence[] = [];
  for (const p of others) {
    const have = menuHrefs(p);
    const shared = [...menu].filter((h) => have.has(h));
    if (shared.length / menu.size < o.navigation.minMenuOverlap) {
      const missing = [...menu].filter((h) => !have.has(h)).slice(0, 5);
      bad.push({ url: pageUrl(p), text: `izvēlnē ${shared.length} no ${menu.size} sākumlapas saitēm / menu holds ${shared.length} of the home page's ${menu.size} links; missing ${missing.join(', ')}` });
    }
  }
  if (bad.length > 0) return { id: 'consistent-navigation', outcome: 'fail', evidence: clip(bad, o.maxEvidencePerCheck) };
  return { id: 'consistent-navigation', outcome: 'pass', evidence: [{ url, text: `tā pati izvēlne (${menu.size} saites) ${others.length + 1} lapās / same menu on ${others.length + 1} pages` }] };
}

function headingChecks(pages: readonly PageFacts[], o: LvAspectsOptions): Check[] {
  const html = htmlPages(pages);
  if (html.length === 0) return [];
  const fails: Evidence[] = [];
  const reviews: Evidence[] = [];
  for (const p of html) {
    const url = pageUrl(p);
    if (p.headings.length === 0) {
      fails.push({ url, text: 'lapā nav virsrakstu / no headings on the page' });
      continue;
    }
    for (let i = 1; i < p.headings.length; i++) {
      const prev = p.headings[i - 1]!;
      const h = p.headings[i]!;
      if (h.level > prev.level + 1) {
        fails.push({ url, selector: `h${h.level}`, text: `izlaists virsraksta līmenis / heading level skipped: h${prev.level} "${prev.text.slice(0, 40)}" → h${h.level} "${h.text.slice(0, 40)}"` });
        break;
      }
    }
    if (!p.headings.some((h) => h.level === 1)) reviews.push({ url, text: `nav h1 virsraksta / no h1 (first: h${p.headings[0]!.level} "${p.headings[0]!.text.slice(0, 40)}")` });
    const empty = p.headings.find((h) => h.text.trim() === '');
    if (empty) reviews.push({ url, selector: `h${empty.level}`, text: `tukšs virsraksts (varbūt attēls) / empty heading (maybe an image): h${empty.level}` });
  }
  const outcome: AspectOutcome = fails.length > 0 ? 'fail' : reviews.length > 0 ? 'needs-review' : 'pass';
  const evidence = outcome === 'pass'
    ? [{ url: pageUrl(html[0]!), text: `virsrakstu hierarhija bez izlaistiem līmeņiem ${html.length} lapās / headings in order on ${html.length} pages` }]
    : clip([...fails, ...reviews], o.maxEvidencePerCheck);
  return [{ id: 'heading-structure', outcome, evidence }];
}

function titleChecks(pages: readonly PageFacts[], o: LvAspectsOptions): Check[] {
  const html = htmlPages(pages);
  if (html.length === 0) return [];
  const empty = html.filter((p) => p.title.trim() === '');
  if (empty.length > 0) {
    return [{ id: 'page-title', outcome: 'fail', evidence: clip(empty.map((p) => ({ url: pageUrl(p), selector: 'title', text: 'lapai nav nosaukuma / page has no title' })), o.maxEvidencePerCheck) }];
  }
  // Pages that differ only in their query string and share a title are taken for one document shown two ways
  // (the crawl follows "?izmers=2" text size links); each title counts once per path.
  const byTitle = new Map<string, PageFacts[]>();
  for (const p of html) {
    const key = p.title.trim().toLowerCase();
    const list = byTitle.get(key) ?? [];
    const path = (q: PageFacts) => {
      try {
        const u = new URL(pageUrl(q));
        return `${u.host}${pathOf(u)}`;
      } catch {
        return pageUrl(q);
      }
    };
    if (!list.some((q) => path(q) === path(p))) list.push(p);
    byTitle.set(key, list);
  }
  const dupes = [...byTitle.values()].filter((list) => list.length > 1);
  const distinctPages = [...byTitle.values()].reduce((n, list) => n + list.length, 0);
  if (distinctPages > 1 && byTitle.size === 1) {
    return [{ id: 'page-title', outcome: 'fail', evidence: [{ url: pageUrl(html[0]!), selector: 'title', text: `visām ${distinctPages} lapām viens nosaukums / all ${distinctPages} pages share one title: "${html[0]!.title}"` }] }];
  }
  if (dupes.length > 0) {
    return [{
      id: 'page-title',
      outcome: 'needs-review',
      evidence: clip(dupes.map((list) => ({ url: pageUrl(list[0]!), selector: 'title', text: `${list.length} lapām nosaukums / ${list.length} pages titled "${list[0]!.title}": ${list.map(pageUrl).join(', ')}` })), o.maxEvidencePerCheck),
    }];
  }
  return [{ id: 'page-title', outcome: 'pass', evidence: [{ url: pageUrl(html[0]!), text: `${html.length} lapām atšķirīgi nosaukumi / ${html.length} pages, distinct titles` }] }];
}

// ---------------------------------------------------------------------------------------------------------------
// Text resize

function textResizeChecks(t: TextResizeFacts, o: LvAspectsOptions): Check[] {
  const url = t.url;
  const checks: Check[] = [];
  if (t.error) return [{ id: 'text-200', outcome: 'needs-review', evidence: [{ url, text: `teksta palielināšana neizdevās / text resize failed: ${t.error}` }] }];
  const cut = t.after.clipped.filter((c) => {
    const min = Math.max(2, c.fontPx * o.textResize.minHiddenLineShare);
    return c.new !== false && (c.scrollHeight - c.clientHeight >= min || c.scrollWidth - c.clientWidth >= min);
  });
  const newOverlaps = Math.max(0, t.after.overlaps - t.before.overlaps);
  const evidence: Evidence[] = [];
  for (const c of clip(cut, o.maxEvidencePerCheck)) {
    evidence.push({ url, selector: c.selector, text: `teksts nogriezts / text cut off at 200 %: "${c.text.slice(0, 50)}" (box ${c.clientWidth}×${c.clientHeight}px, content ${c.scrollWidth}×${c.scrollHeight}px)` });
  }
  if (newOverlaps > o.textResize.maxNewOverlaps) {
    for (const s of t.after.overlapSamples.slice(0, 2)) {
      evidence.push({ url, selector: s.a, text: `teksts pārklājas / text overlaps at 200 %: "${s.textA.slice(0, 30)}" × "${s.textB.slice(0, 30)}" (${s.b})` });
    }
    evidence.push({ url, text: `${newOverlaps} jaunas teksta pārklāšanās / new overlapping text lines at 200 %` });
  }
  if (evidence.length > 0) checks.push({ id: 'text-200', outcome: 'fail', evidence });
  else checks.push({ id: 'text-200', outcome: 'pass', evidence: [{ url, text: `200 % tekstā nekas netiek nogriezts vai pārklāts / at 200 % text nothing is cut off or overlaps (${t.after.textBoxes} text lines)` }] });

  const scrollsNow = t.after.scrollWidth > t.after.clientWidth + o.textResize.horizontalTolerancePx;
  const scrolledBefore = t.before.scrollWidth > t.before.clientWidth + o.textResize.horizontalTolerancePx;
  if (scrollsNow && !scrolledBefore) {
    checks.push({ id: 'horizontal-scroll-200', outcome: 'needs-review', evidence: [{ url, selector: 'html', text: `200 % tekstā lapa ritinās horizontāli / page scrolls sideways at 200 % text: ${t.after.scrollWidth}px in ${t.after.clientWidth}px` }] });
  }
  if (t.rootScaledShare < 0.5) {
    checks.push({ id: 'root-font-size', outcome: 'info', evidence: [{ url, text: `teksta izmēri pikseļos: lietotāja fonta iestatījums maina ${Math.round(t.rootScaledShare * 100)}% teksta / text sized in px: the reader's font-size setting changes ${Math.round(t.rootScaledShare * 100)}% of the text (browser zoom still works)` }] });
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------------------------
// Moving content and multimedia

type Motion = 'moving' | 'maybe' | 'still';

function isEmbedPlayer(src: string | undefined, hosts: readonly string[]): boolean {
  if (!src) return false;
  const s = src.toLowerCase();
  return hosts.some((h) => s.includes(h));
}

/** Whether an item moves by itself for longer than minMovingMs (WCAG 2.2.2), may do so, or stays still. */
export function motionOf(item: MotionItem, o: LvAspectsOptions): Motion {
  const m = o.motion;
  switch (item.kind) {
    case 'marquee':
    case 'blink':
      return item.visible ? 'moving' : 'still';
    case 'animation': {
      if (!item.visible) return 'still';
      const total = item.iterations === null || item.iterations === undefined ? Infinity : (item.durationMs ?? 0) * item.iterations;
      return total > m.minMovingMs ? 'moving' : 'still';
    }
    case 'media': {
      if (item.tag !== 'video' || !item.visible) return 'still';
      const playing = item.paused === false || item.autoplay === true;
      if (!playing) return 'still';
      const long = item.loop === true || item.mediaDurationS === null || item.mediaDurationS === undefined || item.mediaDurationS * 1000 > m.minMovingMs;
      return long ? 'moving' : 'still';
    }
    case 'embed':
      return isEmbedPlayer(item.src, o.multimedia.embedHosts) && /[?&]autoplay=(1|true)/i.test(item.src ?? '') ? 'maybe' : 'still';
    case 'gif': {
      if (!item.visible) return 'still';
      if (item.frames === null || item.frames === undefined) return 'maybe';
      if (item.frames < 2) return 'still';
      const loops = item.loops ?? 1;
      return loops === 0 || (item.loopMs ?? 0) * loops > m.minMovingMs ? 'moving' : 'still';
    }
    case 'carousel': {
      if (!item.visible) return 'still';
      if ((item.changedAt?.length ?? 0) > 0) return 'moving';
      const hint = Object.entries(item.dataAttributes ?? {}).some(
        ([name, value]) => m.autoplayAttributes.some((a) => name.slice(5).toLowerCase().includes(a)) && !/^(false|0|off|no)$/i.test(value.trim()),
      );
      return hint ? 'maybe' : 'still';
    }
    case 'mutation': {
      if (!item.visible) return 'still';
      const n = item.changedAt?.length ?? 0;
      return n >= m.scriptAnimationMoments ? 'moving' : n >= m.autoUpdateMoments ? 'maybe' : 'still';
    }
  }
}

function describe(item: MotionItem): string {
  switch (item.kind) {
    case 'marquee':
      return '<marquee> skrejošā rinda / scrolling marquee';
    case 'blink':
      return '<blink> mirgojošs teksts / blinking text';
    case 'animation':
      return `animācija / animation "${item.animationName}" ${item.iterations === null ? 'bezgalīga / infinite' : `${item.iterations}×`} ${item.durationMs} ms`;
    case 'media':
      return `video automātiski atskaņojas / autoplaying video${item.loop ? ' (loop)' : ''}${item.muted ? ' (muted)' : ''}${item.controls ? ' ar vadīklām / with controls' : ' bez vadīklām / without controls'}`;
    case 'embed':
      return `iegults atskaņotājs ar autoplay / embedded player with autoplay: ${item.src}`;
    case 'gif':
      return item.frames ? `animēts GIF / animated GIF: ${item.frames} kadri, ${item.loops === 0 ? 'bezgalīgi / forever' : `${item.loops}×`} (${item.src})` : `GIF, kadrus neizdevās nolasīt / GIF, frames not read (${item.src})`;
    case 'carousel':
      return (item.changedAt?.length ?? 0) > 0
        ? `karuselis mainās pats / carousel advances by itself (${item.matched}, at ${item.changedAt!.join(', ')} ms)`
        : `karuselis ar automātiskās pārslēgšanas iestatījumu / carousel with an autoplay setting (${item.matched}, ${JSON.stringify(item.dataAttributes)})`;
    case 'mutation':
      return `saturs mainās pats / content changes by itself (${item.changes?.join(', ')}) at ${item.changedAt?.length} moments`;
  }
}

function motionChecks(mf: MotionFacts, o: LvAspectsOptions): Check[] {
  const url = mf.url;
  if (mf.error) return [{ id: 'moving-content', outcome: 'needs-review', evidence: [{ url, text: `kustīgā satura pārbaude neizdevās / motion check failed: ${mf.error}` }] }];
  const pause = (names: readonly string[]) => names.map((n) => ({ n, k: matchKeyword(n, o.motion.pauseKeywords) })).find((x) => x.k !== null)?.n ?? null;
  const pagePause = pause(mf.controls.map((c) => c.name));
  const fails: Evidence[] = [];
  const reviews: Evidence[] = [];
  const fine: Evidence[] = [];
  for (const item of mf.items) {
    const motion = motionOf(item, o);
    if (motion === 'still') continue;
    const near = pause(item.nearControls);
    const own = item.kind === 'media' && item.controls === true;
    const ev: Evidence = { url, selector: item.selector, text: describe(item) };
    if (near || own) fine.push({ ...ev, text: `${ev.text}; apturama / can be paused: ${own ? 'vadīklas / controls' : `"${near}"`}` });
    else if (motion === 'maybe') reviews.push({ ...ev, text: `${ev.text}; jāpārbauda / needs review` });
    else if (pagePause) reviews.push({ ...ev, text: `${ev.text}; lapā ir "${pagePause}", jāpārbauda vai tā aptur šo / a pause control exists on the page: check it stops this` });
    else fails.push({ ...ev, text: `${ev.text}; nav pauzes vai apturēšanas vadīklas / no pause or stop control` });
  }
  if (fails.length > 0) return [{ id: 'moving-content', outcome: 'fail', evidence: clip([...fails, ...reviews], o.maxEvidencePerCheck + 2) }];
  if (reviews.length > 0) return [{ id: 'moving-content', outcome: 'needs-review', evidence: clip(reviews, o.maxEvidencePerCheck) }];
  if (fine.length > 0) return [{ id: 'moving-content', outcome: 'pass', evidence: clip(fine, o.maxEvidencePerCheck) }];
  return [{
    id: 'moving-content',
    outcome: 'pass',
    evidence: [{ url, text: `${Math.round(mf.windowMs / 1000)} s laikā nekas nekustas un nemirgo / nothing moves or blinks in ${Math.round(mf.windowMs / 1000)} s (marquee, animations, autoplay video, animated GIF, carousels checked)` }],
  }];
}

function multimediaChecks(pages: readonly PageFacts[], axe: readonly AxePage[], mf: MotionFacts, o: LvAspectsOptions): Check[] {
  const checks: Check[] = [];
  const reviews: Evidence[] = [];
  const fine: Evidence[] = [];
  for (const item of mf.items) {
    if (item.kind !== 'media') continue;
    if (item.tag === 'audio') {
      reviews.push({ url: mf.url, selector: item.selector, text: `audio: jāpārbauda teksta atšifrējums / check for a transcript (${item.src})` });
      if ((item.autoplay || item.paused === false) && !item.muted && !item.controls) {
        checks.push({ id: 'audio-control', outcome: 'fail', evidence: [{ url: mf.url, selector: item.selector, text: `audio atskaņojas automātiski bez vadīklām / audio plays automatically without controls (${item.src})` }] });
      }
    } else if ((item.captionTracks ?? 0) > 0) {
      fine.push({ url: mf.url, selector: item.selector, text: `video ar subtitriem / video with a captions track (${item.src})` });
    } else if (item.muted && item.autoplay) {
      // A muted background loop has no sound to caption; its motion is judged under moving-content.
      fine.push({ url: mf.url, selector: item.selector, text: `fona video bez skaņas / muted background video (${item.src})` });
    } else {
      reviews.push({ url: mf.url, selector: item.selector, text: `video bez subtitru celiņa: jāpārbauda subtitri vai atšifrējums / video without a captions track: check captions or transcript (${item.src})` });
    }
  }
  const embeds = new Map<string, string>();
  for (const p of htmlPages(pages)) {
    for (const src of p.iframes) if (isEmbedPlayer(src, o.multimedia.embedHosts) && !embeds.has(src)) embeds.set(src, pageUrl(p));
  }
  for (const [src, url] of embeds) reviews.push({ url, selector: `iframe[src="${src.slice(0, 120)}"]`, text: `iegults video/audio: jāpārbauda subtitri vai atšifrējums / embedded player: check captions or transcript (${src})` });

  checks.push(...axeChecks(axe, o.axeRules.multimedia, o));
  if (reviews.length > 0) checks.push({ id: 'media-alternatives', outcome: 'needs-review', evidence: clip(reviews, o.maxEvidencePerCheck) });
  else if (fine.length > 0) checks.push({ id: 'media-alternatives', outcome: 'pass', evidence: clip(fine, o.maxEvidencePerCheck) });
  else if (!checks.some((c) => c.outcome !== 'info')) {
    checks.push({ id: 'media-alternatives', outcome: 'pass', evidence: [{ url: mf.url, text: `multimediji nav atrasti / no multimedia found (video, audio, embedded players on ${htmlPages(pages).length} pages)` }] });
  }
  return checks;
}

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
