// The statement corpus (test/fixtures/statement-corpus): its hand labels, and how one page's facts are judged against
// them through the a11y-statement indicator, exactly as the audit evaluates a page the crawler found as a statement.
// Shared by scripts/statement-corpus.ts (browser) and test/unit/statement-corpus.test.ts (recorded facts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, REPO_ROOT } from '../src/config.ts';
import a11yStatement, { type A11yStatementValue } from '../src/indicators/a11y-statement/index.ts';
import { optionsFor } from '../src/indicators/indicator.ts';
import type { PageFacts } from '../src/artifacts.ts';

export const CORPUS_DIR = join(REPO_ROOT, 'test', 'fixtures', 'statement-corpus');
export const PAGES_DIR = join(CORPUS_DIR, 'pages');
export const RECORDED_FILE = join(CORPUS_DIR, 'recorded.json');
/** Recorded facts name this origin instead of the random loopback port, so the file does not change run to run. */
export const RECORDED_ORIGIN = 'http://corpus.test';

export const FIELDS = ['level', 'complianceStatus', 'lastEvaluated', 'contact', 'evaluationDocument', 'placeholders'] as const;
export type Field = (typeof FIELDS)[number];
export type Split = 'tune' | 'holdout';

export interface PageLabel {
  split: Split;
  level: A11yStatementValue['level'];
  complianceStatus: A11yStatementValue['complianceStatus'];
  lastEvaluated: string | null;
  /** A feedback e-mail or phone for accessibility matters (elements.contactEmail || elements.contactPhone). */
  contact: boolean;
  evaluationDocument: boolean;
  placeholders: boolean;
  /** What the page's variation is (free text, for the reader of a miss). */
  facts: string[];
}

export interface Labels {
  /** The audit's "now" for every page: dates after it are ignored by the parser. */
  now: string;
  pages: Record<string, PageLabel>;
}

export interface Miss {
  page: string;
  split: Split;
  field: Field;
  expected: unknown;
  actual: unknown;
}

export function readLabels(): Labels {
  return JSON.parse(readFileSync(join(CORPUS_DIR, 'labels.json'), 'utf8')) as Labels;
}

/** The indicator's answer for one page found by a statement link, with the shipped config's options. */
export function evaluatePage(facts: PageFacts, now: Date): A11yStatementValue {
  const options = optionsFor(a11yStatement, loadConfig().indicators) as Parameters<typeof a11yStatement.evaluate>[1];
  const target = { id: 'corpus', name: 'corpus', type: 'institution' as const, url: new URL('/', facts.url).href };
  const result = a11yStatement.evaluate({ pages: [facts] }, options, { target, now, results: {} });
  if (!result.value) throw new Error(`${facts.url}: the indicator gave no value (${result.reason ?? result.outcome})`);
  return result.value;
}

/** Field values as labelled, from the indicator's value. */
export function fieldsOf(v: A11yStatementValue): Record<Field, unknown> {
  return {
    level: v.level,
    complianceStatus: v.complianceStatus,
    lastEvaluated: v.lastEvaluated,
    contact: v.elements.contactEmail || v.elements.contactPhone,
    evaluationDocument: v.elements.evaluationDocument,
    placeholders: v.placeholders,
  };
}

/**
 * The judged fields of one page. A look-alike (labelled `none`) is judged on `level` only: the other fields of a page
 * that is no statement mean nothing to the audit. A statement is judged on every field.
 */
export function judgePage(page: string, label: PageLabel, value: A11yStatementValue): { field: Field; ok: boolean; miss?: Miss }[] {
  const actual = fieldsOf(value);
  const fields: readonly Field[] = label.level === 'none' ? ['level'] : FIELDS;
  return fields.map((field) => {
    const ok = actual[field] === label[field];
    return ok ? { field, ok } : { field, ok, miss: { page, split: label.split, field, expected: label[field], actual: actual[field] } };
  });
}

export interface Agreement {
  /** Per split and field: right / judged. */
  table: Record<Split, Record<Field | 'all', { right: number; cases: number }>>;
  misses: Miss[];
}

export function agreement(labels: Labels, factsOf: (page: string) => PageFacts): Agreement {
  const empty = () => Object.fromEntries([...FIELDS, 'all'].map((f) => [f, { right: 0, cases: 0 }])) as Agreement['table']['tune'];
  const table: Agreement['table'] = { tune: empty(), holdout: empty() };
  const misses: Miss[] = [];
  const now = new Date(`${labels.now}T12:00:00Z`);
  for (const [page, label] of Object.entries(labels.pages)) {
    for (const r of judgePage(page, label, evaluatePage(factsOf(page), now))) {
      for (const key of [r.field, 'all'] as const) {
        table[label.split][key].cases++;
        if (r.ok) table[label.split][key].right++;
      }
      if (r.miss) misses.push(r.miss);
    }
  }
  return { table, misses };
}
