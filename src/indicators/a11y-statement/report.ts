// What the reports and aggregates show of the accessibility statement: field names, advice, breakdowns, and the
// statement's elements one by one (each missing element is a problem of its own).
import { flag, oneOf, type Label } from '../breakdown.ts';
import type { IndicatorReport } from '../indicator.ts';
import { ELEMENT_NAMES, type ElementName } from './statement.ts';

/** The report's names of the statement's elements, in ELEMENT_NAMES order. */
export const STATEMENT_ELEMENT_NAMES: Readonly<Record<ElementName, Label>> = {
  complianceStatus: { lv: 'Atbilstības statuss (pilnīga, daļēja, neatbilst)', en: 'Compliance status (full, partial, none)' },
  nonConformities: { lv: 'Neatbilstības un nepieejamais saturs', en: 'Non-conformities and inaccessible content' },
  evaluationDate: { lv: 'Izvērtēšanas datums', en: 'Evaluation date' },
  evaluator: { lv: 'Kas izvērtēja (iestāde pati vai ārējs vērtētājs)', en: 'Who evaluated (self or external)' },
  method: { lv: 'Izvērtēšanas metode', en: 'Evaluation method' },
  evaluationDocument: { lv: 'Saite uz izvērtējuma dokumentu', en: 'Link to the evaluation document' },
  alternatives: { lv: 'Alternatīvi saziņas un satura saņemšanas veidi', en: 'Alternative ways to get the content' },
  contactEmail: { lv: 'E-pasts atsauksmēm', en: 'Feedback e-mail' },
  contactPhone: { lv: 'Tālrunis atsauksmēm', en: 'Feedback phone' },
  enforcement: { lv: 'Izpildes procedūra (kur sūdzēties)', en: 'Enforcement procedure (where to complain)' },
};

export const STATEMENT_LABELS: Readonly<Record<string, Label>> = {
  level: { lv: 'paziņojums', en: 'statement' },
  format: { lv: 'paziņojuma formāts', en: 'statement format' },
  language: { lv: 'paziņojuma valoda', en: 'statement language' },
  complianceStatus: { lv: 'norādītā atbilstība', en: 'claimed compliance' },
  lastEvaluated: { lv: 'pēdējā izvērtēšana', en: 'last evaluated' },
  ageDays: { lv: 'izvērtējuma vecums (dienas)', en: 'age of the evaluation (days)' },
  ...Object.fromEntries(ELEMENT_NAMES.map((e) => [`elements.${e}`, STATEMENT_ELEMENT_NAMES[e]])),
  placeholders: { lv: 'neaizpildīts veidnes teksts', en: 'unfilled template text' },
  contradictsMeasured: { lv: 'apgalvo pilnīgu atbilstību pret mērījumu', en: 'claims full compliance against the measurement' },
};

export const STATEMENT_ADVICE: Label = {
  lv: 'Publicējiet piekļūstamības paziņojumu pēc MK noteikumu Nr. 445 un ES paraugparaksta: atbilstības statuss, neatbilstības, izvērtēšanas datums un metode, saite uz izvērtējuma dokumentu, alternatīvas, kontakti atsauksmēm (e-pasts un tālrunis) un izpildes procedūra. Saiti uz paziņojumu ievietojiet katras lapas kājenē.',
  en: 'Publish an accessibility statement following Cabinet Regulation No. 445 and the EU model: compliance status, non-conformities, evaluation date and method, a link to the evaluation document, alternatives, feedback contacts (e-mail and phone) and the enforcement procedure. Link it from every page footer.',
};

export const STATEMENT_BREAKDOWNS = [
  oneOf('a11y-statement', 'level', ['complete', 'incomplete', 'none'], {
    complete: { lv: 'pilnīgs', en: 'complete' },
    incomplete: { lv: 'nepilnīgs', en: 'incomplete' },
    none: { lv: 'nav atrasts', en: 'not found' },
  }),
  oneOf('a11y-statement', 'complianceStatus', ['full', 'partial', 'none', 'unknown'], {
    full: { lv: 'pilnīga', en: 'full' },
    partial: { lv: 'daļēja', en: 'partial' },
    none: { lv: 'nav', en: 'none' },
    unknown: { lv: 'nav norādīta', en: 'not stated' },
  }),
  flag('a11y-statement', 'contradictsMeasured'),
];

export const STATEMENT_REPORT: IndicatorReport<{ level: string; elements: Record<string, boolean> }> = {
  problems(v) {
    if (v.level === 'none') return [{ key: 'a11y-statement:none', label: { lv: 'Nav piekļūstamības paziņojuma', en: 'No accessibility statement' } }];
    return ELEMENT_NAMES.filter((e) => !v.elements[e]).map((e) => {
      const name = STATEMENT_ELEMENT_NAMES[e];
      return { key: `a11y-statement:${e}`, label: { lv: `Paziņojumā trūkst: ${name.lv}`, en: `Statement lacks: ${name.en}` } };
    });
  },
  section: 'statement',
  checks: STATEMENT_ELEMENT_NAMES,
};
