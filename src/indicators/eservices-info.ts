// Information about applying for services electronically (seeds, 2021 municipalities: on the home page 36 %, in another
// section 43 %, nowhere 21 %): links to e-services on the national portal latvija.lv / latvija.gov.lv or the
// institution's own e-service portal, and "e-pakalpojumi" sections, links, headings or text.
import { defineIndicator } from './indicator.ts';
import { oneOf } from './breakdown.ts';
import type { Evidence, IndicatorResult } from '../types.ts';
import type { LinkFact, PageFacts } from '../artifacts.ts';
import { foldUrl } from '../text/fold.ts';
import { matchKeyword } from '../text/keywords.ts';
import { hostMatches, hostOf, linkLabel } from '../text/links.ts';
import { findHeading, findLink, findText, homePage, linkEvidence, loadedPages } from '../text/page-search.ts';

export type Placement = 'homepage' | 'other-section' | 'none';

export interface EservicesInfoValue {
  placement: Placement;
  /** Distinct links to latvija.lv / latvija.gov.lv on the audited pages (fragment and trailing slash ignored). */
  latvijaLvLinks: number;
}

export interface EservicesInfoOptions {
  /** The national e-service portal (subdomains included). */
  portalHosts: string[];
  /** Institutions' own e-service portals known by host. Any host whose words contain a keyword counts too (epakalpojumi.<novads>.lv). */
  ownPortalHosts: string[];
  /** Names of e-service links, headings and phrases (Latvian stems + English; syntax in src/text/keywords.ts). */
  keywords: string[];
}

/** A latvija.lv link as one distinct URL: https, no www., no trailing slash, no fragment. */
export function normaliseLink(href: string): string {
  try {
    const u = new URL(href);
    const path = u.pathname.replace(/\/+$/, '');
    return `https://${u.hostname.toLowerCase().replace(/^www\./, '')}${path}${u.search}`;
  } catch {
    return href;
  }
}

/** Keyword lists and hosts: analysts extend them in config/indicators.json (a key there replaces the key here). */
const DEFAULTS: EservicesInfoOptions = {
  portalHosts: ['latvija.lv', 'latvija.gov.lv'],
  ownPortalHosts: ['eds.vid.gov.lv', 'e.csdd.lv', 'eps.lad.gov.lv', 'bis.gov.lv'],
  keywords: [
    'e-pakalpojum',
    'elektronisk* pakalpojum',
    'pakalpojumi elektroniski',
    'pakalpojumu saņemšana elektroniski',
    'pieteikties elektroniski',
    'piesakies elektroniski',
    'iesniegt elektroniski',
    'iesniedz* elektroniski',
    'elektroniski iesnie',
    'e-iesniegum',
    'e-services',
    'e-service',
    'online services',
    'apply online',
  ],
};

export default defineIndicator({
  id: 'eservices-info',
  dimension: 'services',
  title: { lv: 'Informācija par e-pakalpojumiem', en: 'Information on e-services' },
  csv: ['placement', 'latvijaLvLinks'],
  labels: {
    placement: { lv: 'informācija par e-pakalpojumiem', en: 'e-services information' },
    latvijaLvLinks: { lv: 'saites uz Latvija.lv', en: 'links to Latvija.lv' },
  },
  advice: {
    lv: 'Sākumlapā vai pakalpojumu sadaļā aprakstiet, kā pakalpojumus pieteikt elektroniski, un norādiet saites uz Latvija.lv.',
    en: 'Explain on the home page or in a services section how to apply electronically, with links to Latvija.lv.',
  },
  breakdowns: [
    oneOf('eservices-info', 'placement', ['homepage', 'other-section', 'none'], {
      homepage: { lv: 'sākumlapā', en: 'on the home page' },
      'other-section': { lv: 'citā sadaļā', en: 'in another section' },
      none: { lv: 'nav', en: 'none' },
    }),
  ],
  requires: ['pages'],
  defaultOptions: DEFAULTS,
  evaluate({ pages }, o): IndicatorResult<EservicesInfoValue> {
    const home = homePage(pages);
    if (!home) return { value: null, score: null, outcome: 'error', evidence: [], reason: 'sākumlapa nav ielādēta / home page not loaded' };
    const all = loadedPages(pages);

    // A link to an e-service portal first, then a link, heading or phrase naming e-services (site regions before
    // content: a menu entry "E-pakalpojumi" says more than a news title about them).
    const isPortal = (l: LinkFact): boolean => {
      if (hostMatches(l.href, o.portalHosts) || hostMatches(l.href, o.ownPortalHosts)) return true;
      const host = hostOf(l.href);
      return host !== '' && matchKeyword(foldUrl(host), o.keywords) !== null;
    };
    const onPage = (page: PageFacts): Evidence | null => {
      const portal = page.links.find(isPortal);
      if (portal) return linkEvidence(page, portal, `${linkLabel(portal)} (${portal.href})`);
      return findLink(page, o.keywords)?.evidence ?? findHeading(page, o.keywords)?.evidence ?? findText(page, o.keywords)?.evidence ?? null;
    };

    const onHome = onPage(home);
    let elsewhere: Evidence | null = null;
    if (!onHome) {
      for (const page of all) {
        if (page === home) continue;
        if ((elsewhere = onPage(page))) break;
      }
    }
    const placement: Placement = onHome ? 'homepage' : elsewhere ? 'other-section' : 'none';

    const portal = new Map<string, Evidence>();
    for (const page of all) {
      for (const l of page.links) {
        if (!hostMatches(l.href, o.portalHosts)) continue;
        const key = normaliseLink(l.href);
        if (!portal.has(key)) portal.set(key, linkEvidence(page, l, `${linkLabel(l)} (${l.href})`));
      }
    }
    const evidence: Evidence[] = [];
    const main = onHome ?? elsewhere;
    if (main) evidence.push(main);
    for (const e of [...portal.values()].slice(0, 10)) {
      if (!(main && e.url === main.url && e.selector === main.selector)) evidence.push(e);
    }
    return {
      value: { placement, latvijaLvLinks: portal.size },
      // The seeds' three levels: on the home page 1, only in another section 0.5 (it exists, a resident has to look
      // for it), nowhere 0.
      score: placement === 'homepage' ? 1 : placement === 'other-section' ? 0.5 : 0,
      // Found only on another page: the home page may link to it under a name the keywords do not know.
      outcome: placement === 'homepage' ? 'pass' : placement === 'other-section' ? 'needs-review' : 'fail',
      evidence,
      ...(placement === 'other-section' ? { reason: 'e-pakalpojumi atrasti citā sadaļā, ne sākumlapā / e-services found in another section, not on the home page' } : {}),
    };
  },
});
