// The 11 aspects, what one automatic check says about an aspect, the indicator's value and its options.
import type { Evidence } from '../../types.ts';

export const ASPECTS = [
  'main-navigation',
  'page-structure',
  'keyboard-focus',
  'forms',
  'text-alternatives',
  'headings',
  'contrast',
  'text-resize',
  'page-titles',
  'moving-content',
  'multimedia',
] as const;
export type AspectId = (typeof ASPECTS)[number];
export type AspectOutcome = 'pass' | 'fail' | 'needs-review';

/** One automatic check behind an aspect. `info` checks are reported but do not decide the aspect. */
export interface Check {
  id: string;
  outcome: AspectOutcome | 'info';
  evidence: Evidence[];
}

export type LvAspectsValue = Record<AspectId, AspectOutcome> & {
  /** The checks behind each aspect and what each said. */
  checks: Record<AspectId, { id: string; outcome: Check['outcome'] }[]>;
  passed: number;
  failed: number;
  needsReview: number;
};

export const OPTIONS = {
  /** axe-core rule ids per aspect; a trailing `*` matches a prefix. Only rules in the WCAG tags the axe collector
   * runs (wcag2a, wcag2aa, wcag21a, wcag21aa) can appear; best-practice ids are listed for completeness and match
   * nothing until the collector runs them. */
  axeRules: {
    'main-navigation': ['bypass'],
    'page-structure': [
      'landmark-*', 'region', 'list', 'listitem', 'definition-list', 'dlitem', 'html-has-lang', 'html-lang-valid', 'valid-lang',
      'html-xml-lang-mismatch', 'bypass', 'duplicate-id-aria', 'td-headers-attr', 'th-has-data-cells', 'td-has-header',
      'table-fake-caption', 'aria-required-children', 'aria-required-parent',
    ],
    'keyboard-focus': ['scrollable-region-focusable', 'tabindex', 'frame-focusable-content', 'server-side-image-map', 'aria-hidden-focus', 'focus-order-semantics'],
    forms: ['label', 'select-name', 'form-field-multiple-labels', 'autocomplete-valid', 'aria-input-field-name', 'aria-toggle-field-name', 'input-button-name', 'label-title-only'],
    'text-alternatives': ['image-alt', 'input-image-alt', 'area-alt', 'svg-img-alt', 'object-alt', 'role-img-alt', 'image-redundant-alt'],
    headings: ['heading-order', 'empty-heading', 'page-has-heading-one', 'p-as-heading'],
    contrast: ['color-contrast', 'link-in-text-block'],
    'text-resize': ['meta-viewport', 'meta-viewport-large', 'avoid-inline-spacing'],
    'page-titles': ['document-title'],
    'moving-content': ['blink', 'marquee', 'meta-refresh'],
    multimedia: ['video-caption', 'audio-caption', 'no-autoplay-audio'],
  } as Record<AspectId, string[]>,
  needsReviewCredit: 0.5,
  /** Evidence items per check (selectors, pages). */
  maxEvidencePerCheck: 4,
  keyboard: {
    /** Focused elements without a visible change tolerated before keyboard-focus fails. */
    maxInvisibleFocus: 0,
    /** Style changes that do not count as a focus indicator (names as in FocusStep.changed, e.g. "parent color"). */
    ignoreChanges: [] as string[],
    /** Words of a skip link's name ("Pāriet uz galveno saturu", "Uz saturu", "Skip to content"). */
    skipLinkKeywords: ['satur', 'pāriet', 'izlaist', 'skip', 'main content', 'перейти'],
  },
  navigation: {
    /** A page's header/nav must hold at least this share of the home page's menu links. */
    minMenuOverlap: 0.8,
    /** Fewer header/nav links than this on the home page: no menu to compare. */
    minMenuLinks: 3,
  },
  textResize: {
    /** A box cuts text when at least this share of a line (of its font size) is hidden. */
    minHiddenLineShare: 0.5,
    /** New overlapping text line pairs tolerated at 200 %. */
    maxNewOverlaps: 0,
    horizontalTolerancePx: 2,
  },
  motion: {
    /** WCAG 2.2.2: moving content that lasts more than 5 s needs a way to pause it. */
    minMovingMs: 5000,
    /** Names of pause/stop controls (text, aria-label, title, class). */
    pauseKeywords: ['pauz', 'apturē', 'apstādin', 'stop', 'pause', 'пауза', 'останов'],
    /** data-* attribute names that announce an auto-advancing carousel. */
    autoplayAttributes: ['autoplay', 'interval', 'ride', 'auto', 'delay', 'timeout'],
    /** An element the page changed at this many distinct moments in the window is animated by script. */
    scriptAnimationMoments: 5,
    /** ...and at this many, content that updates by itself (a ticker, a clock): a person should look. */
    autoUpdateMoments: 2,
  },
  multimedia: {
    /** Hosts of embedded video and audio players. */
    embedHosts: ['youtube.com', 'youtube-nocookie.com', 'youtu.be', 'vimeo.com', 'dailymotion.com', 'soundcloud.com', 'spotify.com', 'ltv.lsm.lv', 'replay.lsm.lv', 'facebook.com/plugins/video'],
  },
};
export type LvAspectsOptions = typeof OPTIONS;
