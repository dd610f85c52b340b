// Artifacts: raw facts collected from the browser, one field of ArtifactMap per collector. Judging happens later,
// in indicators. Plain JSON, so artifacts can be saved, re-read and re-scored (the result contract is src/types.ts).
/** Where on the page a link sits; decides e.g. "on the home page" vs "in the footer". */
export type Region = 'header' | 'nav' | 'main' | 'footer' | 'aside' | 'other';

export interface LinkFact {
  /** Absolute URL (resolved against the page). */
  href: string;
  /** Visible text, whitespace collapsed. */
  text: string;
  ariaLabel?: string;
  title?: string;
  /** alt texts of images inside the link (icon-only links). */
  imgAlt?: string;
  /** class names of the link and its first child (icon fonts such as "fa-facebook"). */
  className?: string;
  region: Region;
  /** CSS path; " >>> " steps into an open shadow root (the host's path before it) or an iframe (the iframe's path). */
  selector: string;
  /** For a link inside an iframe: the frame's URL (its region is the iframe's on the page). */
  frame?: string;
}

/** Why a page was picked for the audit. */
export type PageRole = 'home' | 'statement' | 'participation' | 'sitemap' | 'contacts' | 'sample';

export interface FoundBy {
  via: 'start' | 'link' | 'path' | 'sitemap' | 'sample';
  /** The page the link was on, and the link itself. */
  from?: string;
  text?: string;
  selector?: string;
}

export interface PageFacts {
  /** URL we asked for. */
  url: string;
  /** URL after redirects. */
  finalUrl: string;
  status: number;
  contentType: string;
  roles: PageRole[];
  foundBy: FoundBy;
  title: string;
  lang: string;
  headings: { level: number; text: string }[];
  links: LinkFact[];
  /** Visible text (innerText of body), capped by crawl.maxTextChars. For PDFs: the extracted text. */
  text: string;
  /** src of every external script, and inline script snippets that load widgets (first 200 chars each). */
  scripts: string[];
  iframes: string[];
  /** Buttons and controls with their accessible-ish names (read-aloud, translate, chat...). */
  controls: { text: string; selector: string }[];
  loadMs: number;
  /** Present when the page never settled within crawl.settleBudgetMs (src/audit/crawl/settle.ts): it was read anyway. */
  unsettled?: Unsettled;
  /** Set when the page could not be loaded or read; the other fields are then empty. */
  error?: string;
}

/** A page still changing when the settle budget ran out: how long was waited, and what was still going on. */
export interface Unsettled {
  waitedMs: number;
  still: ('mutations' | 'timers' | 'network')[];
}

export type Impact = 'critical' | 'serious' | 'moderate' | 'minor';

export interface AxeNode {
  target: string;
  html: string;
  summary?: string;
  /** Name of a clipped PNG of this element (Screenshot.name), when one was taken. */
  screenshot?: string;
  /** color-contrast findings: axe's measured colours and ratio, and the ratio required. */
  contrast?: AxeContrast;
}

export interface AxeContrast {
  /** Foreground and background colours as axe reports them (#rrggbb). */
  fg: string;
  bg: string;
  /** Measured contrast ratio (e.g. 2.85) and the required one (4.5 or 3). */
  ratio: number;
  expected: number;
}

export interface AxeRule {
  id: string;
  impact: Impact | null;
  tags: string[];
  help: string;
  helpUrl: string;
  /** How many elements on the page; `nodes` keeps only the first crawl.maxNodesPerRule. */
  nodeCount: number;
  nodes: AxeNode[];
}

export interface AxePage {
  url: string;
  violations: AxeRule[];
  incomplete: AxeRule[];
  /** Ids of rules that passed: needed to say "pass" rather than "not tested". */
  passes: string[];
  error?: string;
}

export interface TapTarget {
  selector: string;
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** A link inside running text: WCAG 2.5.8 exempts it from the size minimum. */
  inline: boolean;
}

/** Raw facts of the home page in a mobile viewport (crawl.mobileViewport); the `mobile` indicator judges them. */
export interface MobileFacts {
  url: string;
  /** content of <meta name="viewport">, null when missing. */
  viewportMeta: string | null;
  /** CSS px of the layout viewport and of the document's scrollable width. */
  viewportWidth: number;
  scrollWidth: number;
  /** Characters of visible text per computed font size (px), each with one sample. */
  fontSizes: { px: number; chars: number; selector: string; text: string }[];
  /** Visible interactive elements (the first 400 in document order) with their boxes in CSS px. */
  tapTargets: TapTarget[];
  tapTargetsTotal: number;
  /** Name of a PNG of the phone viewport (Screenshot.name), when one was taken. */
  screenshot?: string;
}

export interface LighthouseFacts {
  url: string;
  lighthouseVersion: string;
  /** 0–1, null when the category could not be scored. */
  categories: { accessibility: number | null; bestPractices: number | null; seo: number | null; performance: number | null };
  runtimeError: { code: string; message: string } | null;
  /** Selected audits that explain mobile findings (viewport, ...): id -> score and title. */
  audits: Record<string, { score: number | null; title: string; displayValue?: string }>;
  durationMs: number;
  /** Lighthouse's own HTML report, gzipped, base64 (plain JSON, so it travels through the queue). The store keeps it
   * apart (Store.lighthouseReport), so stored artifacts, rescore and results never carry it. */
  reportHtmlGz?: string;
}

export interface RobotsFacts {
  url: string;
  /** HTTP status of robots.txt; 0 when it could not be fetched. */
  status: number;
  /** Whether the audit obeyed robots.txt (crawl.respectRobots). */
  respected: boolean;
  /** Pages skipped because robots.txt disallows them. */
  disallowed: string[];
}

export interface TransportFacts {
  requestedUrl: string;
  finalUrl: string;
  redirects: string[];
  https: boolean;
  /** http:// version of the host redirects to https. null when not checked. */
  redirectsToHttps: boolean | null;
  validCertificate: boolean | null;
  hsts: string | null;
}

/** One Tab press on the home page that landed on an element (src/collectors/keyboard.ts). */
export interface FocusStep {
  selector: string;
  tag: string;
  /** Accessible-ish name: aria-label, text, value, title or alt; whitespace collapsed. */
  name: string;
  /** href attribute of a link, as written. */
  href?: string;
  /** For a same-page link (href="#id"): whether the element it points to exists (skip links). */
  fragmentTarget?: boolean;
  region: Region;
  /** Index into KeyboardFacts.menuLinks; -1 when the element is not a menu link. */
  menuIndex: number;
  /** Has a box and is not hidden (visibility, opacity). */
  visible: boolean;
  /** Its box intersects the viewport while focused (the browser scrolls it into view). */
  inViewport: boolean;
  /** The element matched :focus-visible. */
  focusVisibleMatch: boolean;
  /** Styles that differ between the focused and the unfocused state ("outline", "box-shadow", "::after width",
   * "parent background-color", "box" for position/size ...); null when focus never left it. */
  changed: string[] | null;
  /** The focused element's outline and box-shadow, for evidence. */
  focusStyle: string;
  /** An iframe, media element (its controls) or custom element: focus moves inside it, which the page cannot see. */
  frame?: boolean;
  /** Inside an open modal dialog (aria-modal="true" or <dialog open>). */
  inModalDialog?: boolean;
}

/** Tabbing through the home page on the desktop viewport. */
export interface KeyboardFacts {
  url: string;
  maxTabs: number;
  tabsPressed: number;
  /** Visible elements that take focus with Tab at the start (a[href], buttons, fields, tabindex ≥ 0). */
  tabbableCount: number;
  steps: FocusStep[];
  /** cycle: focus went through every element and left the page; budget: maxTabs reached; trap: see `trap`;
   * no-focus: Tab never reached an element; navigated: the page navigated away while tabbing. */
  endedBy: 'cycle' | 'budget' | 'trap' | 'no-focus' | 'navigated';
  /** stuck: focus stayed on one element; cycle: focus went back to an earlier element without leaving the page. */
  trap: { kind: 'stuck' | 'cycle'; steps: number[]; inModalDialog: boolean } | null;
  /** A modal dialog open when tabbing began (cookie consent...): Escape was pressed once to close it. */
  modalAtStart: { selector: string; closedByEscape: boolean } | null;
  /** Links in header and nav (not in the footer), in document order, at most 80. */
  menuLinks: { selector: string; text: string; href: string; region: Region; visible: boolean; tabbable: boolean }[];
  error?: string;
}

export interface LayoutSnapshot {
  /** documentElement.scrollWidth and clientWidth (CSS px). */
  scrollWidth: number;
  clientWidth: number;
  /** Visible elements with text whose content is cut off by overflow hidden/clip. */
  clipped: {
    selector: string;
    text: string;
    fontPx: number;
    clientWidth: number;
    scrollWidth: number;
    clientHeight: number;
    scrollHeight: number;
    ellipsis: boolean;
    /** Not clipped before the text was enlarged (only in `after`). */
    new?: boolean;
  }[];
  clippedTotal: number;
  /** Pairs of text line boxes of different text nodes overlapping by at least `minOverlapRatio` of the smaller one. */
  overlaps: number;
  overlapSamples: { a: string; b: string; textA: string; textB: string; ratio: number }[];
  textBoxes: number;
}

/** The home page before and after its text is enlarged to 200 % (WCAG 1.4.4), desktop viewport. */
export interface TextResizeFacts {
  url: string;
  viewport: { width: number; height: number };
  method: 'root-and-elements';
  /** Share of visible text (by characters) that grew when only the root font-size was doubled: the page honours
   * the reader's font size setting (rem/em/% sizes). */
  rootScaledShare: number;
  /** Share of visible text at ≥ 1.9× its size after enlarging (sanity check of the emulation). */
  enlargedShare: number;
  minOverlapRatio: number;
  before: LayoutSnapshot;
  after: LayoutSnapshot;
  error?: string;
}

export type MotionKind = 'marquee' | 'blink' | 'animation' | 'media' | 'embed' | 'gif' | 'carousel' | 'mutation';

/** One thing on the home page that moves, blinks, plays or updates by itself (or may). */
export interface MotionItem {
  kind: MotionKind;
  selector: string;
  visible: boolean;
  width: number;
  height: number;
  /** Names of buttons and links near it (within a few ancestors): pause controls are matched in the indicator. */
  nearControls: string[];
  /** animation: CSS animation name, transition property or "script"; iterations (null = infinite); ms. */
  animationName?: string;
  animationType?: 'CSSAnimation' | 'CSSTransition' | 'Animation';
  iterations?: number | null;
  durationMs?: number | null;
  /** media: attributes and state after the observation window. */
  tag?: string;
  autoplay?: boolean;
  muted?: boolean;
  controls?: boolean;
  loop?: boolean;
  paused?: boolean;
  mediaDurationS?: number | null;
  captionTracks?: number;
  src?: string;
  /** gif: frames and loop count read from the file (loops 0 = forever), total ms of one loop; null when not read. */
  frames?: number | null;
  loops?: number | null;
  loopMs?: number | null;
  /** carousel: the selector that matched and its data-* attributes (autoplay hints). */
  matched?: string;
  dataAttributes?: Record<string, string>;
  /** carousel and mutation: distinct moments (ms after observation start) at which the DOM inside it changed. */
  changedAt?: number[];
  /** mutation: what changed ("attr:class", "attr:style", "children", "text"). */
  changes?: string[];
}

/** Moving, blinking and auto-updating content of the home page, observed for `windowMs` after load. */
export interface MotionFacts {
  url: string;
  windowMs: number;
  items: MotionItem[];
  /** Every button-like control on the page (buttons, role=button, links to "#"), name and selector, at most 300. */
  controls: { name: string; selector: string }[];
  error?: string;
}

/** A PNG of an element or a page region, for people reading the report (never read by indicators). The store keeps
 * the bytes apart from the other artifacts (Store.saveSite); evidence and artifacts refer to it by `name`. */
export interface Screenshot {
  /** Unique within the site: "axe-<page hash>-<rule id>.png", "mobile-home.png". */
  name: string;
  url: string;
  selector?: string;
  width: number;
  height: number;
  /** PNG, base64 (plain JSON, so it can travel with the artifacts through the queue). */
  png: string;
}

/** Every artifact a collector can produce, by name. Add a field here to add an artifact. */
export interface ArtifactMap {
  pages: PageFacts[];
  axe: AxePage[];
  mobile: MobileFacts;
  lighthouse: LighthouseFacts;
  robots: RobotsFacts;
  transport: TransportFacts;
  keyboard: KeyboardFacts;
  textResize: TextResizeFacts;
  motion: MotionFacts;
  screenshots: Screenshot[];
}
export type ArtifactName = keyof ArtifactMap;

/** A collector that threw leaves this in place of its artifact; the audit goes on. */
export interface CollectorError {
  collectorError: string;
  /** Attempts made, when more than one (a transient failure was tried again). */
  attempts?: number;
  /** The failure looked transient (time-out, aborted navigation, closed tab): the next audit may well measure it. */
  transient?: boolean;
  /** The follow-up measurements of the service (src/service/follow-up.ts) were all used up: this error is final. */
  retriesSpent?: boolean;
}

export type Artifacts = { [K in ArtifactName]?: ArtifactMap[K] | CollectorError };

export function isCollectorError(value: unknown): value is CollectorError {
  return typeof value === 'object' && value !== null && 'collectorError' in value;
}
