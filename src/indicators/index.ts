// The registry: every indicator the audit computes, in evaluation order (an indicator may read the results of those
// before it). Adding an indicator = one file in this folder + one line here + its weight in config/scoring.json.
import type { AnyIndicator } from '../indicator.ts';
import wcag from './wcag.ts';
import mobile from './mobile.ts';
import lighthouse from './lighthouse.ts';
import a11yStatement from './a11y-statement.ts';

export const INDICATORS: readonly AnyIndicator[] = [wcag, mobile, lighthouse, a11yStatement];
