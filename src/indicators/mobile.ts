// Mobile-friendliness of the home page measured in a 360 px wide phone viewport: viewport meta, no horizontal
// scrolling, legible text, tap targets large and spaced enough (WCAG 2.5.8 target size minimum).
import { defineIndicator } from './indicator.ts';
import { flag } from './breakdown.ts';
import type { Evidence } from '../types.ts';
import type { TapTarget } from '../artifacts.ts';

export interface MobileValue {
  mobileFriendly: boolean;
  viewport: boolean;
  fitsWidth: boolean;
  legibleText: boolean;
  tapTargets: boolean;
  /** Share of visible text at a legible size, and tap targets failing size and spacing. */
  legibleShare: number;
  badTapTargets: number;
}

/** Parses "width=device-width, initial-scale=1" into its properties. */
export function parseViewport(content: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of content.split(/[,;]/)) {
    const [k, v] = part.split('=').map((s) => s.trim().toLowerCase());
    if (k) out[k] = v ?? '';
  }
  return out;
}

export function viewportProblem(content: string | null, minMaxScale: number): string | null {
  if (content === null) return 'nav <meta name="viewport"> / no viewport meta tag';
  const vp = parseViewport(content);
  if (vp.width !== 'device-width') return `viewport nav "width=device-width" / viewport lacks width=device-width: "${content}"`;
  if (vp['user-scalable'] === 'no' || vp['user-scalable'] === '0') return `tālummaiņa aizliegta / zoom disabled: "${content}"`;
  const max = vp['maximum-scale'] === undefined ? Infinity : Number(vp['maximum-scale']);
  if (max < minMaxScale) return `maximum-scale ${max} < ${minMaxScale}: tālummaiņa ierobežota / zoom limited: "${content}"`;
  return null;
}

/** Undersized targets whose 24 px circle touches another target (WCAG 2.5.8 spacing exception fails). */
export function badTapTargets(targets: readonly TapTarget[], scale: number, minPx: number): TapTarget[] {
  const boxes = targets.map((t) => ({ t, x: t.x * scale, y: t.y * scale, w: t.width * scale, h: t.height * scale }));
  const small = boxes.filter((b) => !b.t.inline && (b.w < minPx || b.h < minPx));
  const r = minPx / 2;
  return small
    .filter((b) => {
      const cx = b.x + b.w / 2;
      const cy = b.y + b.h / 2;
      return boxes.some((o) => {
        if (o === b || o.t.inline) return false;
        const oSmall = o.w < minPx || o.h < minPx;
        if (oSmall) return Math.hypot(o.x + o.w / 2 - cx, o.y + o.h / 2 - cy) < minPx;
        const dx = Math.max(o.x - cx, 0, cx - (o.x + o.w));
        const dy = Math.max(o.y - cy, 0, cy - (o.y + o.h));
        return Math.hypot(dx, dy) < r;
      });
    })
    .map((b) => b.t);
}

/** The report's names of the checks, in display order. */
const MOBILE_CHECKS = {
  viewport: { lv: 'Viewport iestatījums atļauj tālummaiņu', en: 'Viewport meta allows zoom' },
  fitsWidth: { lv: 'Nav horizontālas ritināšanas 360 px ekrānā', en: 'No horizontal scrolling on a 360 px screen' },
  legibleText: { lv: 'Teksts pietiekami liels (≥ 12 px)', en: 'Legible text (≥ 12 px)' },
  tapTargets: { lv: 'Spiežamie elementi pietiekami lieli un atstatus', en: 'Tap targets large and spaced enough' },
};

export default defineIndicator({
  id: 'mobile',
  dimension: 'communication',
  title: { lv: 'Pielāgotība mobilajām ierīcēm', en: 'Mobile-friendliness' },
  csv: ['mobileFriendly', 'viewport', 'fitsWidth', 'legibleText', 'tapTargets'],
  labels: {
    mobileFriendly: { lv: 'pielāgota mobilajām ierīcēm', en: 'mobile-friendly' },
    viewport: { lv: 'viewport atļauj tālummaiņu', en: 'viewport allows zoom' },
    fitsWidth: { lv: 'nav horizontālas ritināšanas', en: 'no horizontal scrolling' },
    legibleText: { lv: 'salasāms teksts', en: 'legible text' },
    tapTargets: { lv: 'pietiekami lieli spiežamie elementi', en: 'tap targets large enough' },
  },
  advice: {
    lv: 'Lapai jāpielāgojas tālruņa ekrānam: <meta name="viewport" content="width=device-width, initial-scale=1"> bez tālummaiņas aizlieguma, saturs nedrīkst būt platāks par ekrānu, teksts vismaz 12 pikseļus liels, spiežamās saites un pogas vismaz 24×24 pikseļus lielas.',
    en: 'The page must fit a phone: a viewport meta with width=device-width that allows zoom, nothing wider than the screen, text of 12 px or more, tap targets of at least 24×24 px.',
  },
  breakdowns: ['mobileFriendly', 'viewport', 'fitsWidth', 'legibleText', 'tapTargets'].map((f) => flag('mobile', f)),
  report: {
    problems: (v: MobileValue, title) =>
      Object.entries(MOBILE_CHECKS)
        .filter(([check]) => (v as unknown as Record<string, unknown>)[check] === false)
        .map(([check, name]) => ({ key: `mobile:${check}`, label: { lv: `${title.lv}: ${name.lv}`, en: `${title.en}: ${name.en}` } })),
    section: 'checks',
    checks: MOBILE_CHECKS,
  },
  requires: ['mobile'],
  defaultOptions: {
    screenWidth: 360,
    /** WCAG 1.4.4: users must be able to zoom to 200 %. */
    minMaxScale: 2,
    /** Lighthouse's legible-text rule: at least 60 % of text at 12 px or more. */
    minFontPx: 12,
    minLegibleShare: 0.6,
    /** WCAG 2.2 SC 2.5.8 target size (minimum). */
    minTargetPx: 24,
    /** A few cramped icons do not make a site unusable on a phone; more than this share does. */
    maxBadTargetShare: 0.1,
    /** A scrollbar or rounding may add a pixel or two. */
    widthTolerancePx: 2,
  },
  evaluate({ mobile }, o) {
    const evidence: Evidence[] = [];
    const vpProblem = viewportProblem(mobile.viewportMeta, o.minMaxScale);
    if (vpProblem) evidence.push({ url: mobile.url, selector: 'meta[name="viewport"]', text: vpProblem });

    const fitsWidth = mobile.scrollWidth <= Math.max(mobile.viewportWidth, o.screenWidth) + o.widthTolerancePx && mobile.viewportWidth <= o.screenWidth + o.widthTolerancePx;
    if (!fitsWidth) {
      evidence.push({
        url: mobile.url,
        selector: 'html',
        text: `lapa ir ${mobile.scrollWidth}px plata ${o.screenWidth}px ekrānā / page is ${mobile.scrollWidth}px wide on a ${o.screenWidth}px screen (layout viewport ${mobile.viewportWidth}px)`,
      });
    }
    // Without a working viewport a phone shrinks the whole layout: judge sizes as they appear on the screen.
    const scale = Math.min(1, o.screenWidth / Math.max(1, mobile.viewportWidth));
    const total = mobile.fontSizes.reduce((a, f) => a + f.chars, 0);
    const legibleChars = mobile.fontSizes.filter((f) => f.px * scale >= o.minFontPx).reduce((a, f) => a + f.chars, 0);
    const legibleShare = total === 0 ? 1 : Math.round((legibleChars / total) * 1000) / 1000;
    const legibleText = legibleShare >= o.minLegibleShare;
    if (!legibleText) {
      const worst = mobile.fontSizes.filter((f) => f.px * scale < o.minFontPx).sort((a, b) => b.chars - a.chars)[0];
      evidence.push({
        url: mobile.url,
        ...(worst ? { selector: worst.selector } : {}),
        text: `tikai ${Math.round(legibleShare * 100)}% teksta ≥ ${o.minFontPx}px / only ${Math.round(legibleShare * 100)}% of text is ${o.minFontPx}px or larger${worst ? ` (e.g. ${worst.px * scale}px: "${worst.text}")` : ''}`,
      });
    }
    const bad = badTapTargets(mobile.tapTargets, scale, o.minTargetPx);
    const tapTargets = mobile.tapTargets.length === 0 || bad.length / mobile.tapTargets.length <= o.maxBadTargetShare;
    if (!tapTargets) {
      for (const t of bad.slice(0, 5)) {
        evidence.push({
          url: mobile.url,
          selector: t.selector,
          text: `spiežamais elements ${Math.round(t.width * scale)}×${Math.round(t.height * scale)}px pārāk tuvu citam / tap target ${Math.round(t.width * scale)}×${Math.round(t.height * scale)}px too close to another: "${t.text}"`,
        });
      }
    }
    // The phone view of the page (a picture of the region the findings are about), for the report.
    if (mobile.screenshot) for (const e of evidence) e.screenshot = mobile.screenshot;
    const checks = { viewport: vpProblem === null, fitsWidth, legibleText, tapTargets };
    const passed = Object.values(checks).filter(Boolean).length;
    const mobileFriendly = passed === 4;
    if (mobileFriendly) evidence.push({ url: mobile.url, text: `viewport "${mobile.viewportMeta}", ${mobile.scrollWidth}px / ${o.screenWidth}px` });
    return {
      value: { mobileFriendly, ...checks, legibleShare, badTapTargets: bad.length },
      // Each criterion a quarter: a site failing one criterion is closer to mobile-friendly than one failing all.
      score: passed / 4,
      outcome: mobileFriendly ? 'pass' : 'fail',
      evidence,
    };
  },
});
