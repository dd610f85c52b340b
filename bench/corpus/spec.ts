// The shape of a benchmark corpus (bench/corpus.ts, bench/corpus-light.ts): what each site has and what was planted.
import type { TargetType } from '../../src/types.ts';

export interface CorpusOptions {
  sites: number;
  pages: number;
  seed?: number;
}

/** A WCAG problem planted on purpose, by the axe rule that must report it. */
export interface Planted {
  path: string;
  rule: 'image-alt' | 'color-contrast' | 'label' | 'link-name' | 'button-name' | 'html-has-lang';
}

export interface SitePage {
  path: string;
  title: string;
  role: 'home' | 'statement' | 'contacts' | 'sitemap' | 'participation' | 'content';
  /** Bytes (UTF-8) of the page's visible text, as visibleText() reads it. */
  textBytes: number;
}

export interface SiteSpec {
  /** Target id and folder name, e.g. "s01". */
  id: string;
  name: string;
  type: TargetType;
  pages: SitePage[];
  hasStatement: boolean;
  menuLinks: number;
  socialLinks: number;
  planted: Planted[];
}

export interface Corpus {
  options: Required<CorpusOptions>;
  sites: SiteSpec[];
  /** Folder name of the third-party origin (fonts, script library, analytics). */
  cdn: string;
  /** Folder -> path inside the folder -> content. Text files may hold {{origin}} / {{origin:NAME}} (dev/site-server.ts). */
  files: Map<string, Map<string, string | Uint8Array>>;
}

export const CDN = 'zz-cdn';
export const DEFAULT_SEED = 20261123;
