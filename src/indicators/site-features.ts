// Website functions the seeds track: information in foreign languages (language versions), an interactive map to
// report problems, a forum or space for public questions, booking an in-person visit online, a home page organised by
// audience, surveys or polls, an invitation to rate the website or give feedback.
//
// Where a feature is looked for: links on the home page (in `main` only short names: a tile or a menu entry, not a
// news headline), controls (buttons: "Balsot"), short headings on the home page (a widget's title: "Aptauja"), and
// links in the header, menus, footer and sidebars of the other audited pages. Not the running text: on a home page it
// is mostly news, where "forums", "aptauja" or "pierakstīties" are about something else.
import { defineIndicator } from './indicator.ts';
import { at, BOOL, flag } from './breakdown.ts';
import type { Evidence, IndicatorResult } from '../types.ts';
import type { LinkFact, PageFacts } from '../artifacts.ts';
import { matchKeyword } from '../text/keywords.ts';
import { hostOf, linkLabel, matchLink } from '../text/links.ts';
import { matchForm, wordCount } from '../text/match-form.ts';
import { findControl, findHeading, findLink, findText, homePage, linkEvidence, loadedPages, pageUrl } from '../text/page-search.ts';

export interface SiteFeaturesValue {
  /** Lower-case codes of the languages other than Latvian the site offers. */
  languages: string[];
  problemMap: boolean;
  forum: boolean;
  appointmentBooking: boolean;
  audienceNavigation: boolean;
  surveys: boolean;
  feedbackInvitation: boolean;
}

export interface SiteFeaturesOptions {
  /** Names a language-switcher link has (compared whole, folded): code → names. `lv` is recognised, never listed. The
   * code itself is not a name unless listed: "IT" and "ES" (EU) are common Latvian menu entries. */
  languageNames: Record<string, string[]>;
  /** Codes recognised in a same-site URL: first path segment (/en/), subdomain (en.), ?lang=en. Not "it" or "es" (IT, ES = EU). */
  languagePathCodes: string[];
  problemMapKeywords: string[];
  forumKeywords: string[];
  /** A forum link whose names contain one of these is not a forum (the FAQ: "Biežāk uzdotie jautājumi"). */
  forumExclude: string[];
  appointmentKeywords: string[];
  /** "Pierakstīties jaunumiem" subscribes to a newsletter. */
  appointmentExclude: string[];
  /** Audience links: the dative plural names ("Iedzīvotājiem", "Uzņēmējiem"), matched as whole words. */
  audienceKeywords: string[];
  /** Distinct audiences needed for a home page "organised by audience". */
  minAudiences: number;
  maxAudienceLinkWords: number;
  surveyKeywords: string[];
  surveyExclude: string[];
  feedbackKeywords: string[];
  /** Questions of an on-page feedback widget ("Vai šī informācija bija noderīga?" with Jā/Nē buttons), found in the home page's text. */
  feedbackQuestions: string[];
  /** A link in `main` counts only when its name is this short. */
  maxMainLinkWords: number;
  /** A heading counts only when this short (a widget title, not a news title). */
  maxHeadingWords: number;
}

type Feature = 'problemMap' | 'forum' | 'appointmentBooking' | 'surveys' | 'feedbackInvitation';

/** Keyword lists and hosts: analysts extend them in config/indicators.json (a key there replaces the key here). */
const DEFAULTS: SiteFeaturesOptions = {
  languageNames: {
    lv: ['lv', 'lat', 'latviešu', 'latviski', 'latviešu valodā', 'latvian'],
    en: ['en', 'eng', 'english', 'angliski', 'in english', 'english version', 'angļu valodā'],
    ru: ['ru', 'rus', 'русский', 'рус', 'по-русски', 'на русском', 'krieviski', 'krievu valodā', 'russian'],
    de: ['de', 'deu', 'deutsch', 'vāciski', 'german'],
    fr: ['fr', 'fra', 'français', 'franču valodā', 'french'],
    lt: ['lt', 'lietuvių', 'lietuviškai', 'lithuanian'],
    et: ['et', 'est', 'eesti', 'igauniski', 'estonian'],
    pl: ['pl', 'polski', 'poliski', 'polish'],
    uk: ['ua', 'ukr', 'українська', 'укр', 'ukrainiski', 'ukrainian'],
    es: ['español', 'spāniski', 'spanish'],
    it: ['italiano', 'itāliski', 'italian'],
    sv: ['sv', 'svenska', 'swedish'],
    fi: ['fi', 'suomi', 'finnish'],
    zh: ['zh', '中文', 'chinese'],
    ja: ['ja', '日本語', 'japanese'],
  },
  languagePathCodes: ['lv', 'en', 'eng', 'ru', 'rus', 'de', 'fr', 'lt', 'et', 'pl', 'uk', 'ua'],
  problemMapKeywords: [
    'problēmu kart',
    'ziņot par problēm',
    'ziņo par problēm',
    'ziņojiet par problēm',
    'piesaki problēm',
    'pieteikt problēm',
    'pieteikt bojājum',
    'piesaki bojājum',
    'bojājumu pieteikum',
    'ziņot par bojājum',
    'ziņo par bojājum',
    'ziņot par nepilnīb',
    'report a problem',
    'report an issue',
    'problem map',
    'fixmystreet',
  ],
  forumKeywords: [
    // The name of a section ("Forums", "Forum"), not a word of a news headline ("spēlēja Uzņēmēju forumā Siguldā").
    'forums$',
    'forum$',
    'diskusiju forum',
    'iedzīvotāju forum',
    'jautājumi un atbildes',
    'jautājumi atbildes',
    'uzdot jautājum',
    'uzdod jautājum',
    'uzdodiet jautājum',
    'jautā domei',
    'jautājiet domei',
    'iedzīvotāju jautājum',
    'ask a question',
    'questions and answers',
    'discussion forum',
  ],
  forumExclude: ['biežāk uzdot*', 'bieži uzdot*', 'buj$', 'faq$', 'frequently asked'],
  appointmentKeywords: [
    'pieteikties vizīt',
    'piesakies vizīt',
    'pieteikt vizīt',
    'vizītes pieteikšan',
    'vizītes rezervēšan',
    'rezervēt vizīt',
    'rezervēt laik',
    'laika rezervēšan',
    'pierakstīties',
    'pierakstīšan',
    'pieraksties',
    'pieraksts pie',
    'e-pieraksts',
    'pieteikties klātien*',
    'pieteikties konsultācij',
    'pieteikties pieņemšan',
    'pieteikšanās pieņemšan',
    'pieņemšanas laik',
    'reģistrācijas laik',
    'book an appointment',
    'appointment booking',
    'book a visit',
    'schedule an appointment',
    'make an appointment',
  ],
  appointmentExclude: ['jaunum', 'jaunumiem', 'newsletter', 'e-pasta', 'abonē', 'jaunumu'],
  audienceKeywords: [
    'iedzīvotājiem$',
    'iedzīvotājam$',
    'uzņēmējiem$',
    'uzņēmējam$',
    'uzņēmumiem$',
    'tūristiem$',
    'viesiem$',
    'apmeklētājiem$',
    'medijiem$',
    'presei$',
    'žurnālistiem$',
    'jauniešiem$',
    'investoriem$',
    'senioriem$',
    'ģimenēm$',
    'vecākiem$',
    'skolēniem$',
    'studentiem$',
    'pacientiem$',
    'lauksaimniekiem$',
    'darba devējiem$',
    'darba meklētājiem$',
    'nevalstiskajām organizācijām$',
    'pašvaldībām$',
    'for residents$',
    'residents$',
    'for citizens$',
    'for business$',
    'for businesses$',
    'businesses$',
    'for tourists$',
    'tourists$',
    'visitors$',
    'for media$',
    'for the media$',
    'for investors$',
    'investors$',
    'for youth$',
  ],
  minAudiences: 2,
  maxAudienceLinkWords: 4,
  surveyKeywords: ['aptauj', 'balsojum', 'balsot$', 'anketa$', 'aizpildi anket', 'aizpildiet anket', 'survey', 'poll$', 'questionnaire', 'vote$'],
  surveyExclude: ['rezultāt', 'results'],
  feedbackKeywords: [
    'novērtē tīmekļvietn',
    'novērtējiet tīmekļvietn',
    'novērtē mājaslap',
    'novērtējiet mājaslap',
    'novērtēt tīmekļvietn',
    'novērtē mūsu',
    'vai atradāt nepieciešamo',
    'vai atradāt meklēto',
    'vai šī informācija bija noderīga',
    'vai informācija bija noderīga',
    'vai šī lapa bija noderīga',
    'jūsu viedoklis',
    'jūsu viedoklim',
    'atsauksm',
    'sniegt atsauksm',
    'sniedz atsauksm',
    'ieteikumi un sūdzības',
    'feedback',
    'rate this',
    'rate our website',
    'was this page helpful',
    'was this helpful',
  ],
  feedbackQuestions: [
    'vai atradāt nepieciešamo',
    'vai atradāt meklēto',
    'vai šī informācija bija noderīga',
    'vai informācija bija noderīga',
    'vai šī lapa bija noderīga',
    'vai šī lapa jums palīdzēja',
    'was this page helpful',
    'was this helpful',
    'was this information helpful',
  ],
  maxMainLinkWords: 6,
  maxHeadingWords: 5,
};

export default defineIndicator({
  id: 'site-features',
  dimension: 'communication',
  title: { lv: 'Tīmekļvietnes funkcijas', en: 'Website features' },
  csv: ['languages', 'problemMap', 'forum', 'appointmentBooking', 'audienceNavigation', 'surveys', 'feedbackInvitation'],
  labels: {
    languages: { lv: 'svešvalodas', en: 'foreign languages' },
    foreignLanguages: { lv: 'informācija svešvalodās', en: 'foreign-language information' },
    problemMap: { lv: 'problēmu karte', en: 'problem map' },
    forum: { lv: 'forums', en: 'forum' },
    appointmentBooking: { lv: 'pieraksts pie speciālista', en: 'appointment booking' },
    audienceNavigation: { lv: 'navigācija pēc mērķauditorijām', en: 'audience navigation' },
    surveys: { lv: 'aptaujas', en: 'surveys' },
    feedbackInvitation: { lv: 'aicinājums sniegt atsauksmes', en: 'feedback invitation' },
  },
  advice: {
    lv: 'Apsveriet funkcijas, kas palīdz apmeklētājiem: informācija svešvalodās, pieraksts pie speciālista, atsauksmju un aptauju iespējas, navigācija pēc mērķauditorijām.',
    en: 'Consider features that help visitors: foreign-language information, appointment booking, feedback and surveys, audience navigation.',
  },
  breakdowns: [
    {
      key: 'site-features.foreignLanguages',
      values: BOOL,
      classify: (v) => {
        const langs = at(v, 'languages');
        return Array.isArray(langs) ? String(langs.length > 0) : null;
      },
    },
    ...['problemMap', 'forum', 'appointmentBooking', 'audienceNavigation', 'surveys', 'feedbackInvitation'].map((f) => flag('site-features', f)),
  ],
  requires: ['pages'],
  defaultOptions: DEFAULTS,
  evaluate({ pages }, o): IndicatorResult<SiteFeaturesValue> {
    const home = homePage(pages);
    if (!home) return { value: null, score: null, outcome: 'error', evidence: [], reason: 'sākumlapa nav ielādēta / home page not loaded' };
    const others = loadedPages(pages).filter((p) => p !== home);
    const evidence: Evidence[] = [];

    // Languages: the home page's own language when not Latvian (an English home page), and its switcher links.
    const found = new Map<string, Evidence>();
    const pageLang = (home.lang || '').toLowerCase().split(/[-_]/)[0] ?? '';
    if (/^[a-z]{2}$/.test(pageLang) && pageLang !== 'lv') found.set(pageLang, { url: pageUrl(home), selector: 'html[lang]', text: `lang="${home.lang}"` });
    const nameIndex = new Map<string, string>();
    for (const [code, names] of Object.entries(o.languageNames)) for (const n of names) if (!nameIndex.has(matchForm(n))) nameIndex.set(matchForm(n), code);
    for (const link of home.links) {
      const code = languageOf(link, home, nameIndex, o.languagePathCodes);
      if (code && code !== 'lv' && !found.has(code)) found.set(code, linkEvidence(home, link));
    }
    const languages = [...found.keys()].sort();
    for (const code of languages) {
      const e = found.get(code);
      if (e) evidence.push({ ...e, text: `languages (${code}): ${e.text ?? ''}` });
    }

    const feature = (name: Feature, keywords: string[], exclude: string[] = []): boolean => {
      const hit = findFeature(home, others, keywords, exclude, o);
      if (hit) evidence.push({ ...hit, text: `${name}: ${hit.text ?? ''}` });
      return hit !== null;
    };
    const problemMap = feature('problemMap', o.problemMapKeywords);
    const forum = feature('forum', o.forumKeywords, o.forumExclude);
    const appointmentBooking = feature('appointmentBooking', o.appointmentKeywords, o.appointmentExclude);

    // Audience navigation: distinct audiences among the home page's short links.
    const audiences = new Map<string, Evidence>();
    for (const link of home.links) {
      if (wordCount(linkLabel(link)) > o.maxAudienceLinkWords) continue;
      const m = matchLink({ ...link, href: '' }, o.audienceKeywords); // names only: a URL /iedzivotajiem/news-item is not a menu
      if (m && !audiences.has(m.keyword)) audiences.set(m.keyword, linkEvidence(home, link, m.name));
    }
    const audienceNavigation = audiences.size >= o.minAudiences;
    if (audienceNavigation) for (const e of audiences.values()) evidence.push({ ...e, text: `audienceNavigation: ${e.text ?? ''}` });

    const surveys = feature('surveys', o.surveyKeywords, o.surveyExclude);
    let feedbackInvitation = feature('feedbackInvitation', o.feedbackKeywords);
    if (!feedbackInvitation) {
      // A widget of buttons under a question has no link to find: its question in the page text is the evidence.
      const question = findText(home, o.feedbackQuestions);
      if (question) evidence.push({ ...question.evidence, text: `feedbackInvitation: ${question.evidence.text ?? ''}` });
      feedbackInvitation = question !== null;
    }

    const value: SiteFeaturesValue = { languages, problemMap, forum, appointmentBooking, audienceNavigation, surveys, feedbackInvitation };
    const count = [languages.length > 0, problemMap, forum, appointmentBooking, audienceNavigation, surveys, feedbackInvitation].filter(Boolean).length;
    return {
      value,
      // Share of the seven features: each is a separate line in the seeds' tables, none weighs more than another.
      score: Math.round((count / 7) * 1000) / 1000,
      // These are optional extras, not requirements: a site with any of them passes, one with none fails.
      outcome: count > 0 ? 'pass' : 'fail',
      evidence,
    };
  },
});

/** The language a switcher link leads to: by a name that is wholly a language name, or by a same-site URL. */
function languageOf(link: LinkFact, home: PageFacts, nameIndex: Map<string, string>, pathCodes: readonly string[]): string | null {
  for (const name of [link.text, link.ariaLabel, link.title, link.imgAlt]) {
    if (!name) continue;
    const code = nameIndex.get(matchForm(name));
    if (code) return code;
  }
  let url: URL;
  try {
    url = new URL(link.href);
  } catch {
    return null;
  }
  const bare = (h: string) => h.replace(/^www\./, '');
  const site = bare(hostOf(pageUrl(home)));
  const host = bare(url.hostname.toLowerCase());
  const toCode = (s: string | null | undefined): string | null => {
    const c = (s ?? '').toLowerCase();
    return pathCodes.includes(c) ? (nameIndex.get(c) ?? c) : null;
  };
  if (site === '' || (host !== site && !host.endsWith(`.${site}`))) return null;
  if (host.endsWith(`.${site}`)) {
    const sub = toCode(host.slice(0, -site.length - 1));
    if (sub) return sub;
  }
  return toCode(url.pathname.split('/').filter(Boolean)[0]) ?? toCode(url.searchParams.get('lang') ?? url.searchParams.get('language') ?? url.searchParams.get('lng'));
}

interface FeatureOptions {
  maxMainLinkWords: number;
  maxHeadingWords: number;
}

/** A feature on the home page (links, controls, short headings), else in the site regions of the other pages. */
function findFeature(home: PageFacts, others: readonly PageFacts[], keywords: string[], exclude: string[], o: FeatureOptions): Evidence | null {
  const allowed = (l: LinkFact) => (l.region !== 'main' || wordCount(linkLabel(l)) <= o.maxMainLinkWords) && matchLink(l, exclude) === null;
  const clean = (p: PageFacts): PageFacts => ({
    ...p,
    controls: p.controls.filter((c) => matchKeyword(c.text, exclude) === null),
    headings: p.headings.filter((h) => matchKeyword(h.text, exclude) === null),
  });
  const h = clean(home);
  const onHome = findLink(h, keywords, allowed) ?? findControl(h, keywords) ?? findHeading(h, keywords, o.maxHeadingWords);
  if (onHome) return onHome.evidence;
  for (const page of others) {
    const hit = findLink(page, keywords, (l) => l.region !== 'main' && l.region !== 'other' && allowed(l));
    if (hit) return hit.evidence;
  }
  return null;
}
