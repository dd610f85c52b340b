// What the statement parser answers: the compliance status, the elements the regulation asks for, the sentence
// behind each, and the dates.

export type ComplianceStatus = 'full' | 'partial' | 'none' | 'unknown';

export const ELEMENT_NAMES = [
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
] as const;
export type ElementName = (typeof ELEMENT_NAMES)[number];
export type StatementElements = Record<ElementName, boolean>;

/** What decided an element: the sentence (or link) as it stands in the statement. */
export interface Finding {
  text: string;
  href?: string;
  selector?: string;
}

export type DateSource = 'evaluation' | 'updated' | 'prepared';

export interface ParsedStatement {
  /** The text reads as an accessibility statement: its title, two of the template's sections, or a compliance status. */
  recognized: boolean;
  language: 'lv' | 'en';
  complianceStatus: ComplianceStatus;
  elements: StatementElements;
  /** Per found element the sentence or link that decided it; also `lastEvaluated`, and for a rejected evaluation
   * document link the link and why (under `evaluationDocument`, with elements.evaluationDocument false). */
  evidence: Partial<Record<ElementName | 'lastEvaluated', Finding>>;
  /** ISO date: the latest evaluation date; without one, the latest "updated" date, then the "prepared" date. */
  lastEvaluated: string | null;
  lastEvaluatedFrom: DateSource | null;
  /** Latest date of each kind found (dates after `now` are ignored: plans, typos). */
  dates: Record<DateSource, string | null>;
  ageDays: number | null;
  /** Unfilled template text, as it stands ("[Iestādes nosaukums]", "dd.mm.gggg"). */
  placeholders: string[];
  evaluatedBy: 'self' | 'external' | 'unknown';
  evaluationDocumentUrl: string | null;
  contactEmails: string[];
  contactPhones: string[];
}
