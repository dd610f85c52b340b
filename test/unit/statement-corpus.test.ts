// The a11y-statement indicator on the labelled statement corpus (test/fixtures/statement-corpus), replayed from the
// page facts Chromium recorded (recorded.json; re-record with `npm run accuracy:corpus -- --record`). The floors are
// the figures measured after the first tuning (docs/accuracy.md, "Statement corpus"): the test fails when agreement
// drops below them on either half. When a change raises agreement, raise the floors with it (tune half only for tuning).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PageFacts } from '../../src/artifacts.ts';
import { agreement, FIELDS, PAGES_DIR, readLabels, RECORDED_FILE, type Field, type Split } from '../../scripts/statement-corpus-judge.ts';

/** Fields right per half after issue 13's class 4 (statement versions; 5 pages added, pages judged: statements on every
 * field, look-alikes on level only). Baseline before the first tuning: tune 205/274, holdout 150/198 (docs/accuracy.md). */
const FLOOR: Record<Split, Record<Field | 'all', number>> = {
  tune: { level: 63, complianceStatus: 47, lastEvaluated: 47, contact: 47, evaluationDocument: 47, placeholders: 47, all: 298 },
  holdout: { level: 44, complianceStatus: 32, lastEvaluated: 32, contact: 32, evaluationDocument: 32, placeholders: 32, all: 204 },
};

const labels = readLabels();
const recorded = JSON.parse(readFileSync(RECORDED_FILE, 'utf8')) as Record<string, PageFacts>;

describe('statement corpus', () => {
  it('labels every page once, with a split fixed by the file name, and has recorded facts for each', () => {
    const pages = readdirSync(PAGES_DIR).filter((f) => f.endsWith('.html')).sort();
    expect(Object.keys(labels.pages).sort()).toEqual(pages);
    expect(Object.keys(recorded).sort()).toEqual(pages);
    const statements = Object.values(labels.pages).filter((p) => p.level !== 'none').length;
    expect(statements).toBeGreaterThanOrEqual(60);
    expect(pages.length - statements).toBeGreaterThanOrEqual(25);
  });

  const { table } = agreement(labels, (page) => recorded[page]!);
  for (const split of ['tune', 'holdout'] as const) {
    for (const field of [...FIELDS, 'all'] as const) {
      it(`${split}: ${field} agrees with the labels at least as often as the floor (${FLOOR[split][field]})`, () => {
        expect(table[split][field].right).toBeGreaterThanOrEqual(FLOOR[split][field]);
      });
    }
  }
});
