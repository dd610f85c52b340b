// The indicators' stored words (value keys, check ids, evidence prefixes, page roles, statuses) as a reader of the
// report reads them. Indicators write evidence for analysts ("openingHours: …", "[headings] page-title fail: lv / en");
// this turns their known prefixes into the indicator's own labels and keeps the Latvian half of bilingual texts.
// Markup in texts (<img>, alt="", aria-label) is set as <code>: it is written as HTML writes it.
import type { AnyIndicator } from '../../indicators/indicator.ts';
import type { PageRole } from '../../artifacts.ts';
import { html, raw, type Lang, type Raw } from './html.ts';
import { OUTCOME_LABEL } from './i18n.ts';

type L = { lv: string; en: string };

export const ROLE_LABEL: Record<PageRole, L> = {
  home: { lv: 'sākumlapa', en: 'home page' },
  statement: { lv: 'piekļūstamības paziņojums', en: 'accessibility statement' },
  participation: { lv: 'līdzdalība', en: 'participation' },
  sitemap: { lv: 'lapas karte', en: 'site map' },
  contacts: { lv: 'kontakti', en: 'contacts' },
  sample: { lv: 'izlases lapa', en: 'sampled page' },
};

const STATEMENT_PHRASES: readonly [RegExp, L][] = [
  [/^statement found via /, { lv: 'paziņojums atrasts: ', en: 'statement found via ' }],
  [/^statement link /, { lv: 'paziņojuma saite ', en: 'statement link ' }],
  [/^missing: /, { lv: 'trūkst: ', en: 'missing: ' }],
  [/^placeholders: /, { lv: 'neaizpildīts veidnes teksts: ', en: 'placeholders: ' }],
  [/^claims full compliance, but the measured wcag band is /, { lv: 'apgalvo pilnīgu atbilstību, bet izmērītais WCAG līmenis ir ', en: 'claims full compliance, but the measured WCAG band is ' }],
];

/** Markup names in a text as <code>: tags (<img>), attributes with values (alt="", role="img"), aria-* and the like. */
export function codeify(text: string): Raw {
  const re = /(<\/?[a-z][^>]*>|\b[a-z][\w:-]*="[^"]*"|\b[a-z][\w:-]*=-?\d+\b|(?<![\w-])(?!e-|axe-core)[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b)/g;
  let out = '';
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out += html`${text.slice(last, m.index)}<code>${m[0]}</code>`.__html;
    last = m.index + m[0].length;
  }
  return raw(out + html`${text.slice(last)}`.__html);
}

/** A name for a value key: the indicator's label, a check's name, else the key itself (the unit test finds these). */
export function keyLabel(ind: AnyIndicator, key: string, lang: Lang): string | null {
  return ind.labels?.[key]?.[lang] ?? ind.report?.checks?.[key]?.[lang] ?? null;
}

/** A string value as the report names it: the indicator's breakdown label for that field, an outcome, else as stored. */
export function valueText(ind: AnyIndicator, key: string, value: string, lang: Lang): string {
  const b = (ind.breakdowns ?? []).find((x) => x.key === `${ind.id}.${key}`);
  return b?.valueLabels?.[value]?.[lang] ?? OUTCOME_LABEL[value as keyof typeof OUTCOME_LABEL]?.[lang] ?? value;
}

const ENGLISH_WORDS = /\b(?:the|is|of|on|no|not|too|only|page|pages|wide|missing|header|served|redirects|reached|focus|focused|menu|links?|with|all|stays|same|titled|share|one|skipped|heading|headings|stopped|could|element|elements|found|checked|nothing)\b/i;

/** "lv / en" (how indicators write bilingual evidence) → the half of the report's language; other texts as they are. */
export function half(text: string, lang: Lang): string {
  const i = text.indexOf(' / ');
  if (i < 0 || !ENGLISH_WORDS.test(text.slice(i + 3))) return text;
  return lang === 'lv' ? text.slice(0, i) : text.slice(i + 3);
}

/** One evidence text as the report shows it. */
export function evidenceText(ind: AnyIndicator, text: string, lang: Lang): Raw {
  // The Latvian aspects: "[aspect] check-id outcome: text".
  const aspect = /^\[([\w-]+)\] (\S+) (pass|fail|needs-review|info): ([\s\S]*)$/.exec(text);
  if (aspect) {
    const [, a, check, outcome, rest] = aspect;
    const out = OUTCOME_LABEL[outcome as 'pass']?.[lang] ?? (lang === 'lv' ? 'informācijai' : 'for information');
    const checkName = check!.startsWith('axe:') ? html`<code>${check!.slice(4)}</code>` : html`<code>${check}</code>`;
    return html`${keyLabel(ind, a!, lang) ?? a}, ${checkName} — ${out}: ${codeify(half(rest!, lang))}`;
  }
  const missing = /^missing: ([\w, ]+)$/.exec(text);
  if (missing) return html`${lang === 'lv' ? 'trūkst' : 'missing'}: ${missing[1]!.split(', ').map((k) => keyLabel(ind, k, lang) ?? k).join(', ')}`;
  for (const [re, label] of STATEMENT_PHRASES) {
    if (re.test(text)) return html`${label[lang]}${codeify(text.replace(re, ''))}`;
  }
  // "lastEvaluated 2026-09-15 (evaluation date, 69 days): text"
  const evaluated = /^lastEvaluated (\S+) \((\w+) date, (\d+) days(, stale)?\): ([\s\S]*)$/.exec(text);
  if (evaluated) {
    const [, date, , days, stale, rest] = evaluated;
    const name = keyLabel(ind, 'lastEvaluated', lang) ?? (lang === 'lv' ? 'pēdējā izvērtēšana' : 'last evaluated');
    const age = lang === 'lv' ? `pirms ${days} dienām${stale ? ', novecojis' : ''}` : `${days} days ago${stale ? ', stale' : ''}`;
    return html`${name} ${date} (${age}): ${rest}`;
  }
  // "key: text" or "key not counted: text", where key is a field or check of the indicator.
  const keyed = /^([a-z][A-Za-z]+)( not counted)?: ([\s\S]*)$/.exec(text);
  if (keyed && keyLabel(ind, keyed[1]!, lang)) {
    const notCounted = keyed[2] ? (lang === 'lv' ? ' (netiek ieskaitīts)' : ' (not counted)') : '';
    return html`${keyLabel(ind, keyed[1]!, lang)}${notCounted}: ${keyed[3]}`;
  }
  return codeify(half(text, lang));
}

/** An indicator's reason for "not measured" (written in English for operators): the known forms in Latvian, with the
 * collector's own message kept in English (lang="en"); anything else whole in English. */
export function reasonText(reason: string, lang: Lang): Raw {
  if (lang === 'en') return html`${reason}`;
  const failed = /^artifact "([\w-]+)" failed: ([\s\S]*)$/.exec(reason);
  if (failed) return html`mērījums <code>${failed[1]}</code> neizdevās: <span lang="en">${failed[2]}</span>`;
  const missing = /^artifact "([\w-]+)" was not collected$/.exec(reason);
  if (missing) return html`mērījums <code>${missing[1]}</code> šajā auditā netika veikts`;
  const lv = half(reason, lang);
  return lv === reason ? html`<span lang="en">${reason}</span>` : codeify(lv);
}
