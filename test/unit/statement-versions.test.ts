// A statement printed in several versions on one page (issue 13, class 4): the newest version's status, date,
// contact and document count; one version with a year in a heading stays one. And a sitemap line is no title.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATEMENT_OPTIONS, parseStatement } from '../../src/indicators/a11y-statement/statement.ts';
import type { LinkFact } from '../../src/artifacts.ts';

const NOW = new Date('2026-01-15T03:00:00Z');
const URL_ = 'https://iestade.lv/pieklustamiba';
const parse = (lines: string[], links: LinkFact[] = []) => parseStatement(lines.join('\n'), links, DEFAULT_STATEMENT_OPTIONS, NOW, URL_);
const link = (href: string, text: string): LinkFact => ({ href, text, region: 'main', selector: 'main a' });

describe('statement versions', () => {
  it('old version first (a closed details), current after: the current status and date', () => {
    const p = parse([
      'Paziņojums par piekļūstamību',
      '2021. gada paziņojums (arhīvs)',
      'Tīmekļvietne neatbilst noteikumiem Nr. 445.',
      'Izvērtējums veikts 15.06.2021.',
      'Aktuālais paziņojums',
      'Tīmekļvietne pilnībā atbilst noteikumiem Nr. 445.',
      'Izvērtējums veikts 20.01.2025.',
    ]);
    expect([p.complianceStatus, p.lastEvaluated]).toEqual(['full', '2025-01-20']);
  });

  it('newest first, previous below: the newest status', () => {
    const p = parse([
      'Piekļūstamības paziņojums',
      'Paziņojums (2025)',
      'Iestādes tīmekļvietne daļēji atbilst noteikumiem Nr. 445.',
      'Izvērtējums veikts 02.04.2025.',
      'Iepriekšējā versija (2022)',
      'Iestādes tīmekļvietne neatbilst noteikumiem Nr. 445.',
      'Izvērtējums veikts 10.11.2022.',
    ]);
    expect([p.complianceStatus, p.lastEvaluated]).toEqual(['partial', '2025-04-02']);
  });

  it("an older version's evaluation document is not the current one's", () => {
    const p = parse(
      [
        'Piekļūstamības paziņojums',
        'Iestādes tīmekļvietne daļēji atbilst noteikumiem Nr. 445.',
        'Izvērtējums veikts 12.02.2025.',
        'Iepriekšējā redakcija (2020)',
        'Iestādes tīmekļvietne neatbilst noteikumiem Nr. 445.',
        'Izvērtējums veikts 30.09.2020.',
        'Izvērtējumu apliecinošs dokuments: PDF',
      ],
      [link('https://iestade.lv/f/2020.pdf', 'PDF')],
    );
    expect([p.complianceStatus, p.evaluationDocumentUrl]).toEqual(['partial', null]);
  });

  it('a feedback section after an archive at the bottom is shared: its contact counts', () => {
    const p = parse([
      'Piekļūstamības paziņojums',
      'Iestādes tīmekļvietne pilnībā atbilst noteikumiem Nr. 445.',
      'Izvērtējums veikts 05.11.2024.',
      'Arhīvs',
      'Paziņojuma redakcija 2022',
      'Iestādes tīmekļvietne neatbilst noteikumiem Nr. 445.',
      'Izvērtējums veikts 01.03.2022.',
      'Atsauksmes un saziņa',
      'Rakstiet uz pieklustamiba@iestade.lv.',
    ]);
    expect([p.complianceStatus, p.lastEvaluated, p.contactEmails]).toEqual(['full', '2024-11-05', ['pieklustamiba@iestade.lv']]);
  });

  it('one version with a year in a heading and a contrast "neatbilst" stays one statement', () => {
    const p = parse([
      'Piekļūstamības paziņojums',
      'Iestādes tīmekļvietne daļēji atbilst noteikumu Nr. 445 prasībām.',
      'Aktuālie uzlabojumi 2025',
      'Teksta kontrasts kājenē neatbilst prasībām.',
      'Izvērtējums veikts 08.04.2024.',
    ]);
    expect([p.complianceStatus, p.lastEvaluated]).toEqual(['partial', '2024-04-08']);
  });

  it('a line that is only the text of a content link (a sitemap entry) does not make the page a statement', () => {
    const lines = ['Lapas karte', 'Par mums', 'Piekļūstamības paziņojums', 'Privātuma politika'];
    expect(parse(lines, [link('https://iestade.lv/pieklustamiba', 'Piekļūstamības paziņojums')]).recognized).toBe(false);
    expect(parse(lines).recognized).toBe(true);
  });
});
