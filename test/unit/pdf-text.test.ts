// PDF text extraction (unpdf / PDF.js, offline): a PDF written by hand in the test, and a statement printed to PDF by
// Chromium (test/fixtures/statements/statement-lv.pdf, made from pdf-source.html beside it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pdfLinks, pdfToText } from '../../src/collectors/pdf-text.ts';
import { DEFAULT_STATEMENT_OPTIONS, parseStatement } from '../../src/indicators/a11y-statement/statement.ts';

/** A one-page PDF with ASCII lines in Helvetica (a standard font: nothing embedded), xref offsets computed. */
function handMadePdf(lines: string[]): Uint8Array {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = ['BT', '/F1 12 Tf', '72 760 Td', ...lines.flatMap((l, i) => [...(i > 0 ? ['0 -18 Td'] : []), `(${escape(l)}) Tj`]), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}

const FIXTURE = new URL('../fixtures/statements/statement-lv.pdf', import.meta.url);

describe('pdfToText', () => {
  it('extracts the lines of a hand-made PDF', async () => {
    const pdf = handMadePdf(['Accessibility statement', 'This website is partially compliant (see below).', 'Contact: info@example.lv']);
    expect(await pdfToText(pdf)).toBe('Accessibility statement\nThis website is partially compliant (see below).\nContact: info@example.lv');
  });

  it('leaves the caller\'s buffer usable (PDF.js may transfer it)', async () => {
    const pdf = handMadePdf(['Once', 'Twice']);
    await pdfToText(pdf);
    expect(pdf.byteLength).toBeGreaterThan(0);
    expect(await pdfToText(pdf)).toBe('Once\nTwice');
  });

  it('extracts Latvian text with diacritics from a Chromium-printed statement', async () => {
    const text = await pdfToText(readFileSync(FIXTURE));
    const lines = text.split('\n');
    expect(lines.slice(0, 2)).toEqual(['Piekļūstamības', 'paziņojums']);
    expect(lines).toContain('Izvērtējums veikts 2024. gada 5. februārī.');
    expect(lines).toContain('Sūdzību iesniegšanas kārtība');
    expect(lines).toContain('Izvērtējuma protokols (XLSX)');
    expect(lines.at(-1)).toBe('Paziņojums sagatavots 06.02.2024.');
  });

  it('reads the link annotations of a PDF', async () => {
    expect(await pdfLinks(readFileSync(FIXTURE))).toEqual(['https://www.vzd.gov.lv/media/izvertejums-2024.xlsx']);
    expect(await pdfLinks(handMadePdf(['No links']))).toEqual([]);
  });

  it('rejects a file that is not a PDF', async () => {
    await expect(pdfToText(new TextEncoder().encode('<html>not a pdf</html>'))).rejects.toThrow();
  });

  it('feeds the statement parser: the PDF statement is read whole, its link annotation is the evaluation document', async () => {
    const data = readFileSync(FIXTURE);
    const links = (await pdfLinks(data)).map((href) => ({ href, text: '', region: 'main' as const, selector: '' }));
    const parsed = parseStatement(await pdfToText(data), links, DEFAULT_STATEMENT_OPTIONS, new Date('2025-06-01T00:00:00Z'), 'https://www.vzd.gov.lv/pazinojums.pdf');
    expect(parsed).toMatchObject({
      recognized: true,
      language: 'lv',
      complianceStatus: 'partial',
      lastEvaluated: '2024-02-05',
      lastEvaluatedFrom: 'evaluation',
      ageDays: 482,
      placeholders: [],
      evaluatedBy: 'self',
      evaluationDocumentUrl: 'https://www.vzd.gov.lv/media/izvertejums-2024.xlsx',
      contactEmails: ['pieklustamiba@vzd.gov.lv'],
      contactPhones: ['67038626'],
    });
    const missing = Object.entries(parsed.elements).filter(([, found]) => !found).map(([name]) => name);
    expect(missing).toEqual(['alternatives']);
    expect(parsed.evidence.complianceStatus?.text).toBe('Šī tīmekļvietne daļēji atbilst noteikumu prasībām, jo konstatētas turpmāk minētās neatbilstības.');
    expect(parsed.evidence.evaluationDocument?.text).toBe('https://www.vzd.gov.lv/media/izvertejums-2024.xlsx (file link in the document)');
  });
});
