// The home-page collectors, declared: what each needs, and the artifact it returns. The home track (src/audit/home.ts)
// provides what they need and stores each artifact under its id; a collector that throws leaves a CollectorError.
// Listed in the order their artifacts are stored. The pages, axe, robots, transport and screenshots artifacts come
// from the crawl itself (src/audit/crawl/).
import type { Page } from 'playwright-core';
import type { ArtifactMap } from '../artifacts.ts';
import type { CrawlConfig } from '../config.ts';
import { collectKeyboard } from './keyboard.ts';
import { runLighthouse } from './lighthouse.ts';
import { collectMobile } from './mobile.ts';
import { collectMotion } from './motion.ts';
import type { ShotBudget } from './screenshots.ts';
import { collectTextResize } from './text-resize.ts';

/**
 * What a collector needs: the desktop home page, the home page on a phone, or Chromium itself (Lighthouse drives its
 * own tab; it runs in the process's Lighthouse lane while the others work). The desktop collectors share one home
 * page, one after the other in this list's order (the crawl's own page when it is still open, else one loaded
 * afresh): motion first, as it only watches; keyboard next, whose focus and scrolling are undone before the next one;
 * text resize last, as it enlarges every font. A collector tried again gets a page of its own, loaded afresh.
 */
export type Need = 'desktop-home' | 'phone-home' | 'chromium';

export interface CollectorContext {
  homeUrl: string;
  crawl: CrawlConfig;
  shots: ShotBudget;
  /** The debugging ports of the Chromiums Lighthouse may use (the auditing one first) and the phone user agent. */
  chromium: { ports: readonly number[]; mobileUserAgent: string };
}

type Artifact<K extends keyof ArtifactMap> = Promise<ArtifactMap[K]>;

/** Collectors of a page: given the home page loaded as they need it (desktop or phone). */
interface PageCollector<K extends keyof ArtifactMap> {
  id: K;
  needs: 'desktop-home' | 'phone-home';
  collect(ctx: CollectorContext & { page: Page }): Artifact<K>;
}

/** Collectors of Chromium itself; `enabled` false for this crawl config means no run and no artifact. */
interface ChromiumCollector<K extends keyof ArtifactMap> {
  id: K;
  needs: 'chromium';
  enabled(crawl: CrawlConfig): boolean;
  collect(ctx: CollectorContext): Artifact<K>;
}

export type Collector = { [K in keyof ArtifactMap]: PageCollector<K> | ChromiumCollector<K> }[keyof ArtifactMap];

export const HOME_COLLECTORS: readonly Collector[] = [
  { id: 'mobile', needs: 'phone-home', collect: ({ page, shots }) => collectMobile(page, shots) },
  { id: 'motion', needs: 'desktop-home', collect: ({ page, crawl }) => collectMotion(page, { windowMs: crawl.timings.motionWindowMs }) },
  { id: 'keyboard', needs: 'desktop-home', collect: ({ page, crawl }) => collectKeyboard(page, { maxTabs: crawl.timings.maxTabPresses }) },
  { id: 'textResize', needs: 'desktop-home', collect: ({ page, crawl }) => collectTextResize(page, { settleMs: crawl.timings.textResizeSettleMs }) },
  {
    id: 'lighthouse',
    needs: 'chromium',
    enabled: (crawl) => crawl.lighthouse.enabled,
    collect: ({ homeUrl, crawl, chromium }) =>
      runLighthouse(homeUrl, {
        port: chromium.ports[0]!,
        morePorts: chromium.ports.slice(1),
        userAgent: chromium.mobileUserAgent,
        timeoutMs: crawl.lighthouse.timeoutMs,
        skipUnweighted: crawl.lighthouse.skipUnweightedAudits,
        settings: crawl.lighthouse.settings,
      }),
  },
];
