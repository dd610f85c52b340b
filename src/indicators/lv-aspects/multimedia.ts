// Aspect multimedia: captions or transcripts for video, audio and embedded players; no sound that plays by itself.
import { pageUrl } from '../../text/page-search.ts';
import type { Evidence } from '../../types.ts';
import type { AxePage, MotionFacts, PageFacts } from '../../artifacts.ts';
import type { Check, LvAspectsOptions } from './aspects.ts';
import { axeChecks } from './axe.ts';
import { clip, htmlPages } from './check-helpers.ts';

export function isEmbedPlayer(src: string | undefined, hosts: readonly string[]): boolean {
  if (!src) return false;
  const s = src.toLowerCase();
  return hosts.some((h) => s.includes(h));
}

export function multimediaChecks(pages: readonly PageFacts[], axe: readonly AxePage[], mf: MotionFacts, o: LvAspectsOptions): Check[] {
  const checks: Check[] = [];
  const reviews: Evidence[] = [];
  const fine: Evidence[] = [];
  for (const item of mf.items) {
    if (item.kind !== 'media') continue;
    if (item.tag === 'audio') {
      reviews.push({ url: mf.url, selector: item.selector, text: `audio: jāpārbauda teksta atšifrējums / check for a transcript (${item.src})` });
      if ((item.autoplay || item.paused === false) && !item.muted && !item.controls) {
        checks.push({ id: 'audio-control', outcome: 'fail', evidence: [{ url: mf.url, selector: item.selector, text: `audio atskaņojas automātiski bez vadīklām / audio plays automatically without controls (${item.src})` }] });
      }
    } else if ((item.captionTracks ?? 0) > 0) {
      fine.push({ url: mf.url, selector: item.selector, text: `video ar subtitriem / video with a captions track (${item.src})` });
    } else if (item.muted && item.autoplay) {
      // A muted background loop has no sound to caption; its motion is judged under moving-content.
      fine.push({ url: mf.url, selector: item.selector, text: `fona video bez skaņas / muted background video (${item.src})` });
    } else {
      reviews.push({ url: mf.url, selector: item.selector, text: `video bez subtitru celiņa: jāpārbauda subtitri vai atšifrējums / video without a captions track: check captions or transcript (${item.src})` });
    }
  }
  const embeds = new Map<string, string>();
  for (const p of htmlPages(pages)) {
    for (const src of p.iframes) if (isEmbedPlayer(src, o.multimedia.embedHosts) && !embeds.has(src)) embeds.set(src, pageUrl(p));
  }
  for (const [src, url] of embeds) reviews.push({ url, selector: `iframe[src="${src.slice(0, 120)}"]`, text: `iegults video/audio: jāpārbauda subtitri vai atšifrējums / embedded player: check captions or transcript (${src})` });

  checks.push(...axeChecks(axe, o.axeRules.multimedia, o));
  if (reviews.length > 0) checks.push({ id: 'media-alternatives', outcome: 'needs-review', evidence: clip(reviews, o.maxEvidencePerCheck) });
  else if (fine.length > 0) checks.push({ id: 'media-alternatives', outcome: 'pass', evidence: clip(fine, o.maxEvidencePerCheck) });
  else if (!checks.some((c) => c.outcome !== 'info')) {
    checks.push({ id: 'media-alternatives', outcome: 'pass', evidence: [{ url: mf.url, text: `multimediji nav atrasti / no multimedia found (video, audio, embedded players on ${htmlPages(pages).length} pages)` }] });
  }
  return checks;
}
