// Open data (seeds, 2021: 54 % of institutions and 7 % of municipalities publish open data): links to the
// institution's data on the national open data portal data.gov.lv, or an open data section on its own site.
import { defineIndicator } from './indicator.ts';
import { flag } from './breakdown.ts';
import type { Evidence, IndicatorResult } from '../types.ts';
import { foldUrl } from '../text/fold.ts';
import { matchKeyword } from '../text/keywords.ts';
import { hostMatches, hostOf, linkLabel, matchLink } from '../text/links.ts';
import { findHeading, homePage, linkEvidence, loadedPages } from '../text/page-search.ts';

export interface OpenDataValue {
  present: boolean;
  /** Distinct URLs of the links found (fragment dropped), home page first. */
  links: string[];
}

export interface OpenDataOptions {
  /** The national open data portal (subdomains included). */
  portalHosts: string[];
  /** Paths of the portal that are its front pages, not the institution's data. */
  portalRootPaths: string[];
  /** Names of an open data section (links, URL paths, headings; also the words of a host: opendata.<city>.lv). */
  keywords: string[];
}

/** Keyword lists and hosts: analysts extend them in config/indicators.json (a key there replaces the key here). */
const DEFAULTS: OpenDataOptions = {
  portalHosts: ['data.gov.lv'],
  portalRootPaths: ['/', '/dati', '/dati/lv', '/dati/eng', '/dati/en', '/lv', '/en'],
  keywords: ['atvērt* dat', 'atvērto datu', 'open data', 'opendata', 'atvērtie dati'],
};

export default defineIndicator({
  id: 'open-data',
  dimension: 'opendata',
  title: { lv: 'Atvērtie dati', en: 'Open data' },
  csv: ['present', 'links'],
  labels: {
    present: { lv: 'publicē atvērtos datus', en: 'publishes open data' },
    links: { lv: 'saites uz atvērtajiem datiem', en: 'links to open data' },
  },
  advice: {
    lv: 'Publicējiet iestādes datus atvērto datu portālā data.gov.lv un ievietojiet saiti vietnē.',
    en: 'Publish the institution\'s data on the open data portal data.gov.lv and link it from the site.',
  },
  breakdowns: [flag('open-data', 'present')],
  requires: ['pages'],
  defaultOptions: DEFAULTS,
  evaluate({ pages }, o): IndicatorResult<OpenDataValue> {
    const home = homePage(pages);
    if (!home) return { value: null, score: null, outcome: 'error', evidence: [], reason: 'sākumlapa nav ielādēta / home page not loaded' };
    const links = new Map<string, Evidence>();
    let specific = false; // a link to the institution's data or its own section, not only the portal's front page
    const evidence: Evidence[] = [];
    for (const page of loadedPages(pages)) {
      for (const l of page.links) {
        let url: URL;
        try {
          url = new URL(l.href);
        } catch {
          continue;
        }
        if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
        const portal = hostMatches(l.href, o.portalHosts) !== null;
        const named = !portal && (matchLink(l, o.keywords) !== null || matchKeyword(foldUrl(hostOf(l.href)), o.keywords) !== null);
        if (!portal && !named) continue;
        url.hash = '';
        const key = url.href;
        if (links.has(key)) continue;
        const e = linkEvidence(page, l, `${linkLabel(l)} (${l.href})`);
        links.set(key, e);
        evidence.push(e);
        if (named || !o.portalRootPaths.includes(url.pathname.replace(/\/+$/, '') || '/')) specific = true;
      }
    }
    let heading: Evidence | null = null;
    if (links.size === 0 || !specific) {
      for (const page of loadedPages(pages)) if ((heading = findHeading(page, o.keywords)?.evidence ?? null)) break;
      if (heading) {
        evidence.push(heading);
        specific = true;
      }
    }
    // Published means the institution's own data: a banner to the portal's front page alone is not that, but a person
    // should look (the institution's datasets may sit behind it), so it is "needs review", not a plain fail.
    const present = specific;
    const frontPageOnly = links.size > 0 && !specific;
    return {
      value: { present, links: [...links.keys()] },
      // Published or not: the seeds count institutions that publish open data, not how much.
      score: present ? 1 : 0,
      outcome: present ? 'pass' : frontPageOnly ? 'needs-review' : 'fail',
      evidence,
      ...(frontPageOnly ? { reason: 'saite tikai uz portāla sākumlapu, ne uz iestādes datiem / only the portal’s front page is linked, not the institution’s data' } : {}),
    };
  },
});
