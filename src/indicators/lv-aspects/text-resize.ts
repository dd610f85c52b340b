// Aspect text-resize: at 200 % text nothing is cut off or overlaps (text-resize collector, home page).
import type { Evidence } from '../../types.ts';
import type { TextResizeFacts } from '../../artifacts.ts';
import type { Check, LvAspectsOptions } from './aspects.ts';
import { clip } from './check-helpers.ts';

export function textResizeChecks(t: TextResizeFacts, o: LvAspectsOptions): Check[] {
  const url = t.url;
  const checks: Check[] = [];
  if (t.error) return [{ id: 'text-200', outcome: 'needs-review', evidence: [{ url, text: `teksta palielināšana neizdevās / text resize failed: ${t.error}` }] }];
  const cut = t.after.clipped.filter((c) => {
    const min = Math.max(2, c.fontPx * o.textResize.minHiddenLineShare);
    return c.new !== false && (c.scrollHeight - c.clientHeight >= min || c.scrollWidth - c.clientWidth >= min);
  });
  const newOverlaps = Math.max(0, t.after.overlaps - t.before.overlaps);
  const evidence: Evidence[] = [];
  for (const c of clip(cut, o.maxEvidencePerCheck)) {
    evidence.push({ url, selector: c.selector, text: `teksts nogriezts / text cut off at 200 %: "${c.text.slice(0, 50)}" (box ${c.clientWidth}×${c.clientHeight}px, content ${c.scrollWidth}×${c.scrollHeight}px)` });
  }
  if (newOverlaps > o.textResize.maxNewOverlaps) {
    for (const s of t.after.overlapSamples.slice(0, 2)) {
      evidence.push({ url, selector: s.a, text: `teksts pārklājas / text overlaps at 200 %: "${s.textA.slice(0, 30)}" × "${s.textB.slice(0, 30)}" (${s.b})` });
    }
    evidence.push({ url, text: `${newOverlaps} jaunas teksta pārklāšanās / new overlapping text lines at 200 %` });
  }
  if (evidence.length > 0) checks.push({ id: 'text-200', outcome: 'fail', evidence });
  else checks.push({ id: 'text-200', outcome: 'pass', evidence: [{ url, text: `200 % tekstā nekas netiek nogriezts vai pārklāts / at 200 % text nothing is cut off or overlaps (${t.after.textBoxes} text lines)` }] });

  const scrollsNow = t.after.scrollWidth > t.after.clientWidth + o.textResize.horizontalTolerancePx;
  const scrolledBefore = t.before.scrollWidth > t.before.clientWidth + o.textResize.horizontalTolerancePx;
  if (scrollsNow && !scrolledBefore) {
    checks.push({ id: 'horizontal-scroll-200', outcome: 'needs-review', evidence: [{ url, selector: 'html', text: `200 % tekstā lapa ritinās horizontāli / page scrolls sideways at 200 % text: ${t.after.scrollWidth}px in ${t.after.clientWidth}px` }] });
  }
  if (t.rootScaledShare < 0.5) {
    checks.push({ id: 'root-font-size', outcome: 'info', evidence: [{ url, text: `teksta izmēri pikseļos: lietotāja fonta iestatījums maina ${Math.round(t.rootScaledShare * 100)}% teksta / text sized in px: the reader's font-size setting changes ${Math.round(t.rootScaledShare * 100)}% of the text (browser zoom still works)` }] });
  }
  return checks;
}
