// The contract: what flows between targets, collectors, indicators, the store and the export.
// Every value here is plain JSON, so artifacts and results can be saved, re-read and re-scored.
// The artifacts collectors produce are in src/artifacts.ts.
import type { FoundBy, PageRole, Unsettled } from './artifacts.ts';

export const TARGET_TYPES = ['ministry', 'institution', 'state-company', 'independent', 'state-city', 'county'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

/** One institution or municipality from targets.json. `id` is the key everywhere (job id, store row, export row). */
export interface Target {
  id: string;
  name: string;
  type: TargetType;
  sector?: string;
  url: string;
  [extra: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------------------
// Indicators and results

export type Outcome = 'pass' | 'fail' | 'needs-review' | 'not-applicable' | 'error';

export interface Evidence {
  url: string;
  selector?: string;
  text?: string;
  /** Name of a PNG of the element or page region (Screenshot.name; stored with the site's artifacts). */
  screenshot?: string;
}

/** One entry of an operator's dispute of an indicator result (src/score/overrides.ts). */
export interface OverrideTrailEntry {
  action: 'set' | 'revoke';
  /** For "set": the value, score and outcome used instead of the measured ones. */
  value?: unknown;
  score?: number | null;
  outcome?: Outcome;
  reason: string;
  by: string;
  at: string;
}

/** Present on an indicator result that an operator disputed; `measured` is what the audit found, kept as it was. */
export interface OverrideInfo {
  /** The newest entry is a "set": value, score and outcome of the result are the operator's. */
  active: boolean;
  measured: { value: unknown; score: number | null; outcome: Outcome; reason?: string };
  trail: OverrideTrailEntry[];
}

export interface IndicatorResult<V = unknown> {
  value: V | null;
  /** 0–1; null when it could not be measured, with `reason`. */
  score: number | null;
  outcome: Outcome;
  evidence: Evidence[];
  reason?: string;
  /** Set only in exports and reports when an operator disputed the result (never stored in the result itself). */
  override?: OverrideInfo;
}

export const DIMENSIONS = ['communication', 'service', 'services', 'opendata', 'technical'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** What the audit learnt about the site as a whole. */
export type SiteStatus = 'ok' | FailureClass;

/** One failure taxonomy for sites that cannot be audited (src/failures.ts classifies). */
export const FAILURE_CLASSES = [
  'invalid-url',
  'dns',
  'connection-refused',
  'tls',
  'timeout',
  'http-error',
  'redirect-loop',
  'not-html',
  'robots-disallowed',
  'blocked',
  'browser-crash',
  'internal',
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

export interface PageSummary {
  url: string;
  finalUrl: string;
  status: number;
  roles: PageRole[];
  title: string;
  foundBy: FoundBy;
  /** The page was still changing when the settle budget ran out (a ticker, a carousel): read as it was then. */
  unsettled?: Unsettled;
  error?: string;
}

export interface ToolVersions {
  auditor: string;
  node: string;
  chromium: string;
  axeCore: string;
  lighthouse: string;
}

/** The phases of auditSite, in order; `homeCollectors` is the phone page, keyboard, text resize and motion run at once. */
export const SITE_PHASES = ['robots', 'home', 'rolePages', 'otherPages', 'homeCollectors', 'lighthouse', 'indicators'] as const;
export type SitePhase = (typeof SITE_PHASES)[number];

export interface SiteResult {
  schemaVersion: 1;
  runId: string;
  target: Target;
  status: SiteStatus;
  /** For a failed site: what went wrong, in words a person understands (Latvian first, then English). */
  message?: string;
  startedAt: string;
  durationMs: number;
  /** Where the site's time went, in ms per phase (phases that did not run are absent): see SITE_PHASES. rolePages +
   * otherPages, homeCollectors and lighthouse run at the same time, so they add up to more than durationMs. */
  timings?: Partial<Record<SitePhase, number>>;
  versions: ToolVersions;
  robots: { respected: boolean; status: number; disallowed: string[] } | null;
  pages: PageSummary[];
  indicators: Record<string, IndicatorResult>;
  /** Requests of this audit the egress proxy refused (internal addresses): counted, the first ones listed. */
  egress?: EgressSummary;
  /** true: a home-page collector failed transiently and is being measured again (src/service/follow-up.ts); the run
   * is not sealed until the result is final. false: a follow-up stored this final result. Absent: final at once. */
  provisional?: boolean;
}

export interface EgressSummary {
  blocked: number;
  blockedRequests: { url: string; message: string }[];
}
