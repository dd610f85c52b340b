// The statement parser on realistic statement texts (test/fixtures/statements/*.txt): exact values and evidence.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATEMENT_OPTIONS, parseStatement, type ParsedStatement, type StatementElements } from '../../src/indicators/a11y-statement/statement.ts';
import { findDates } from '../../src/indicators/a11y-statement/statement/dates.ts';
import { languageOf } from '../../src/indicators/a11y-statement/statement/language.ts';
import { splitSentences, unwrap } from '../../src/indicators/a11y-statement/statement/text-shape.ts';
import { fold } from '../../src/text/fold.ts';
import type { LinkFact, Region } from '../../src/artifacts.ts';

const NOW = new Date('2025-06-01T03:00:00Z');

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/statements/${name}`, import.meta.url), 'utf8');
}

function link(href: string, text: string, region: Region = 'main', selector = 'main a'): LinkFact {
  return { href, text, region, selector };
}

/** Elements given as the list of those found; every other is false. */
function elements(...found: (keyof StatementElements)[]): StatementElements {
  const all: StatementElements = {
    complianceStatus: false,
    nonConformities: false,
    evaluationDate: false,
    evaluator: false,
    method: false,
    evaluationDocument: false,
    alternatives: false,
    contactEmail: false,
    contactPhone: false,
    enforcement: false,
  };
  for (const f of found) all[f] = true;
  return all;
}

interface Case {
  name: string;
  file: string;
  url: string;
  links: LinkFact[];
  expect: Omit<ParsedStatement, 'evidence' | 'dates'> & { dates?: ParsedStatement['dates'] };
  /** Evidence text per key (exact). */
  evidence: Partial<Record<keyof ParsedStatement['evidence'], string>>;
}

const TUKUMS = 'https://www.tukums.lv/lv/pieklustamibas-pazinojums';

const cases: Case[] = [
  {
    name: 'complete Latvian statement per the template, with menu and footer around it',
    file: 'lv-complete.txt',
    url: TUKUMS,
    links: [
      link('https://www.tukums.lv/lv/pasvaldiba', 'Pašvaldība', 'nav', 'nav a:nth-child(2)'),
      link('https://www.tukums.lv/lv/kontakti', 'Kontakti', 'nav', 'nav a:nth-child(5)'),
      link('https://www.tukums.lv/lv/izvertejums/protokols-2024.pdf', 'Tīmekļvietnes piekļūstamības izvērtējuma protokols (PDF, 215 KB)', 'main', 'main p:nth-of-type(9) a'),
      link('mailto:pasts@tukums.lv', 'pasts@tukums.lv', 'main', 'main p:nth-of-type(11) a'),
      link('mailto:pasts@vdaa.gov.lv', 'pasts@vdaa.gov.lv', 'main', 'main p:nth-of-type(13) a'),
      link(TUKUMS, 'Piekļūstamības paziņojums', 'footer', 'footer a:nth-child(3)'),
    ],
    expect: {
      recognized: true,
      language: 'lv',
      complianceStatus: 'partial',
      elements: elements(
        'complianceStatus',
        'nonConformities',
        'evaluationDate',
        'evaluator',
        'method',
        'evaluationDocument',
        'alternatives',
        'contactEmail',
        'contactPhone',
        'enforcement',
      ),
      lastEvaluated: '2024-03-12',
      lastEvaluatedFrom: 'evaluation',
      dates: { evaluation: '2024-03-12', updated: '2025-01-10', prepared: '2024-03-15' },
      ageDays: 446,
      placeholders: [],
      evaluatedBy: 'self',
      evaluationDocumentUrl: 'https://www.tukums.lv/lv/izvertejums/protokols-2024.pdf',
      contactEmails: ['pasts@tukums.lv'],
      contactPhones: ['63122707'],
    },
    evidence: {
      complianceStatus: 'Šī tīmekļvietne daļēji atbilst noteikumu prasībām, jo konstatētas turpmāk minētās neatbilstības.',
      nonConformities: 'Daļai attēlu nav teksta alternatīvas.',
      evaluationDate: 'Izvērtējums veikts 2024. gada 12. martā.',
      lastEvaluated: 'Izvērtējums veikts 2024. gada 12. martā.',
      evaluator:
        'Izvērtējumu veica iestādes darbinieki (pašnovērtējums), izmantojot vienkāršoto izvērtēšanas metodi, kas balstīta uz WCAG 2.1 AA līmeņa prasībām.',
      evaluationDocument:
        'Tīmekļvietnes piekļūstamības izvērtējuma protokols (PDF, 215 KB) → https://www.tukums.lv/lv/izvertejums/protokols-2024.pdf (under the heading)',
      alternatives:
        'Ja kāda no tīmekļvietnes sadaļām nav piekļūstama, informāciju var saņemt alternatīvā veidā, sazinoties ar pašvaldību pa e-pastu vai tālruni.',
      contactEmail:
        'Ja pamanāt kādas problēmas, lūdzu, informējiet mūs, rakstot uz e-pastu pasts@tukums.lv vai zvanot pa tālruni +371 63122707.',
      enforcement:
        'Ja neesat apmierināts ar atbildi, varat vērsties Valsts digitālās attīstības aģentūrā, rakstot uz e-pastu pasts@vdaa.gov.lv, vai Tiesībsarga birojā.',
    },
  },
  {
    name: 'incomplete: no evaluation document, a menu link to "Dokumenti" does not count',
    file: 'lv-no-document.txt',
    url: 'https://www.arhivi.gov.lv/lv/pieklustamibas-pazinojums',
    links: [link('https://www.arhivi.gov.lv/lv/dokumenti', 'Dokumenti', 'nav')],
    expect: {
      recognized: true,
      language: 'lv',
      complianceStatus: 'partial',
      elements: elements('complianceStatus', 'nonConformities', 'evaluationDate', 'evaluator', 'method', 'contactEmail', 'enforcement'),
      lastEvaluated: '2023-10-03',
      lastEvaluatedFrom: 'evaluation',
      dates: { evaluation: '2023-10-03', updated: null, prepared: '2023-10-04' },
      ageDays: 607,
      placeholders: [],
      evaluatedBy: 'self',
      evaluationDocumentUrl: null,
      contactEmails: ['pieklustamiba@arhivi.gov.lv'],
      contactPhones: [],
    },
    evidence: {
      nonConformities: 'Video materiāliem nav subtitru.',
      evaluationDate: 'Izvērtējums veikts 03.10.2023., izmantojot vienkāršoto izvērtēšanas metodi.',
      evaluator: 'Izvērtējumu veica iestādes darbinieki.',
      method: 'Izvērtējums veikts 03.10.2023., izmantojot vienkāršoto izvērtēšanas metodi.',
      evaluationDocument: undefined,
    },
  },
  {
    name: 'template with placeholders left unfilled (a real e-mail and document link do not make it filled)',
    file: 'lv-template.txt',
    url: 'https://www.rezeknesnovads.lv/pieklustamibas-pazinojums/',
    links: [link('https://www.rezeknesnovads.lv/wp-content/uploads/2024/06/izvertejuma-protokols.pdf', 'Piekļūstamības izvērtējuma protokols')],
    expect: {
      recognized: true,
      language: 'lv',
      complianceStatus: 'unknown',
      elements: elements('method', 'evaluationDocument', 'contactEmail', 'enforcement'),
      lastEvaluated: null,
      lastEvaluatedFrom: null,
      dates: { evaluation: null, updated: null, prepared: null },
      ageDays: null,
      placeholders: [
        '[Iestādes nosaukums]',
        '[tīmekļvietnes adrese]',
        '[atbilst/daļēji atbilst/neatbilst]',
        '[Neatbilstību uzskaitījums]',
        '[datums dd.mm.gggg.]',
        '[pašnovērtējums / ārējs izvērtētājs]',
        '[tālruņa numurs]',
        'dd.mm.gggg.',
      ],
      evaluatedBy: 'unknown',
      evaluationDocumentUrl: 'https://www.rezeknesnovads.lv/wp-content/uploads/2024/06/izvertejuma-protokols.pdf',
      contactEmails: ['info@rezeknesnovads.lv'],
      contactPhones: [],
    },
    evidence: {
      complianceStatus: undefined,
      evaluator: undefined,
      method: 'Izvērtējumu veica [pašnovērtējums / ārējs izvērtētājs], izmantojot vienkāršoto izvērtēšanas metodi.',
      contactEmail: 'Ja pamanāt piekļūstamības problēmas, rakstiet uz info@rezeknesnovads.lv vai zvaniet pa tālruni [tālruņa numurs].',
    },
  },
  {
    name: 'reworded and reordered, no template headings; document linked from "šeit"',
    file: 'lv-reworded.txt',
    url: 'https://www.vid.gov.lv/lv/par-timeklvietnes-pieklustamibu',
    links: [link('https://www.vid.gov.lv/lv/media/pieklustamibas-izvertejums-2023', 'šeit', 'main', 'main p:nth-of-type(8) a')],
    expect: {
      recognized: true,
      language: 'lv',
      complianceStatus: 'partial',
      elements: elements(
        'complianceStatus',
        'nonConformities',
        'evaluationDate',
        'evaluator',
        'method',
        'evaluationDocument',
        'alternatives',
        'contactEmail',
        'contactPhone',
        'enforcement',
      ),
      lastEvaluated: '2023-11-15',
      lastEvaluatedFrom: 'evaluation',
      dates: { evaluation: '2023-11-15', updated: '2024-05-02', prepared: null },
      ageDays: 564,
      placeholders: [],
      evaluatedBy: 'external',
      evaluationDocumentUrl: 'https://www.vid.gov.lv/lv/media/pieklustamibas-izvertejums-2023',
      contactEmails: ['pieklustamiba@vid.gov.lv'],
      contactPhones: ['67120000'],
    },
    evidence: {
      complianceStatus: 'Tīmekļvietne ir daļēji saderīga ar Ministru kabineta 2020. gada 14. jūlija noteikumu Nr. 445 prasībām.',
      nonConformities: 'daļa vecāko PDF dokumentu nav marķēti;',
      evaluator:
        'Mūsu tīmekļvietnes piekļūstamību 2023. gada 15. novembrī izvērtēja ārējs izvērtētājs SIA "Piekļūstamības eksperti", izmantojot padziļināto izvērtēšanas metodi (WCAG 2.1 AA).',
      evaluationDocument: 'šeit → https://www.vid.gov.lv/lv/media/pieklustamibas-izvertejums-2023 (named as the evaluation document)',
      alternatives: 'Ja kāds saturs Jums nav piekļūstams, pēc pieprasījuma to sagatavosim piekļūstamā formātā.',
      contactPhone:
        'Ja Jums ir grūtības piekļūt informācijai vai pamanāt kļūdu, sazinieties ar mums: pieklustamiba@vid.gov.lv, tālrunis 67120000.',
      enforcement: 'Ja atbilde Jūs neapmierina, varat iesniegt sūdzību Valsts digitālās attīstības aģentūrai.',
    },
  },
  {
    name: 'English statement after the EU model: no separate evaluation date, so the review date counts',
    file: 'en-model.txt',
    url: 'https://www.km.gov.lv/en/accessibility-statement',
    links: [link('https://www.km.gov.lv/uploads/accessibility-evaluation-2024.docx', 'Website accessibility evaluation report (DOCX)')],
    expect: {
      recognized: true,
      language: 'en',
      complianceStatus: 'partial',
      elements: elements(
        'complianceStatus',
        'nonConformities',
        'evaluator',
        'method',
        'evaluationDocument',
        'contactEmail',
        'contactPhone',
        'enforcement',
      ),
      lastEvaluated: '2025-01-20',
      lastEvaluatedFrom: 'updated',
      dates: { evaluation: null, updated: '2025-01-20', prepared: '2024-03-14' },
      ageDays: 132,
      placeholders: [],
      evaluatedBy: 'self',
      evaluationDocumentUrl: 'https://www.km.gov.lv/uploads/accessibility-evaluation-2024.docx',
      contactEmails: ['pasts@km.gov.lv'],
      contactPhones: ['67330200'],
    },
    evidence: {
      complianceStatus: 'This website is partially compliant with Cabinet Regulation No. 445 due to the non-compliances listed below.',
      nonConformities: 'Some images do not have a text alternative.',
      lastEvaluated: 'The statement was last reviewed on 20 January 2025.',
      evaluator: 'The method used to prepare the statement is a self-assessment done by the Ministry, using the simplified evaluation method.',
      enforcement:
        "If you are not satisfied with our reply, you may lodge a complaint with the State Digital Development Agency or the Ombudsman's Office.",
    },
  },
  {
    name: 'claims full compliance (the indicator compares it with the wcag band)',
    file: 'lv-full-claim.txt',
    url: 'https://www.riga.lv/lv/pieklustamibas-pazinojums',
    links: [link('https://www.riga.lv/lv/media/izvertejuma-zinojums-2025.pdf', 'Izvērtējuma ziņojums')],
    expect: {
      recognized: true,
      language: 'lv',
      complianceStatus: 'full',
      elements: elements('complianceStatus', 'evaluationDate', 'evaluator', 'method', 'evaluationDocument', 'contactEmail', 'enforcement'),
      lastEvaluated: '2025-01-20',
      lastEvaluatedFrom: 'evaluation',
      dates: { evaluation: '2025-01-20', updated: null, prepared: '2025-01-22' },
      ageDays: 132,
      placeholders: [],
      evaluatedBy: 'external',
      evaluationDocumentUrl: 'https://www.riga.lv/lv/media/izvertejuma-zinojums-2025.pdf',
      contactEmails: ['pieklustamiba@riga.lv'],
      contactPhones: [],
    },
    evidence: {
      complianceStatus: 'Šī tīmekļvietne pilnībā atbilst noteikumu prasībām.',
      evaluator: 'Izvērtējumu veica ārējs izvērtētājs, izmantojot padziļināto izvērtēšanas metodi.',
    },
  },
  {
    name: 'PDF-extracted text: hyphenation, broken lines, page numbers, the document URL printed on two lines',
    file: 'pdf-extracted.txt',
    url: 'https://www.vvd.gov.lv/files/pieklustamibas-pazinojums.pdf',
    links: [],
    expect: {
      recognized: true,
      language: 'lv',
      complianceStatus: 'none',
      elements: elements(
        'complianceStatus',
        'nonConformities',
        'evaluationDate',
        'evaluator',
        'method',
        'evaluationDocument',
        'contactEmail',
        'contactPhone',
      ),
      lastEvaluated: '2023-06-30',
      lastEvaluatedFrom: 'evaluation',
      dates: { evaluation: '2023-06-30', updated: null, prepared: '2023-07-03' },
      ageDays: 702,
      placeholders: [],
      evaluatedBy: 'self',
      evaluationDocumentUrl: 'https://www.vvd.gov.lv/files/pieklustamiba/izvertejums-2023.pdf',
      contactEmails: ['vvd@vvd.gov.lv'],
      contactPhones: ['67084200'],
    },
    evidence: {
      complianceStatus: 'Šī tīmekļvietne neatbilst noteikumu prasībām, jo konstatētas turpmāk minētās būtiskās neatbilstības.',
      nonConformities: '1) Navigācija nav iespējama, izmantojot tikai tastatūru;',
      evaluationDate: 'Izvērtējums veikts 2023. gada 30. jūnijā.',
      evaluator: 'Izvērtējumu veica iestādes darbinieki, izmantojot vienkāršoto izvērtēšanas metodi.',
      evaluationDocument: 'https://www.vvd.gov.lv/files/pieklustamiba/izvertejums-2023.pdf (printed under the heading)',
      contactEmail: 'Rakstiet uz e-pastu vvd@vvd.gov.lv vai zvaniet pa tālruni 67084200.',
    },
  },
  {
    name: 'old evaluation (over 3 years): the evaluation date counts, not the later update',
    file: 'lv-old.txt',
    url: 'https://www.madona.lv/lv/pieklustamibas-pazinojums',
    links: [link('https://www.madona.lv/files/protokols_2020.pdf', 'Izvērtējuma protokols')],
    expect: {
      recognized: true,
      language: 'lv',
      complianceStatus: 'partial',
      elements: elements('complianceStatus', 'evaluationDate', 'evaluator', 'method', 'evaluationDocument', 'contactEmail'),
      lastEvaluated: '2020-12-21',
      lastEvaluatedFrom: 'evaluation',
      dates: { evaluation: '2020-12-21', updated: '2023-01-05', prepared: '2020-12-22' },
      ageDays: 1623,
      placeholders: [],
      evaluatedBy: 'self',
      evaluationDocumentUrl: 'https://www.madona.lv/files/protokols_2020.pdf',
      contactEmails: ['pasts@madona.lv'],
      contactPhones: [],
    },
    evidence: { evaluationDate: 'Izvērtējums veikts 21.12.2020.' },
  },
  {
    name: 'phone only, in groups of digits; the link text line is not taken for a heading',
    file: 'lv-phone-only.txt',
    url: 'https://www.vdc.lv/pieklustamiba',
    links: [link('https://www.vdc.lv/faili/izvertejums-2024.xlsx', 'Piekļūstamības izvērtējums 2024 (XLSX)')],
    expect: {
      recognized: true,
      language: 'lv',
      complianceStatus: 'partial',
      elements: elements('complianceStatus', 'evaluationDate', 'evaluator', 'evaluationDocument', 'contactPhone'),
      lastEvaluated: '2024-04-08',
      lastEvaluatedFrom: 'evaluation',
      dates: { evaluation: '2024-04-08', updated: null, prepared: null },
      ageDays: 419,
      placeholders: [],
      evaluatedBy: 'self',
      evaluationDocumentUrl: 'https://www.vdc.lv/faili/izvertejums-2024.xlsx',
      contactEmails: [],
      contactPhones: ['63601234'],
    },
    evidence: {
      evaluator: 'Izvērtējums veikts 2024. gada 8. aprīlī, veicot pašnovērtējumu.',
      contactPhone:
        'Ja Jums ir jautājumi par tīmekļvietnes piekļūstamību, zvaniet pa tālruni 636 01 234 darba dienās no 8.00 līdz 17.00.',
    },
  },
  {
    name: 'evaluation document heading with only a placeholder link',
    file: 'lv-placeholder-link.txt',
    url: 'https://www.limbazunovads.lv/lv/pieklustamibas-pazinojums',
    links: [link('https://www.limbazunovads.lv/lv/pieklustamibas-pazinojums#', '[saite uz izvērtējuma dokumentu]', 'main', 'main p:nth-of-type(6) a')],
    expect: {
      recognized: true,
      language: 'lv',
      complianceStatus: 'partial',
      elements: elements('complianceStatus', 'evaluationDate', 'evaluator', 'contactEmail', 'contactPhone'),
      lastEvaluated: '2024-09-02',
      lastEvaluatedFrom: 'evaluation',
      dates: { evaluation: '2024-09-02', updated: null, prepared: null },
      ageDays: 272,
      placeholders: ['[saite uz izvērtējuma dokumentu]'],
      evaluatedBy: 'self',
      evaluationDocumentUrl: null,
      contactEmails: ['pasts@limbazunovads.lv'],
      contactPhones: ['64070600'],
    },
    evidence: {
      evaluationDocument: '[saite uz izvērtējuma dokumentu] → https://www.limbazunovads.lv/lv/pieklustamibas-pazinojums#: placeholder text',
    },
  },
  {
    name: 'evaluation document link that only points back to the statement (href="#")',
    file: 'lv-hash-link.txt',
    url: 'https://www.jelgava.lv/lv/pieklustamibas-pazinojums',
    links: [link('https://www.jelgava.lv/lv/pieklustamibas-pazinojums#', 'Izvērtējuma protokols', 'main', 'main p:nth-of-type(5) a')],
    expect: {
      recognized: true,
      language: 'lv',
      complianceStatus: 'partial',
      elements: elements('complianceStatus', 'evaluationDate', 'contactEmail'),
      lastEvaluated: '2024-09-02',
      lastEvaluatedFrom: 'evaluation',
      dates: { evaluation: '2024-09-02', updated: null, prepared: null },
      ageDays: 272,
      placeholders: [],
      evaluatedBy: 'unknown',
      evaluationDocumentUrl: null,
      contactEmails: ['dome@dome.jelgava.lv'],
      contactPhones: [],
    },
    evidence: {
      evaluationDocument: 'Izvērtējuma protokols → https://www.jelgava.lv/lv/pieklustamibas-pazinojums#: links back to the statement itself',
    },
  },
  {
    name: 'contacts only in the page footer do not count as feedback contacts',
    file: 'lv-footer-contacts.txt',
    url: 'https://www.mk.gov.lv/lv/pieklustamibas-pazinojums',
    links: [link('mailto:vk@mk.gov.lv', 'vk@mk.gov.lv', 'footer', 'footer a')],
    expect: {
      recognized: true,
      language: 'lv',
      complianceStatus: 'none',
      elements: elements('complianceStatus'),
      lastEvaluated: '2022-12-01',
      lastEvaluatedFrom: 'prepared',
      dates: { evaluation: null, updated: null, prepared: '2022-12-01' },
      ageDays: 913,
      placeholders: [],
      evaluatedBy: 'unknown',
      evaluationDocumentUrl: null,
      contactEmails: [],
      contactPhones: [],
    },
    evidence: { complianceStatus: 'Šī tīmekļvietne neatbilst noteikumu prasībām.', lastEvaluated: 'Paziņojums sagatavots 2022. gada 1. decembrī.' },
  },
];

describe('parseStatement on statement fixtures', () => {
  it.each(cases)('$name', (c) => {
    const parsed = parseStatement(fixture(c.file), c.links, DEFAULT_STATEMENT_OPTIONS, NOW, c.url);
    const { evidence, dates, ...rest } = parsed;
    const { dates: wantDates, ...want } = c.expect;
    expect(rest).toEqual(want);
    if (wantDates) expect(dates).toEqual(wantDates);
    for (const [key, text] of Object.entries(c.evidence)) {
      expect(evidence[key as keyof typeof evidence]?.text, key).toBe(text);
    }
    // Every element found has the sentence (or link) that decided it.
    for (const [name, on] of Object.entries(parsed.elements)) {
      if (on) expect(evidence[name as keyof typeof evidence]?.text, name).toBeTruthy();
    }
  });

  it('keeps the selector and href of the evaluation document link', () => {
    const c = cases[0]!;
    const parsed = parseStatement(fixture(c.file), c.links, DEFAULT_STATEMENT_OPTIONS, NOW, c.url);
    expect(parsed.evidence.evaluationDocument).toEqual({
      text: 'Tīmekļvietnes piekļūstamības izvērtējuma protokols (PDF, 215 KB) → https://www.tukums.lv/lv/izvertejums/protokols-2024.pdf (under the heading)',
      href: 'https://www.tukums.lv/lv/izvertejums/protokols-2024.pdf',
      selector: 'main p:nth-of-type(9) a',
    });
  });

  it('without the link facts the same statement has no evaluation document, only the heading as evidence', () => {
    const parsed = parseStatement(fixture('lv-complete.txt'), [], DEFAULT_STATEMENT_OPTIONS, NOW, TUKUMS);
    expect(parsed.elements.evaluationDocument).toBe(false);
    expect(parsed.evidence.evaluationDocument?.text).toBe(
      'Izvērtējumu apliecinošs dokuments: Tīmekļvietnes piekļūstamības izvērtējuma protokols (PDF, 215 KB) (no link)',
    );
  });

  it('takes keywords from the options (an analyst can extend a list in config)', () => {
    const text = 'Piekļūstamības paziņojums\nŠī tīmekļvietne atbilst noteikumu prasībām.\nMūsu piekļūstamības kontaktpersona: Anna, anna@iestade.lv.';
    const plain = parseStatement(text, [], DEFAULT_STATEMENT_OPTIONS, NOW);
    expect(plain.elements.contactEmail).toBe(false);
    const extended = parseStatement(text, [], { ...DEFAULT_STATEMENT_OPTIONS, feedbackKeywords: ['kontaktperson'] }, NOW);
    expect(extended.contactEmails).toEqual(['anna@iestade.lv']);
  });

  it('matches headings without diacritics and in capitals (ASCII-typed statements)', () => {
    const text = [
      'PIEKLUSTAMIBAS PAZINOJUMS',
      'Cik pieklustama ir si timeklvietne?',
      'Si timeklvietne daleji atbilst noteikumu prasibam.',
      'IZVERTEJUMU APLIECINOSS DOKUMENTS',
      'Protokols',
    ].join('\n');
    const parsed = parseStatement(text, [link('https://iestade.lv/protokols.pdf', 'Protokols')], DEFAULT_STATEMENT_OPTIONS, NOW);
    expect(parsed.complianceStatus).toBe('partial');
    expect(parsed.evaluationDocumentUrl).toBe('https://iestade.lv/protokols.pdf');
  });

  it('ignores a future date (a planned evaluation) and a conditional "ja ... neatbilst"', () => {
    const text = [
      'Piekļūstamības paziņojums',
      'Ja uzskatāt, ka tīmekļvietne neatbilst noteikumu prasībām, rakstiet mums.',
      'Izvērtējums veikts 2024. gada 1. jūlijā. Nākamais izvērtējums plānots 2026. gada 1. jūlijā.',
    ].join('\n');
    const parsed = parseStatement(text, [], DEFAULT_STATEMENT_OPTIONS, NOW);
    expect(parsed.complianceStatus).toBe('unknown');
    expect(parsed.lastEvaluated).toBe('2024-07-01');
    expect(parsed.ageDays).toBe(335);
  });

  it('a page that is not a statement is not recognized', () => {
    const parsed = parseStatement('Sākums\nJaunumi\nPašvaldības dome aicina iedzīvotājus uz sanāksmi.', [], DEFAULT_STATEMENT_OPTIONS, NOW);
    expect(parsed.recognized).toBe(false);
  });
});

describe('findDates', () => {
  const table: [string, string[]][] = [
    ['Izvērtējums veikts 12.03.2024.', ['2024-03-12']],
    ['sagatavots 12.03.2024', ['2024-03-12']],
    ['2024. gada 12. martā', ['2024-03-12']],
    ['2024.gada 5.februārī', ['2024-02-05']],
    ['2023. g. 30. jūnijā', ['2023-06-30']],
    ['12. martā 2024', ['2024-03-12']],
    ['prepared on 12 March 2024', ['2024-03-12']],
    ['on 1st July 2023', ['2023-07-01']],
    ['March 12, 2024', ['2024-03-12']],
    ['2024-03-12', ['2024-03-12']],
    ['12/03/2024', ['2024-03-12']],
    ['2024. gada martā (no day)', ['2024-03-01']],
    ['in May 2022', ['2022-05-01']],
    ['from 03.10.2023. to 2024. gada 2. maijā', ['2023-10-03', '2024-05-02']],
    ['31.02.2024', []],
    ['dd.mm.gggg.', []],
    ['aprakstīts 2024. gadā', []],
    ['noteikumi Nr. 445, 8.00–17.00', []],
  ];
  it.each(table)('%s', (text, want) => {
    expect(findDates(fold(text)).map((d) => d.iso)).toEqual(want);
  });
});

describe('text shape', () => {
  it('unwraps PDF lines: hyphenation, soft breaks, page numbers; keeps headings and list items apart', () => {
    expect(unwrap('Valsts dienests apņemas nodrošināt tīmekļ-\nvietnes piekļūstamību\n1 / 2\n\nCik piekļūstama ir šī\ntīmekļvietne?\nŠī vietne atbilst.')).toEqual([
      'Valsts dienests apņemas nodrošināt tīmekļvietnes piekļūstamību',
      'Cik piekļūstama ir šī tīmekļvietne?',
      'Šī vietne atbilst.',
    ]);
    expect(unwrap('Rakstiet uz e-\npastu\nSaraksts:\nviens;\ndivi.')).toEqual(['Rakstiet uz e-pastu', 'Saraksts:', 'viens;', 'divi.']);
    expect(unwrap('Izvērtējumu apliecinošs dokuments\nhttps://iestade.lv/a.pdf')).toEqual(['Izvērtējumu apliecinošs dokuments', 'https://iestade.lv/a.pdf']);
  });

  it('splits sentences, not at "2024. gada" or "Nr. 445"', () => {
    expect(splitSentences('Izvērtējums veikts 21.12.2020. Izvērtējumu veica darbinieki. Noteikumi Nr. 445. Gatavs 2024. gada 3. maijā.')).toEqual([
      'Izvērtējums veikts 21.12.2020.',
      'Izvērtējumu veica darbinieki.',
      'Noteikumi Nr. 445.',
      'Gatavs 2024. gada 3. maijā.',
    ]);
  });

  it('tells Latvian from English', () => {
    expect(languageOf('Šī tīmekļvietne daļēji atbilst noteikumu prasībām un ir pārbaudīta.')).toBe('lv');
    expect(languageOf('This website is partially compliant with the regulation.')).toBe('en');
  });

  it('does not take file-type marks or [at] for placeholders', () => {
    const parsed = parseStatement('Piekļūstamības paziņojums\nProtokols [PDF, 215 KB] [1]\nRakstiet uz pasts[at]iestade.lv.', [], DEFAULT_STATEMENT_OPTIONS, NOW);
    expect(parsed.placeholders).toEqual([]);
    expect(parsed.contactEmails).toEqual(['pasts@iestade.lv']);
  });
});
