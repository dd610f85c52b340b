// The sites of the soak run (scripts/soak.ts), in the style of the held-out queued run (issue 14): small ordinary
// sites from the bench's light corpus (bench/corpus-light.ts: Latvian text, a menu, a footer with contacts, social
// links and the link "Piekļūstamības paziņojums" on most of them), and four awkward ones, each an ordinary site with one
// behaviour of dev/site-server.ts:
//   slow             every request answered after 8 s (`latencyMs`)
//   redirect         the home page answers 302 to /sakums/, where the home page lives
//   home-404         the home page answers 404 (the rest of the site is there)
//   robots-disallow  robots.txt is "User-agent: *\nDisallow: /"
// Folder names are the target ids: `soak-01` … for the ordinary sites, `soak-NN-<behaviour>` for the others.
import { cpSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateLightCorpus } from '../../bench/corpus-light.ts';
import { writeCorpus } from '../../bench/corpus.ts';
import type { SiteBehaviour } from '../../dev/site-server.ts';
import type { Target } from '../../src/types.ts';

export const AWKWARD = ['slow', 'redirect', 'home-404', 'robots-disallow'] as const;
export type Awkward = (typeof AWKWARD)[number];

export interface SoakSite {
  /** Folder name and target id. */
  id: string;
  name: string;
  type: Target['type'];
  /** null for an ordinary site. */
  awkward: Awkward | null;
  hasStatement: boolean;
}

export interface SoakSitesOptions {
  /** Sites in all, the four awkward ones included (≥ 5). */
  count: number;
  /** Pages per site (default 5). */
  pages?: number;
  /** Delay of every answer of the slow site (default 8000 ms). */
  slowMs?: number;
}

/** Writes the sites under `root` (one folder per site, for serveSites) and returns them, ordinary ones first. */
export async function writeSoakSites(root: string, opts: SoakSitesOptions): Promise<SoakSite[]> {
  if (!Number.isInteger(opts.count) || opts.count < AWKWARD.length + 1) throw new Error(`soak sites: count must be a whole number ≥ ${AWKWARD.length + 1}, got ${opts.count}`);
  const corpus = generateLightCorpus({ sites: opts.count, pages: opts.pages ?? 5 });
  const staging = join(root, '.staging');
  await writeCorpus(corpus, staging);
  mkdirSync(root, { recursive: true });
  const ordinary = opts.count - AWKWARD.length;
  const out: SoakSite[] = [];
  corpus.sites.forEach((spec, i) => {
    const awkward = i < ordinary ? null : AWKWARD[i - ordinary]!;
    const id = `soak-${String(i + 1).padStart(2, '0')}${awkward ? `-${awkward}` : ''}`;
    const dir = join(root, id);
    renameSync(join(staging, spec.id), dir);
    if (awkward) applyBehaviour(dir, awkward, opts.slowMs ?? 8000);
    out.push({ id, name: spec.name, type: spec.type, awkward, hasStatement: spec.hasStatement });
  });
  rmSync(staging, { recursive: true, force: true });
  return out;
}

function applyBehaviour(dir: string, awkward: Awkward, slowMs: number): void {
  const behaviour = (b: SiteBehaviour) => writeFileSync(join(dir, '_site.json'), JSON.stringify(b, null, 2));
  switch (awkward) {
    case 'slow':
      behaviour({ latencyMs: slowMs });
      break;
    case 'redirect':
      // The home page moves to /sakums/; "/" answers with a redirect there (as many CMS send / to /lv/).
      mkdirSync(join(dir, 'sakums'), { recursive: true });
      cpSync(join(dir, 'index.html'), join(dir, 'sakums', 'index.html'));
      behaviour({ routes: { '/': { status: 302, location: '/sakums/' } } });
      break;
    case 'home-404':
      behaviour({ routes: { '/': { status: 404, file: '404.html' } } });
      break;
    case 'robots-disallow':
      writeFileSync(join(dir, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
      break;
  }
}

/** Targets of the served soak sites, as a targets file holds them. */
export function soakTargets(origins: Record<string, string>, sites: readonly SoakSite[]): Target[] {
  return sites.map((s) => ({ id: s.id, name: s.name, type: s.type, sector: 'VARAM', url: `${origins[s.id]}/` }));
}
