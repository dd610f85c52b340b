// The axe-core rules behind an aspect as checks.
import type { Evidence } from '../../types.ts';
import type { AxePage } from '../../artifacts.ts';
import type { Check, LvAspectsOptions } from './aspects.ts';
import { clip } from './check-helpers.ts';

function ruleMatches(pattern: string, id: string): boolean {
  return pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : pattern === id;
}

/** One check per axe rule of the aspect found on any page (violated, incomplete or passed); passed rules merged. */
export function axeChecks(axe: readonly AxePage[], patterns: readonly string[], o: LvAspectsOptions): Check[] {
  const audited = axe.filter((p) => !p.error);
  if (audited.length === 0) return [{ id: 'axe', outcome: 'needs-review', evidence: [{ url: axe[0]?.url ?? '', text: 'axe-core neizpildījās nevienā lapā / axe-core ran on no page' }] }];
  const matches = (id: string) => patterns.some((p) => ruleMatches(p, id));
  const violated = new Map<string, Evidence[]>();
  const incomplete = new Map<string, Evidence[]>();
  const passed = new Map<string, number>();
  for (const page of audited) {
    for (const rule of page.violations) {
      if (!matches(rule.id)) continue;
      const list = violated.get(rule.id) ?? [];
      const node = rule.nodes[0];
      list.push({ url: page.url, ...(node ? { selector: node.target } : {}), text: `${rule.id}: ${rule.help} (${rule.nodeCount} el.)` });
      violated.set(rule.id, list);
    }
    for (const rule of page.incomplete) {
      if (!matches(rule.id)) continue;
      const list = incomplete.get(rule.id) ?? [];
      const node = rule.nodes[0];
      list.push({ url: page.url, ...(node ? { selector: node.target } : {}), text: `${rule.id}: jāpārbauda / needs review: ${rule.help} (${rule.nodeCount} el.)` });
      incomplete.set(rule.id, list);
    }
    for (const id of page.passes) if (matches(id)) passed.set(id, (passed.get(id) ?? 0) + 1);
  }
  const checks: Check[] = [];
  for (const [id, evidence] of violated) checks.push({ id: `axe:${id}`, outcome: 'fail', evidence: clip(evidence, o.maxEvidencePerCheck) });
  for (const [id, evidence] of incomplete) {
    if (!violated.has(id)) checks.push({ id: `axe:${id}`, outcome: 'needs-review', evidence: clip(evidence, o.maxEvidencePerCheck) });
  }
  const clean = [...passed.keys()].filter((id) => !violated.has(id) && !incomplete.has(id)).sort();
  if (clean.length > 0) {
    checks.push({
      id: `axe:${clean.join(',')}`,
      outcome: 'pass',
      evidence: [{ url: audited[0]!.url, text: `axe: ${clean.map((id) => `${id} (${passed.get(id)} lp.)`).join(', ')} izpildīti / passed on ${audited.length} audited pages` }],
    });
  }
  return checks;
}
