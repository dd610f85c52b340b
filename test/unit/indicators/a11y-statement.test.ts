// The a11y-statement indicator on page facts built around the statement fixtures.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pdfLinks, pdfToText } from '../../../src/collectors/pdf-text.ts';
import { defineIndicator, runIndicators, type EvaluateContext } from '../../../src/indicators/indicator.ts';
import indicator, { type A11yStatementValue } from '../../../src/indicators/a11y-statement/index.ts';
import type { IndicatorResult, Target } from '../../../src/types.ts';
import type { LinkFact, PageFacts, PageRole } from '../../../src/artifacts.ts';

const NOW = new Date('2025-06-01T03:00:00Z');
const TARGET: Target = { id: 'tukums', name: 'Tukuma novada pašvaldība', type: 'county', url: 'https://www.tukums.lv/' };

function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/statements/${name}`, import.meta.url), 'utf8');
}

function page(url: string, roles: PageRole[], extra: Partial<PageFacts> = {}): PageFacts {
  return {
    url,
    finalUrl: url,
    status: 200,
    contentType: 'text/html; charset=utf-8',
    roles,
    foundBy: { via: 'start' },
    title: '',
    lang: 'lv',
    headings: [],
    links: [],
    text: '',
    scripts: [],
    iframes: [],
    controls: [],
    loadMs: 100,
    ...extra,
  };
}

const HOME = page('https://www.tukums.lv/', ['home']);
const STATEMENT_URL = 'https://www.tukums.lv/lv/pieklustamibas-pazinojums';
const FOUND = { via: 'link' as const, from: 'https://www.tukums.lv/', text: 'Piekļūstamības paziņojums', selector: 'footer a:nth-child(3)' };
const DOC_LINK: LinkFact = {
  href: 'https://www.tukums.lv/lv/izvertejums/protokols-2024.pdf',
  text: 'Tīmekļvietnes piekļūstamības izvērtējuma protokols (PDF, 215 KB)',
  region: 'main',
  selector: 'main p:nth-of-type(9) a',
};

function statementPage(file: string, links: LinkFact[] = [], extra: Partial<PageFacts> = {}): PageFacts {
  return page(STATEMENT_URL, ['statement'], { foundBy: FOUND, text: fixture(file), links, ...extra });
}

function wcagResult(band: string | null): Record<string, IndicatorResult> {
  if (band === null) return {};
  return { wcag: { value: { band, violations: { critical: 0, serious: 0, moderate: 0, minor: 0 }, rules: [], pagesAudited: 3 }, score: 0.5, outcome: 'fail', evidence: [] } };
}

function evaluate(pages: PageFacts[], band: string | null = null, options: Partial<typeof indicator.defaultOptions> = {}): IndicatorResult<A11yStatementValue> {
  const ctx: EvaluateContext = { target: TARGET, now: NOW, results: wcagResult(band) };
  return indicator.evaluate({ pages }, { ...indicator.defaultOptions, ...options }, ctx);
}

const ALL = {
  complianceStatus: true,
  nonConformities: true,
  evaluationDate: true,
  evaluator: true,
  method: true,
  evaluationDocument: true,
  alternatives: true,
  contactEmail: true,
  contactPhone: true,
  enforcement: true,
};

describe('a11y-statement', () => {
  it('declares its metadata', () => {
    expect(indicator.id).toBe('a11y-statement');
    expect(indicator.dimension).toBe('communication');
    expect(indicator.title).toEqual({ lv: 'Piekļūstamības paziņojums', en: 'Accessibility statement' });
    expect(indicator.requires).toEqual(['pages']);
    expect(indicator.defaultOptions.contradictingBands).toEqual(['low']);
  });

  it('no statement page: level none, score 0, evidence says where we looked', () => {
    const r = evaluate([HOME, page('https://www.tukums.lv/lv/kontakti', ['contacts'])]);
    expect(r.score).toBe(0);
    expect(r.outcome).toBe('fail');
    expect(r.value).toEqual({
      level: 'none',
      url: null,
      format: null,
      language: null,
      complianceStatus: 'unknown',
      lastEvaluated: null,
      ageDays: null,
      elements: Object.fromEntries(Object.keys(ALL).map((k) => [k, false])),
      placeholders: false,
      contradictsMeasured: false,
      lastEvaluatedFrom: null,
      stale: false,
      evaluatedBy: 'unknown',
      evaluationDocumentUrl: null,
      placeholderTexts: [],
      measuredBand: null,
    });
    expect(r.evidence).toEqual([
      {
        url: 'https://www.tukums.lv/',
        text: 'no link to an accessibility statement (piekļūstamības paziņojums) on the home page, in its footer, the sitemap or the usual paths',
      },
    ]);
  });

  it('complete statement: contact and evaluation document, no placeholders', () => {
    const r = evaluate([HOME, statementPage('lv-complete.txt', [DOC_LINK])], 'medium');
    expect(r.score).toBe(1);
    expect(r.outcome).toBe('pass');
    expect(r.value).toEqual({
      level: 'complete',
      url: STATEMENT_URL,
      format: 'html',
      language: 'lv',
      complianceStatus: 'partial',
      lastEvaluated: '2024-03-12',
      ageDays: 446,
      elements: ALL,
      placeholders: false,
      contradictsMeasured: false,
      lastEvaluatedFrom: 'evaluation',
      stale: false,
      evaluatedBy: 'self',
      evaluationDocumentUrl: 'https://www.tukums.lv/lv/izvertejums/protokols-2024.pdf',
      placeholderTexts: [],
      measuredBand: 'medium',
    });
    expect(r.evidence[0]).toEqual({
      url: 'https://www.tukums.lv/',
      selector: 'footer a:nth-child(3)',
      text: `statement found via link "Piekļūstamības paziņojums": ${STATEMENT_URL}`,
    });
    expect(r.evidence).toContainEqual({
      url: STATEMENT_URL,
      selector: 'main p:nth-of-type(9) a',
      text: 'evaluationDocument: Tīmekļvietnes piekļūstamības izvērtējuma protokols (PDF, 215 KB) → https://www.tukums.lv/lv/izvertejums/protokols-2024.pdf (under the heading)',
    });
    expect(r.evidence).toContainEqual({
      url: STATEMENT_URL,
      text: 'lastEvaluated 2024-03-12 (evaluation date, 446 days): Izvērtējums veikts 2024. gada 12. martā.',
    });
    expect(r.evidence.some((e) => e.text?.startsWith('missing:'))).toBe(false);
  });

  it('no evaluation document: incomplete, 0.5, and the evidence lists what is missing', () => {
    const r = evaluate([HOME, statementPage('lv-no-document.txt')]);
    expect(r.value?.level).toBe('incomplete');
    expect(r.score).toBe(0.5);
    expect(r.outcome).toBe('fail');
    expect(r.evidence).toContainEqual({ url: STATEMENT_URL, text: 'missing: evaluationDocument, alternatives, contactPhone' });
  });

  it('a template with unfilled placeholders is never complete, even with a contact and a document', () => {
    const doc: LinkFact = { href: 'https://www.rezeknesnovads.lv/wp-content/uploads/2024/06/izvertejuma-protokols.pdf', text: 'Piekļūstamības izvērtējuma protokols', region: 'main', selector: 'main a' };
    const r = evaluate([HOME, statementPage('lv-template.txt', [doc])]);
    expect(r.value).toMatchObject({
      level: 'incomplete',
      placeholders: true,
      complianceStatus: 'unknown',
      elements: { contactEmail: true, evaluationDocument: true },
    });
    expect(r.value?.placeholderTexts).toHaveLength(8);
    expect(r.score).toBe(0.5);
    expect(r.evidence).toContainEqual({
      url: STATEMENT_URL,
      text: 'placeholders: [Iestādes nosaukums], [tīmekļvietnes adrese], [atbilst/daļēji atbilst/neatbilst], [Neatbilstību uzskaitījums], [datums dd.mm.gggg.], [pašnovērtējums / ārējs izvērtētājs], [tālruņa numurs], dd.mm.gggg.',
    });
  });

  it('a placeholder link under the evaluation document heading does not count, and says why', () => {
    const placeholder: LinkFact = { href: 'https://www.limbazunovads.lv/lv/pieklustamibas-pazinojums#', text: '[saite uz izvērtējuma dokumentu]', region: 'main', selector: 'main p:nth-of-type(6) a' };
    const r = evaluate([HOME, statementPage('lv-placeholder-link.txt', [placeholder], { finalUrl: 'https://www.limbazunovads.lv/lv/pieklustamibas-pazinojums' })]);
    expect(r.value).toMatchObject({ level: 'incomplete', placeholders: true, elements: { evaluationDocument: false, contactEmail: true, contactPhone: true } });
    expect(r.evidence).toContainEqual({
      url: 'https://www.limbazunovads.lv/lv/pieklustamibas-pazinojums',
      selector: 'main p:nth-of-type(6) a',
      text: 'evaluationDocument not counted: [saite uz izvērtējuma dokumentu] → https://www.limbazunovads.lv/lv/pieklustamibas-pazinojums#: placeholder text',
    });
  });

  it('phone-only contact with a document is complete', () => {
    const doc: LinkFact = { href: 'https://www.vdc.lv/faili/izvertejums-2024.xlsx', text: 'Piekļūstamības izvērtējums 2024 (XLSX)', region: 'main', selector: 'main a' };
    const r = evaluate([HOME, statementPage('lv-phone-only.txt', [doc])]);
    expect(r.value).toMatchObject({ level: 'complete', elements: { contactEmail: false, contactPhone: true, evaluationDocument: true } });
    expect(r.score).toBe(1);
  });

  describe('claimed full compliance against the measured wcag band', () => {
    const doc: LinkFact = { href: 'https://www.riga.lv/lv/media/izvertejuma-zinojums-2025.pdf', text: 'Izvērtējuma ziņojums', region: 'main', selector: 'main a' };
    const full = () => [HOME, statementPage('lv-full-claim.txt', [doc])];

    it('band low contradicts "atbilst"', () => {
      const r = evaluate(full(), 'low');
      expect(r.value).toMatchObject({ complianceStatus: 'full', contradictsMeasured: true, measuredBand: 'low', level: 'complete' });
      expect(r.evidence).toContainEqual({
        url: STATEMENT_URL,
        text: 'claims full compliance, but the measured wcag band is "low": Šī tīmekļvietne pilnībā atbilst noteikumu prasībām.',
      });
    });

    it('band medium does not by default, does with contradictingBands [low, medium]', () => {
      expect(evaluate(full(), 'medium').value?.contradictsMeasured).toBe(false);
      expect(evaluate(full(), 'medium', { contradictingBands: ['low', 'medium'] }).value?.contradictsMeasured).toBe(true);
    });

    it('no wcag result: no contradiction claimed', () => {
      expect(evaluate(full(), null).value).toMatchObject({ contradictsMeasured: false, measuredBand: null });
    });

    it('a partial claim with band low is no contradiction', () => {
      expect(evaluate([HOME, statementPage('lv-complete.txt', [DOC_LINK])], 'low').value?.contradictsMeasured).toBe(false);
    });

    it('reads the band from the wcag result of an earlier indicator in the registry', () => {
      const stubWcag = defineIndicator({
        id: 'wcag',
        dimension: 'communication',
        title: { lv: 'WCAG', en: 'WCAG' },
        csv: ['band'],
        requires: ['pages'],
        defaultOptions: {},
        evaluate: () => ({ value: { band: 'low' }, score: 0.2, outcome: 'fail', evidence: [] }),
      });
      const results = runIndicators([stubWcag, indicator], { pages: full() }, { target: TARGET, now: NOW });
      expect((results['a11y-statement']!.value as A11yStatementValue).contradictsMeasured).toBe(true);
    });
  });

  it('an evaluation older than 3 years is stale (level and score unchanged)', () => {
    const doc: LinkFact = { href: 'https://www.madona.lv/files/protokols_2020.pdf', text: 'Izvērtējuma protokols', region: 'main', selector: 'main a' };
    const r = evaluate([HOME, statementPage('lv-old.txt', [doc])]);
    expect(r.value).toMatchObject({ level: 'complete', lastEvaluated: '2020-12-21', ageDays: 1623, stale: true });
    expect(r.score).toBe(1);
    expect(r.evidence).toContainEqual({ url: STATEMENT_URL, text: 'lastEvaluated 2020-12-21 (evaluation date, 1623 days, stale): Izvērtējums veikts 21.12.2020.' });
  });

  it('English statement: language en', () => {
    const doc: LinkFact = { href: 'https://www.km.gov.lv/uploads/accessibility-evaluation-2024.docx', text: 'Website accessibility evaluation report (DOCX)', region: 'main', selector: 'main a' };
    const r = evaluate([HOME, statementPage('en-model.txt', [doc], { lang: 'en' })]);
    expect(r.value).toMatchObject({ level: 'complete', language: 'en', complianceStatus: 'partial', lastEvaluated: '2025-01-20', lastEvaluatedFrom: 'updated' });
  });

  it('a statement published as PDF: format pdf, text and link annotations from the PDF', async () => {
    const data = readFileSync(new URL('../../fixtures/statements/statement-lv.pdf', import.meta.url));
    const links = (await pdfLinks(data)).map((href): LinkFact => ({ href, text: '', region: 'main', selector: '' }));
    const pdf = page('https://www.vzd.gov.lv/media/pieklustamibas-pazinojums.pdf', ['statement'], {
      contentType: 'application/pdf',
      foundBy: { via: 'link', from: 'https://www.vzd.gov.lv/', text: 'Piekļūstamības paziņojums (PDF)', selector: 'footer a' },
      text: await pdfToText(data),
      links,
    });
    const r = evaluate([page('https://www.vzd.gov.lv/', ['home']), pdf]);
    expect(r.value).toMatchObject({
      level: 'complete',
      url: 'https://www.vzd.gov.lv/media/pieklustamibas-pazinojums.pdf',
      format: 'pdf',
      language: 'lv',
      complianceStatus: 'partial',
      lastEvaluated: '2024-02-05',
      evaluationDocumentUrl: 'https://www.vzd.gov.lv/media/izvertejums-2024.xlsx',
    });
  });

  it('PDF-extracted text with the document URL printed: complete', () => {
    const r = evaluate([HOME, statementPage('pdf-extracted.txt', [], { contentType: 'application/pdf', url: 'https://www.vvd.gov.lv/p.pdf', finalUrl: 'https://www.vvd.gov.lv/p.pdf' })]);
    expect(r.value).toMatchObject({ level: 'complete', format: 'pdf', complianceStatus: 'none', evaluationDocumentUrl: 'https://www.vvd.gov.lv/files/pieklustamiba/izvertejums-2023.pdf' });
  });

  it('of several statement pages the best counts (an incomplete Latvian page, a complete English one)', () => {
    const doc: LinkFact = { href: 'https://www.km.gov.lv/uploads/accessibility-evaluation-2024.docx', text: 'Website accessibility evaluation report (DOCX)', region: 'main', selector: 'main a' };
    const lv = statementPage('lv-no-document.txt');
    const en = page('https://www.km.gov.lv/en/accessibility-statement', ['statement'], { text: fixture('en-model.txt'), links: [doc] });
    const r = evaluate([HOME, lv, en]);
    expect(r.value).toMatchObject({ level: 'complete', url: 'https://www.km.gov.lv/en/accessibility-statement', language: 'en' });
  });

  it('a statement link that leads to 404: none, measured', () => {
    const r = evaluate([HOME, statementPage('lv-complete.txt', [], { status: 404, text: '', error: 'HTTP 404' })]);
    expect(r.value?.level).toBe('none');
    expect(r.score).toBe(0);
    expect(r.outcome).toBe('fail');
    expect(r.evidence).toEqual([{ url: 'https://www.tukums.lv/', selector: 'footer a:nth-child(3)', text: `statement link ${STATEMENT_URL}: HTTP 404` }]);
  });

  it('a statement page that timed out: not measured', () => {
    const r = evaluate([HOME, statementPage('lv-complete.txt', [], { status: 0, text: '', error: 'timeout after 30000 ms' })]);
    expect(r.value).toBeNull();
    expect(r.score).toBeNull();
    expect(r.outcome).toBe('error');
    expect(r.reason).toBe(`the statement page could not be loaded: statement link ${STATEMENT_URL}: timeout after 30000 ms`);
  });

  it('a page taken for the statement that does not read as one: none, needs review', () => {
    const r = evaluate([HOME, statementPage('lv-complete.txt', [], { text: 'Sākums\nJaunumi\nDome aicina iedzīvotājus uz sanāksmi.' })]);
    expect(r.value?.level).toBe('none');
    expect(r.score).toBe(0);
    expect(r.outcome).toBe('needs-review');
  });

  it('contacts only in the footer: incomplete', () => {
    const r = evaluate([HOME, statementPage('lv-footer-contacts.txt')]);
    expect(r.value).toMatchObject({ level: 'incomplete', complianceStatus: 'none', elements: { contactEmail: false, contactPhone: false } });
  });
});
