// The registry: every indicator the audit computes, in evaluation order (an indicator may read the results of those
// before it). Adding an indicator = one file in this folder + one line here + its weight in config/scoring.json.
import type { AnyIndicator } from './indicator.ts';
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

export const INDICATORS: readonly AnyIndicator[] = [
  wcag,
  lvAspects,
  mobile,
  lighthouse,
  https,
  a11yStatement, // reads the wcag result (a claimed "full compliance" against the measured band)
  participation,
  social,
  siteFeatures,
  contact,
  newTech,
  eservicesInfo,
  openData,
];
