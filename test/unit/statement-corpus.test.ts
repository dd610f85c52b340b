// The a11y-statement indicator on the labelled statement corpus (test/fixtures/statement-corpus), replayed from the
// page facts Chromium recorded (recorded.json; re-record with `npm run accuracy:corpus -- --record`). The floors are
// the baseline measured when the corpus was made (docs/accuracy.md, "Statement corpus"): the test fails when agreement
// drops below them on either half. When a change raises agreement, raise the floors with it (tune half only for tuning).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PageFacts } from '../../src/artifacts.ts';
import { agreement, FIELDS, PAGES_DIR, readLabels, RECORDED_FILE, type Field, type Split } from '../../scripts/statement-corpus-judge.ts';

/** Fields right per half at the baseline (pages judged: statements on every field, look-alikes on level only). */
const FLOOR: Record<Split, Record<Field | 'all', number>> = {
  tune: { level: 36, complianceStatus: 24, lastEvaluated: 37, contact: 33, evaluationDocument: 35, placeholders: 40, all: 205 },
  holdout: { level: 24, complianceStatus: 19, lastEvaluated: 29, contact: 25, evaluationDocument: 24, placeholders: 29, all: 150 },
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
      it(`${split}: ${field} agrees with the labels at least as often as the baseline (${FLOOR[split][field]})`, () => {
        expect(table[split][field].right).toBeGreaterThanOrEqual(FLOOR[split][field]);
      });
    }
  }
});
