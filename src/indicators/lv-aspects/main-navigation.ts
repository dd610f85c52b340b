// Aspect main-navigation: the menu reached with Tab, a skip link, and the same menu on every page.
import { matchKeyword } from '../../text/keywords.ts';
import { homePage, pageUrl } from '../../text/page-search.ts';
import type { Evidence } from '../../types.ts';
import type { KeyboardFacts, PageFacts } from '../../artifacts.ts';
import type { Check, LvAspectsOptions } from './aspects.ts';
import { clip, htmlPages, pathOf } from './check-helpers.ts';

/** Visible header/nav links reached with Tab. */
export function menuReachCheck(k: KeyboardFacts, o: LvAspectsOptions): Check {
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
export function skipLinkCheck(k: KeyboardFacts, o: LvAspectsOptions): Check {
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

export function consistentNavigationCheck(pages: readonly PageFacts[], o: LvAspectsOptions): Check {
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
