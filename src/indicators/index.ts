// The registry: every indicator the audit computes. Adding an indicator = its file in this folder (labels, advice,
// CSV columns and breakdowns included), its test, one line here, and its weight in config/scoring.json. Everything
// else (evaluation order, aggregates, report labels and advice, CSV header) is derived from the list below.
import { orderByDependencies, type AnyIndicator, type Breakdown } from './indicator.ts';
import wcag from './wcag.ts';
import mobile from './mobile.ts';
import lighthouse from './lighthouse.ts';
import a11yStatement from './a11y-statement/index.ts';
import participation from './participation.ts';
import social from './social.ts';
import siteFeatures from './site-features.ts';
import contact from './contact.ts';
import newTech from './new-tech.ts';
import eservicesInfo from './eservices-info.ts';
import openData from './open-data.ts';
import lvAspects from './lv-aspects/index.ts';
import https from './https.ts';

// The order is the CSV's column order and the reports' order; dependencies (dependsOn) are run first regardless.
const REGISTERED = [
  wcag,
  lvAspects,
  mobile,
  lighthouse,
  https,
  a11yStatement, // dependsOn wcag
  participation,
  social,
  siteFeatures,
  contact,
  newTech,
  eservicesInfo,
  openData,
] as const;

/** Every registered indicator id. (SiteResult.indicators stays Record<string, …>: src/types.ts is the contract layer
 * below the indicators and cannot import the registry.) */
export type IndicatorId = (typeof REGISTERED)[number]['id'];

/** The registry in evaluation order: every indicator after those it depends on. */
export const INDICATORS: readonly AnyIndicator[] = orderByDependencies<AnyIndicator>(REGISTERED);

/** Breakdowns per indicator id, as declared by each indicator (none for an indicator of numbers only). */
export const BREAKDOWNS: Readonly<Record<string, readonly Breakdown[]>> = Object.fromEntries(
  INDICATORS.filter((i) => i.breakdowns?.length).map((i) => [i.id, i.breakdowns!]),
);
