// A statement printed in several versions on one page (this year's above last year's, or the archived one first in a
// closed <details>): only the newest version speaks for the site, its status, dates, contacts and document.
import { findDates } from './dates.ts';
import { classifyStatus, has } from './matchers.ts';
import type { StatementOptions } from './options.ts';
import type { Sentence } from './text-shape.ts';

const MAX_WORDS = 8;
const SHARED = new Set<Sentence['section']>(['feedback', 'alternatives', 'enforcement']);

/** A short line that opens a version: version words, or a year with "paziņojums", and no date or date keyword. */
export function isVersionStart(s: Sentence, opts: StatementOptions): boolean {
  if (s.folded.split(/\s+/).length > MAX_WORDS) return false;
  if (/[.;,]$/.test(s.clean)) return false;
  if (findDates(s.folded).length > 0) return false;
  if (has(s.folded, opts.evaluationKeywords) || has(s.folded, opts.updatedKeywords) || has(s.folded, opts.preparedKeywords)) return false;
  if (has(s.folded, opts.versionKeywords)) return true;
  return /(?<!\d)(?:19|20)\d{2}(?!\d)/.test(s.folded) && has(s.folded, opts.versionStatementWords);
}

/**
 * The sentences without the older versions. The page is cut at version-opening lines; a piece that states a status is
 * a version (`canStateStatus`: the status section, or a sentence naming the site and the requirements), and when two or more are, the one with the latest date (else the latest year in its opening line) stays
 * and the other versions' pieces go (but for a shared section after them, below). Pieces that state no status stay.
 * One version: as is.
 */
export function newestVersion(sentences: readonly Sentence[], opts: StatementOptions, canStateStatus: (s: Sentence) => boolean): Sentence[] {
  const pieces: Sentence[][] = [[]];
  for (const s of sentences) {
    if (isVersionStart(s, opts) && pieces.at(-1)!.length > 0) pieces.push([]);
    pieces.at(-1)!.push(s);
  }
  const versions = pieces.filter((p) => p.some((s) => !s.isHeading && canStateStatus(s) && classifyStatus(s.folded, opts) !== 'unknown'));
  if (versions.length < 2) return [...sentences];
  const newest = (p: Sentence[]): string => {
    const dates = p.flatMap((s) => findDates(s.folded).map((d) => d.iso));
    if (dates.length > 0) return dates.sort().at(-1)!;
    const year = /(?<!\d)((?:19|20)\d{2})(?!\d)/.exec(p[0]!.folded)?.[1];
    return year ? `${year}-00-00` : '';
  };
  let best = versions[0]!;
  for (const v of versions.slice(1)) if (newest(v) > newest(best)) best = v;
  // A feedback, alternatives or complaints section that follows an older version after its last status or date, when
  // the newest version has no such section (the feedback section after an archive at the bottom), is the page's,
  // shared by all versions. Status, evaluation and document sections belong to their version's evaluation.
  const ownSections = new Set(best.filter((s) => s.isHeading).map((s) => s.section));
  const dropped = new Set<Sentence>();
  for (const v of versions) {
    if (v === best) continue;
    const lastOwn = v.findLastIndex((s) => findDates(s.folded).length > 0 || (canStateStatus(s) && classifyStatus(s.folded, opts) !== 'unknown'));
    const shared = v.findIndex((s, i) => i > lastOwn && s.isHeading && SHARED.has(s.section) && !ownSections.has(s.section));
    for (const s of shared < 0 ? v : v.slice(0, shared)) dropped.add(s);
  }
  return sentences.filter((s) => !dropped.has(s));
}
