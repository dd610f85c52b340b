// The Latvian reports say everything in Latvian: no internal identifier (value keys, ids, roles, statuses) in the
// visible text outside <code>, and English only inside lang="en" (counted, so it can only shrink).
import { describe, expect, test } from 'vitest';
import { identifiersIn, renderRecorded, visibleText } from '../../helpers/report-fixtures.ts';

describe('Latvian reports of the recorded fixture sites', () => {
  const pages = renderRecorded('lv');

  test('the reader of visible text sees text, skips code and marks English', () => {
    const v = visibleText('<body><p>Lapa <code>main-navigation</code> <span lang="en">Images must have alt text</span> <img alt="Attēls" src="x"></p></body>');
    expect(v).toEqual({ text: ['Lapa', 'Attēls'], english: ['Images must have alt text'] });
    expect(identifiersIn('vērtība needsReview, main-navigation (home) https://x.lv/a-b e-indekss axe-core')).toEqual(['needsReview', 'main-navigation', '(home']);
  });

  for (const [path, page] of pages) {
    test(`${path}: no internal identifier in the visible text`, () => {
      const { text, english } = visibleText(page);
      const leaks = text.flatMap((t) => identifiersIn(t).map((id) => `${id}  ←  ${t.slice(0, 80)}`));
      expect(leaks).toEqual([]);
      // English where no translation exists yet (the language switch, measuring errors): counted, kept few.
      console.log(`${path}: ${english.length} English text(s) inside lang="en"`);
      expect(english.length).toBeLessThanOrEqual(5);
    });
  }
});
