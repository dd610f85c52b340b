// E-participation (seeds, 2021 institutions): a link to the "Sabiedrības līdzdalība" section on the home page (43 %),
// current issues open for discussion or consultation (18 %), information on how to get involved (11 %). Links to the
// national platforms (the legislative drafts portal TAP, ManaBalss.lv) count as evidence.
import { defineIndicator } from './indicator.ts';
import { flag } from './breakdown.ts';
import type { Evidence, IndicatorResult } from '../types.ts';
import type { LinkFact, PageFacts } from '../artifacts.ts';
import { findPattern, keywordAlternation } from '../text/keywords.ts';
import { hostMatches, linkLabel, matchLink } from '../text/links.ts';
import { wordCount } from '../text/match-form.ts';
import { findHeading, findLink, findText, homePage, linkEvidence, loadedPages, pageUrl } from '../text/page-search.ts';

export interface ParticipationValue {
  homeLink: boolean;
  currentConsultations: boolean;
  howToParticipate: boolean;
}

export interface ParticipationOptions {
  /** Names of a link to the participation section (Latvian stems + English; syntax in src/text/keywords.ts). */
  homeLinkKeywords: string[];
  /** National participation platforms: a link to them counts for homeLink and currentConsultations. */
  platformHosts: string[];
  /** Names of those platforms, for links that go through a redirect or a local page about them. */
  platformKeywords: string[];
  /** Phrases that speak of a consultation open now, searched in the text, headings and links. */
  consultationKeywords: string[];
  /** Words naming a consultation: a content link (a news item, a list entry in `main`) with one is about a current one. */
  consultationLinkKeywords: string[];
  /** A consultation link with one of these is about closed ones ("Noslēgušās apspriešanas (arhīvs)"), not a current one. */
  consultationExclude: string[];
  /** Words that name what is asked for in a consultation, followed within `deadlineWindowWords` by a deadline
   * ("priekšlikumus var iesniegt līdz 30. aprīlim"). Not "viedoklis": "Jūsu viedoklis" is a menu entry. */
  deadlineTopics: string[];
  deadlineWindowWords: number;
  /** Text or links explaining how to get involved. */
  howToKeywords: string[];
  /** A link in `main` counts as the home page's section link only when its name is this short (a tile, not a headline). */
  maxMainLinkWords: number;
}

const PARTS = ['homeLink', 'currentConsultations', 'howToParticipate'] as const;

// Deadline: "līdz 15.03.2025", "līdz 2025. gada 15. aprīlim", "līdz 30. aprīlim", "until 31 March 2025", in the
// matching form (folded, no punctuation).
const LV_MONTH = '(?:janvar|februar|mart|april|maij|junij|julij|august|septembr|oktobr|novembr|decembr)[a-z]*';
const DEADLINE = String.raw`(?:lidz|until|by) (?:\d{1,2} \d{1,2} \d{4}|\d{4} gada \d{1,2} [a-z]+|\d{1,2} ${LV_MONTH}|\d{1,2} [a-z]+ \d{4}|[a-z]+ \d{1,2} \d{4})`;

function tag(part: (typeof PARTS)[number], e: Evidence): Evidence {
  return { ...e, text: `${part}: ${e.text ?? ''}` };
}

/** Keyword lists and hosts: analysts extend them in config/indicators.json (a key there replaces the key here). */
const DEFAULTS: ParticipationOptions = {
  homeLinkKeywords: [
    'līdzdalīb',
    'sabiedrības iesaist',
    'sabiedrisk* apspriešan',
    'publisk* apspriešan',
    'sabiedrisk* konsultācij',
    'iesaisties',
    'public participation',
    'participation',
    'public consultation',
    'get involved',
  ],
  platformHosts: ['tapportals.mk.gov.lv', 'tap.mk.gov.lv', 'manabalss.lv'],
  platformKeywords: ['tiesību aktu projektu portāl', 'tapportāl', 'manabalss', 'mana balss'],
  consultationKeywords: [
    'aktuālās sabiedrisk* apspriešan',
    'aktuālās apspriešan',
    'notiek sabiedrisk* apspriešan',
    'notiek publisk* apspriešan',
    'sabiedriskajā apspriešan',
    'sabiedriskajai apspriešan',
    'publiskajā apspriešan',
    'publiskajai apspriešan',
    'nodot* apspriešan',
    'aicinām izteikt viedokl',
    'aicina izteikt viedokl',
    'aicinām iesniegt priekšlikum',
    'aicina iesniegt priekšlikum',
    'aicinām piedalīties sabiedrisk* apspriešan',
    'viedokļus līdz$',
    'priekšlikumus līdz$',
    'priekšlikumus var iesniegt līdz$',
    'open for consultation',
    'open for public consultation',
    'consultation is open',
    'current consultations',
    'ongoing consultations',
    'have your say',
  ],
  consultationExclude: ['noslēgušās', 'noslēgtās', 'notikušās', 'iepriekšējās', 'arhīv', 'rezultāt', 'closed', 'archive', 'past consultations', 'results'],
  consultationLinkKeywords: ['apspriešan', 'konsultācij', 'consultation'],
  deadlineTopics: ['apspriešan', 'viedokļus$', 'viedokli$', 'priekšlikum', 'iebildum', 'consultation', 'comments'],
  deadlineWindowWords: 12,
  howToKeywords: [
    'kā iesaistīties',
    'kā piedalīties',
    'iesaistī',
    'iesaisties',
    'sabiedrības iesaist',
    'sabiedrības pārstāvju iesaist',
    'līdzdalības iespēj',
    'līdzdalības kārtīb',
    'līdzdalības veid',
    'izteikt viedokl',
    'izsakiet viedokl',
    'izteikt savu viedokl',
    'how to participate',
    'how to get involved',
    'get involved',
    'ways to participate',
  ],
  maxMainLinkWords: 6,
};

export default defineIndicator({
  id: 'participation',
  dimension: 'communication',
  title: { lv: 'E-līdzdalība', en: 'E-participation' },
  csv: ['homeLink', 'currentConsultations', 'howToParticipate'],
  labels: {
    homeLink: { lv: 'saite sākumlapā', en: 'link on the home page' },
    currentConsultations: { lv: 'aktuālās apspriešanas', en: 'current consultations' },
    howToParticipate: { lv: 'kā piedalīties', en: 'how to take part' },
  },
  advice: {
    lv: 'Sākumlapā ievietojiet saiti uz sadaļu "Sabiedrības līdzdalība", kurā ir aktuālās apspriešanas un paskaidrots, kā iedzīvotāji var piedalīties.',
    en: 'Link a "Public participation" section from the home page, with current consultations and how people can take part.',
  },
  breakdowns: ['homeLink', 'currentConsultations', 'howToParticipate'].map((f) => flag('participation', f)),
  requires: ['pages'],
  defaultOptions: DEFAULTS,
  evaluate({ pages }, o): IndicatorResult<ParticipationValue> {
    const home = homePage(pages);
    if (!home) return { value: null, score: null, outcome: 'error', evidence: [], reason: 'sākumlapa nav ielādēta / home page not loaded' };
    const isPlatform = (l: LinkFact) => hostMatches(l.href, o.platformHosts) !== null || matchLink(l, o.platformKeywords) !== null;

    // homeLink: a section link (menu, footer, a short tile in main) or a link to a national platform.
    const shortEnough = (l: LinkFact) => l.region !== 'main' || wordCount(linkLabel(l)) <= o.maxMainLinkWords;
    const sectionLink = findLink(home, o.homeLinkKeywords, shortEnough);
    const homeHit: Evidence | null = sectionLink?.evidence ?? platformLink(home, isPlatform);

    // The participation section is where consultations and "how to take part" are expected; the home page second.
    // Its pages: those discovery found for the role, and the page the home page's section link leads to (a menu
    // entry our discovery keywords do not know, e.g. "Iesaisties!").
    const sectionUrl = sectionLink?.link ? stripHash(sectionLink.link.href) : null;
    const participationPages = loadedPages(pages).filter(
      (p) => p !== home && (p.roles.includes('participation') || (sectionUrl !== null && (stripHash(p.url) === sectionUrl || stripHash(p.finalUrl) === sectionUrl))),
    );
    const where = [...participationPages, home];

    // currentConsultations: phrases of an open consultation, a deadline near a consultation word, a content link
    // about a consultation, and last a link to a platform.
    const deadline = new RegExp(String.raw`(?:${keywordAlternation(o.deadlineTopics)})[\p{L}\p{N}]*(?: [\p{L}\p{N}]+){0,${o.deadlineWindowWords}}? ${DEADLINE}`, 'u');
    const notClosed = (l: LinkFact) => matchLink(l, o.consultationExclude) === null;
    let current: Evidence | null = null;
    for (const page of where) {
      current =
        findText(page, o.consultationKeywords)?.evidence ??
        deadlineEvidence(page, deadline) ??
        findHeading(page, o.consultationKeywords)?.evidence ??
        findLink(page, o.consultationKeywords, notClosed)?.evidence ??
        findLink(page, o.consultationLinkKeywords, (l) => l.region === 'main' && notClosed(l))?.evidence ??
        null;
      if (current) break;
    }
    // A platform link counts here only when it leads to a particular item (a draft on TAP, an initiative), not to
    // the platform's front page: a footer link to the portal is on every page whether anything is open or not.
    const isPlatformItem = (l: LinkFact) => isPlatform(l) && hostMatches(l.href, o.platformHosts) !== null && pathOf(l.href) !== '/';
    if (!current) for (const page of where) if ((current = platformLink(page, isPlatformItem))) break;

    // howToParticipate: on the participation page anything (text, headings, links); on the home page only headings
    // and links, since its text is mostly news teasers where "iesaistīt" means something else.
    let how: Evidence | null = null;
    for (const page of where) {
      const isHome = page === home;
      how =
        findHeading(page, o.howToKeywords)?.evidence ??
        findLink(page, o.howToKeywords)?.evidence ??
        (isHome ? null : findText(page, o.howToKeywords)?.evidence) ??
        null;
      if (how) break;
    }

    const value: ParticipationValue = { homeLink: homeHit !== null, currentConsultations: current !== null, howToParticipate: how !== null };
    const evidence: Evidence[] = [];
    if (homeHit) evidence.push(tag('homeLink', homeHit));
    if (current) evidence.push(tag('currentConsultations', current));
    if (how) evidence.push(tag('howToParticipate', how));
    const found = PARTS.filter((p) => value[p]).length;
    return {
      value,
      // Each of the three seed measures a third: they are counted separately in the seeds, none implies another.
      score: found / 3,
      // The home page link is the headline measure. Without it but with participation found elsewhere, a person
      // should check the home page (an icon tile or a link under another name our keywords do not know).
      outcome: value.homeLink ? 'pass' : found > 0 ? 'needs-review' : 'fail',
      evidence,
      ...(value.homeLink ? {} : found > 0 ? { reason: 'līdzdalība atrasta, bet ne saite sākumlapā / participation found, but no link on the home page' } : {}),
    };
  },
});

function platformLink(page: PageFacts, isPlatform: (l: LinkFact) => boolean): Evidence | null {
  const link = page.links.find(isPlatform);
  return link ? linkEvidence(page, link, `${linkLabel(link)} (${link.href})`) : null;
}

function stripHash(href: string): string {
  return href.split('#')[0]!;
}

function pathOf(href: string): string {
  try {
    return new URL(href).pathname.replace(/\/+$/, '') || '/';
  } catch {
    return '/';
  }
}

function deadlineEvidence(page: PageFacts, pattern: RegExp): Evidence | null {
  const hit = findPattern(page.text, pattern);
  return hit ? { url: pageUrl(page), text: hit.snippet } : null;
}
