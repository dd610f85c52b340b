import { describe, expect, test } from 'vitest';
import { INDICATORS } from '../../../src/indicators/index.ts';
import { codeify, evidenceText, half } from '../../../src/publish/report/evidence-lv.ts';

const ind = (id: string) => INDICATORS.find((i) => i.id === id)!;

describe('evidence texts as the report shows them', () => {
  test('the Latvian aspects: aspect and outcome named, the check id as code, the Latvian half of the text', () => {
    expect(evidenceText(ind('lv-aspects'), '[main-navigation] menu-keyboard pass: visas 5 izvēlnes saites sasniedzamas ar Tab / all 5 menu links reached with Tab', 'lv').__html).toBe(
      'galvenā navigācija, <code>menu-keyboard</code> — atbilst: visas 5 izvēlnes saites sasniedzamas ar Tab',
    );
    expect(evidenceText(ind('lv-aspects'), '[forms] axe:label fail: <input id="q">', 'lv').__html).toBe('formas, <code>label</code> — neatbilst: <code>&lt;input id=&quot;q&quot;&gt;</code>');
  });

  test('a key of the indicator before the text becomes its label', () => {
    expect(evidenceText(ind('contact'), 'openingHours: Darba laiks 8–17', 'lv').__html).toBe('darba laiks: Darba laiks 8–17');
    expect(evidenceText(ind('a11y-statement'), 'lastEvaluated 2026-06-02 (evaluation date, 174 days): veikts 02.06.2026.', 'lv').__html).toMatch(/ 2026-06-02 \(pirms 174 dienām\): veikts 02\.06\.2026\.$/);
  });

  test('bilingual texts split only where the second half is English', () => {
    expect(half('nav HSTS galvenes / no HSTS header', 'lv')).toBe('nav HSTS galvenes');
    expect(half('nav HSTS galvenes / no HSTS header', 'en')).toBe('no HSTS header');
    expect(half('Tālrunis / fakss 67 000 000', 'lv')).toBe('Tālrunis / fakss 67 000 000');
  });

  test('reasons for "not measured": the known forms in Latvian, the collector\'s message marked English', async () => {
    const { reasonText } = await import('../../../src/publish/report/evidence-lv.ts');
    expect(reasonText('artifact "lighthouse" was not collected', 'lv').__html).toBe('mērījums <code>lighthouse</code> šajā auditā netika veikts');
    expect(reasonText('artifact "keyboard" failed: page.goto: Timeout', 'lv').__html).toBe('mērījums <code>keyboard</code> neizdevās: <span lang="en">page.goto: Timeout</span>');
    expect(reasonText('no Lighthouse category was scored', 'lv').__html).toBe('<span lang="en">no Lighthouse category was scored</span>');
    expect(reasonText('no Lighthouse category was scored', 'en').__html).toBe('no Lighthouse category was scored');
    expect(reasonText('e-pakalpojumi atrasti citā sadaļā / e-services found in another section, not on the home page', 'lv').__html).toBe('e-pakalpojumi atrasti citā sadaļā');
  });

  test('a list of missing statement elements by their names', () => {
    expect(evidenceText(ind('a11y-statement'), 'missing: evaluationDate, method', 'lv').__html).toMatch(/^trūkst: [^,]*[āīē][^,]*, [^,]+$/);
    expect(evidenceText(ind('a11y-statement'), 'missing: evaluationDate, method', 'lv').__html).not.toMatch(/evaluationDate|method/);
  });

  test('markup is set as code, Latvian e- words and axe-core are not', () => {
    expect(codeify('tukšu alt="" vai aria-label; e-pasts, axe-core').__html).toBe('tukšu <code>alt=&quot;&quot;</code> vai <code>aria-label</code>; e-pasts, axe-core');
  });
});
