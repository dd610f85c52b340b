// Runs axe-core (WCAG 2.x A/AA rules) in a loaded page and keeps a compact, JSON-serialisable result.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';
import type { AxeContrast, AxePage, AxeRule, Impact } from '../artifacts.ts';
import { shootElements, type ShotBudget } from './screenshots.ts';
import { firstLine } from '../failures.ts';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
let axeSource: string | undefined;

export const AXE_VERSION: string = (require('axe-core/package.json') as { version: string }).version;

/** The WCAG 2.1 A and AA rule tags INDICATORS.md names for the `wcag` indicator. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface RawRule {
  id: string;
  impact: string | null;
  tags: string[];
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string; contrast?: AxeContrast }[];
}

/** Runs inside the page. */
async function runAxe(tags: string[]): Promise<{ violations: RawRule[]; incomplete: RawRule[]; passes: string[] }> {
  const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<Record<string, RawRule[]>> } }).axe;
  const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] });
  const slim = (rules: RawRule[]) =>
    rules.map((rule) => ({
      id: rule.id,
      impact: rule.impact,
      tags: rule.tags,
      help: rule.help,
      helpUrl: rule.helpUrl,
      nodes: rule.nodes.map((n) => {
        // color-contrast: axe's measurement (colours and ratios) is in the check's data; the report quotes it.
        const d = (n as { any?: { id: string; data?: Record<string, unknown> }[] }).any?.find((c) => c.id === 'color-contrast')?.data;
        const contrast =
          d && typeof d.contrastRatio === 'number' && typeof d.fgColor === 'string' && typeof d.bgColor === 'string'
            ? { fg: d.fgColor, bg: d.bgColor, ratio: d.contrastRatio, expected: Number(String(d.expectedContrastRatio).replace(/:1$/, '')) }
            : undefined;
        return { target: n.target, html: n.html.slice(0, 300), failureSummary: n.failureSummary, ...(contrast ? { contrast } : {}) };
      }),
    }));
  return { violations: slim(r.violations!), incomplete: slim(r.incomplete!), passes: r.passes!.map((p) => p.id) };
}

function toRule(raw: RawRule, maxNodes: number): AxeRule {
  return {
    id: raw.id,
    impact: (raw.impact as AxeRule['impact']) ?? null,
    tags: raw.tags,
    help: raw.help,
    helpUrl: raw.helpUrl,
    nodeCount: raw.nodes.length,
    nodes: raw.nodes.slice(0, maxNodes).map((n) => ({
      target: n.target.map(String).join(' '),
      html: n.html,
      ...(n.failureSummary ? { summary: n.failureSummary.slice(0, 300) } : {}),
      ...(n.contrast ? { contrast: n.contrast } : {}),
    })),
  };
}

const IMPACT_ORDER: Impact[] = ['critical', 'serious', 'moderate', 'minor'];

/** With a budget: a clipped screenshot of the first element of the most severe violated rules (see screenshots.ts). */
export async function collectAxe(page: Page, maxNodesPerRule: number, shots?: ShotBudget): Promise<AxePage> {
  const url = page.url();
  // A page that navigates away while axe runs leaves the evaluation waiting on a document that is gone: give up at
  // the navigation, with a reason, instead of at the page limit.
  let onNavigated: ((frame: Frame) => void) | undefined;
  const navigated = new Promise<never>((_, reject) => {
    onNavigated = (frame) => {
      if (frame === page.mainFrame()) reject(new Error(`the page navigated to ${frame.url()} while axe-core ran`));
    };
    page.on('framenavigated', onNavigated);
  });
  navigated.catch(() => undefined);
  try {
    axeSource ??= readFileSync(AXE_PATH, 'utf8');
    await Promise.race([page.evaluate(axeSource), navigated]);
    const raw = await Promise.race([page.evaluate(runAxe, WCAG_TAGS), navigated]);
    const violations = raw.violations.map((r) => toRule(r, maxNodesPerRule));
    if (shots) {
      // Elements inside frames or shadow roots have multi-part targets: no plain selector to find them by.
      const rank = (i: Impact | null) => IMPACT_ORDER.indexOf(i ?? 'minor');
      const items = [...violations]
        .sort((a, b) => rank(a.impact) - rank(b.impact))
        .flatMap((rule) => {
          const rawRule = raw.violations.find((r) => r.id === rule.id);
          const first = rawRule?.nodes[0]?.target;
          return first && first.length === 1 && typeof first[0] === 'string' ? [{ selector: first[0], key: rule.id }] : [];
        });
      const names = await shootElements(page, shots, items);
      for (const rule of violations) {
        const node = rule.nodes[0];
        const name = node ? names.get(node.target) : undefined;
        if (node && name) node.screenshot = name;
      }
    }
    return {
      url,
      violations,
      incomplete: raw.incomplete.map((r) => toRule(r, maxNodesPerRule)),
      passes: raw.passes,
    };
  } catch (err) {
    return { url, violations: [], incomplete: [], passes: [], error: firstLine(err) };
  } finally {
    page.off('framenavigated', onNavigated!);
  }
}
