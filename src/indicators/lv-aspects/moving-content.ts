// Aspect moving-content: what moves by itself for longer than 5 s has a way to pause it (motion collector, home page).
import { matchKeyword } from '../../text/keywords.ts';
import type { Evidence } from '../../types.ts';
import type { MotionFacts, MotionItem } from '../../artifacts.ts';
import type { Check, LvAspectsOptions } from './aspects.ts';
import { clip } from './check-helpers.ts';
import { isEmbedPlayer } from './multimedia.ts';

type Motion = 'moving' | 'maybe' | 'still';

/** Whether an item moves by itself for longer than minMovingMs (WCAG 2.2.2), may do so, or stays still. */
export function motionOf(item: MotionItem, o: LvAspectsOptions): Motion {
  const m = o.motion;
  switch (item.kind) {
    case 'marquee':
    case 'blink':
      return item.visible ? 'moving' : 'still';
    case 'animation': {
      if (!item.visible) return 'still';
      const total = item.iterations === null || item.iterations === undefined ? Infinity : (item.durationMs ?? 0) * item.iterations;
      return total > m.minMovingMs ? 'moving' : 'still';
    }
    case 'media': {
      if (item.tag !== 'video' || !item.visible) return 'still';
      const playing = item.paused === false || item.autoplay === true;
      if (!playing) return 'still';
      const long = item.loop === true || item.mediaDurationS === null || item.mediaDurationS === undefined || item.mediaDurationS * 1000 > m.minMovingMs;
      return long ? 'moving' : 'still';
    }
    case 'embed':
      return isEmbedPlayer(item.src, o.multimedia.embedHosts) && /[?&]autoplay=(1|true)/i.test(item.src ?? '') ? 'maybe' : 'still';
    case 'gif': {
      if (!item.visible) return 'still';
      if (item.frames === null || item.frames === undefined) return 'maybe';
      if (item.frames < 2) return 'still';
      const loops = item.loops ?? 1;
      return loops === 0 || (item.loopMs ?? 0) * loops > m.minMovingMs ? 'moving' : 'still';
    }
    case 'carousel': {
      if (!item.visible) return 'still';
      if ((item.changedAt?.length ?? 0) > 0) return 'moving';
      const hint = Object.entries(item.dataAttributes ?? {}).some(
        ([name, value]) => m.autoplayAttributes.some((a) => name.slice(5).toLowerCase().includes(a)) && !/^(false|0|off|no)$/i.test(value.trim()),
      );
      return hint ? 'maybe' : 'still';
    }
    case 'mutation': {
      if (!item.visible) return 'still';
      const n = item.changedAt?.length ?? 0;
      return n >= m.scriptAnimationMoments ? 'moving' : n >= m.autoUpdateMoments ? 'maybe' : 'still';
    }
  }
}

function describe(item: MotionItem): string {
  switch (item.kind) {
    case 'marquee':
      return '<marquee> skrejošā rinda / scrolling marquee';
    case 'blink':
      return '<blink> mirgojošs teksts / blinking text';
    case 'animation':
      return `animācija / animation "${item.animationName}" ${item.iterations === null ? 'bezgalīga / infinite' : `${item.iterations}×`} ${item.durationMs} ms`;
    case 'media':
      return `video automātiski atskaņojas / autoplaying video${item.loop ? ' (loop)' : ''}${item.muted ? ' (muted)' : ''}${item.controls ? ' ar vadīklām / with controls' : ' bez vadīklām / without controls'}`;
    case 'embed':
      return `iegults atskaņotājs ar autoplay / embedded player with autoplay: ${item.src}`;
    case 'gif':
      return item.frames ? `animēts GIF / animated GIF: ${item.frames} kadri, ${item.loops === 0 ? 'bezgalīgi / forever' : `${item.loops}×`} (${item.src})` : `GIF, kadrus neizdevās nolasīt / GIF, frames not read (${item.src})`;
    case 'carousel':
      return (item.changedAt?.length ?? 0) > 0
        ? `karuselis mainās pats / carousel advances by itself (${item.matched}, at ${item.changedAt!.join(', ')} ms)`
        : `karuselis ar automātiskās pārslēgšanas iestatījumu / carousel with an autoplay setting (${item.matched}, ${JSON.stringify(item.dataAttributes)})`;
    case 'mutation':
      return `saturs mainās pats / content changes by itself (${item.changes?.join(', ')}) at ${item.changedAt?.length} moments`;
  }
}

export function motionChecks(mf: MotionFacts, o: LvAspectsOptions): Check[] {
  const url = mf.url;
  if (mf.error) return [{ id: 'moving-content', outcome: 'needs-review', evidence: [{ url, text: `kustīgā satura pārbaude neizdevās / motion check failed: ${mf.error}` }] }];
  const pause = (names: readonly string[]) => names.map((n) => ({ n, k: matchKeyword(n, o.motion.pauseKeywords) })).find((x) => x.k !== null)?.n ?? null;
  const pagePause = pause(mf.controls.map((c) => c.name));
  const fails: Evidence[] = [];
  const reviews: Evidence[] = [];
  const fine: Evidence[] = [];
  for (const item of mf.items) {
    const motion = motionOf(item, o);
    if (motion === 'still') continue;
    const near = pause(item.nearControls);
    const own = item.kind === 'media' && item.controls === true;
    const ev: Evidence = { url, selector: item.selector, text: describe(item) };
    if (near || own) fine.push({ ...ev, text: `${ev.text}; apturama / can be paused: ${own ? 'vadīklas / controls' : `"${near}"`}` });
    else if (motion === 'maybe') reviews.push({ ...ev, text: `${ev.text}; jāpārbauda / needs review` });
    else if (pagePause) reviews.push({ ...ev, text: `${ev.text}; lapā ir "${pagePause}", jāpārbauda vai tā aptur šo / a pause control exists on the page: check it stops this` });
    else fails.push({ ...ev, text: `${ev.text}; nav pauzes vai apturēšanas vadīklas / no pause or stop control` });
  }
  if (fails.length > 0) return [{ id: 'moving-content', outcome: 'fail', evidence: clip([...fails, ...reviews], o.maxEvidencePerCheck + 2) }];
  if (reviews.length > 0) return [{ id: 'moving-content', outcome: 'needs-review', evidence: clip(reviews, o.maxEvidencePerCheck) }];
  if (fine.length > 0) return [{ id: 'moving-content', outcome: 'pass', evidence: clip(fine, o.maxEvidencePerCheck) }];
  return [{
    id: 'moving-content',
    outcome: 'pass',
    evidence: [{ url, text: `${Math.round(mf.windowMs / 1000)} s laikā nekas nekustas un nemirgo / nothing moves or blinks in ${Math.round(mf.windowMs / 1000)} s (marquee, animations, autoplay video, animated GIF, carousels checked)` }],
  }];
}
