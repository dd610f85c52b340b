// Runs axe-core (WCAG 2.x A/AA rules) in a loaded page and keeps a compact, JSON-serialisable result.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxePage, AxeRule } from '../types.ts';

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
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
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
      nodes: rule.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 300), failureSummary: n.failureSummary })),
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
    })),
  };
}

export async function collectAxe(page: Page, maxNodesPerRule: number): Promise<AxePage> {
  const url = page.url();
  try {
    axeSource ??= readFileSync(AXE_PATH, 'utf8');
    await page.evaluate(axeSource);
    const raw = await page.evaluate(runAxe, WCAG_TAGS);
    return {
      url,
      violations: raw.violations.map((r) => toRule(r, maxNodesPerRule)),
      incomplete: raw.incomplete.map((r) => toRule(r, maxNodesPerRule)),
      passes: raw.passes,
    };
  } catch (err) {
    return { url, violations: [], incomplete: [], passes: [], error: (err as Error).message.split('\n')[0]!.slice(0, 300) };
  }
}
