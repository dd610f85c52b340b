// Where the project's time goes, from the instrumented run (bench/instrument.ts) and the saved artifacts:
// per audited page (load, networkidle settle, page facts, axe) and per site (robots.txt, home page, role pages,
// role-path probes, the other pages, the phone context, keyboard, text resize, motion, Lighthouse).
import type { ProjectOutput } from './project.ts';
import type { SiteSpec } from './corpus/spec.ts';
import type { PageRecord } from './instrument.ts';

export interface Stat {
  n: number;
  p50: number;
  p90: number;
  mean: number;
  /** Sum in seconds. */
  sumS: number;
}

export function stat(values: number[]): Stat {
  const v = [...values].sort((a, b) => a - b);
  const q = (p: number) => (v.length ? v[Math.min(v.length - 1, Math.floor(p * v.length))]! : 0);
  const sum = v.reduce((s, x) => s + x, 0);
  return { n: v.length, p50: q(0.5), p90: q(0.9), mean: v.length ? sum / v.length : 0, sumS: sum / 1000 };
}

export const PAGE_STEPS = ['newPage', 'load', 'settle', 'facts', 'axeInject', 'axeRun', 'close', 'page'] as const;
export const SITE_STEPS = [
  'robots', 'home', 'rolePages', 'pathProbes', 'otherPages', 'mobile', 'keyboard', 'textResize', 'motion', 'lighthouse', 'lighthouseWait', 'rest', 'site',
] as const;

export interface Profile {
  /** Per audited desktop page, milliseconds. */
  page: Record<(typeof PAGE_STEPS)[number], Stat>;
  /** Per site, milliseconds (sequential phases of auditSite; otherPages is the wall time of the pages loaded in parallel). */
  site: Record<(typeof SITE_STEPS)[number], Stat>;
  /** Role-path probes (HEAD-like GETs of guessed paths) per site. */
  probesPerSite: Stat;
  /** Sum of each site phase over the sum of site times. */
  share: Record<string, number>;
}

const ms = (a: number, b: number) => Math.max(0, b - a);

export function profile(output: ProjectOutput, origins: Record<string, string>, specs: SiteSpec[]): Profile {
  const siteOf = (url: string) => {
    try {
      return origins[new URL(url).origin] ?? null;
    } catch {
      return null;
    }
  };
  const { pages, requests, contexts } = output.recording;
  const perPage: Record<string, number[]> = Object.fromEntries(PAGE_STEPS.map((s) => [s, []]));
  const perSite: Record<string, number[]> = Object.fromEntries(SITE_STEPS.map((s) => [s, []]));
  const probes: number[] = [];
  const closedOf = (p: (typeof pages)[number]) => p.closed || contexts[p.context]?.closed || p.created;

  for (const site of output.sites) {
    const spec = specs.find((s) => s.id === site.id);
    if (!spec || site.status !== 'ok') continue;
    const mine = pages.filter((p) => siteOf(p.url) === site.id);
    const audit = mine.filter((p) => !p.mobile && p.ops['eval:readPage'] !== undefined);
    for (const p of audit) {
      const o = p.ops;
      perPage.newPage!.push(ms(p.created, p.gotoStart ?? p.created));
      perPage.load!.push(o.goto ?? 0);
      perPage.settle!.push(o.settle ?? 0);
      perPage.facts!.push(o['eval:readPage'] ?? 0);
      perPage.axeInject!.push(o['eval:script'] ?? 0);
      perPage.axeRun!.push(o['eval:runAxe'] ?? 0);
      perPage.page!.push(ms(p.created, closedOf(p)));
      const busy = (o.goto ?? 0) + (o.settle ?? 0) + (o['eval:readPage'] ?? 0) + (o['eval:script'] ?? 0) + (o['eval:runAxe'] ?? 0);
      perPage.close!.push(Math.max(0, ms(p.created, closedOf(p)) - ms(p.created, p.gotoStart ?? p.created) - busy));
    }
    const pathOf = (u: string) => new URL(u).pathname;
    const roleOf = (u: string) => spec.pages.find((sp) => sp.path === pathOf(u))?.role ?? 'content';
    const home = audit.find((p) => pathOf(p.url) === '/');
    const roles = audit.filter((p) => p !== home && roleOf(p.url) !== 'content');
    const others = audit.filter((p) => p !== home && roleOf(p.url) === 'content');
    const reqs = requests.filter((r) => siteOf(r.url) === site.id);
    const robots = reqs.filter((r) => pathOf(r.url) === '/robots.txt');
    const probeReqs = reqs.filter((r) => pathOf(r.url) !== '/robots.txt');
    const span = (list: { start: number; end: number }[]) => (list.length ? ms(Math.min(...list.map((x) => x.start)), Math.max(...list.map((x) => x.end))) : 0);
    const life = (list: typeof pages) => list.map((p) => ({ start: p.created, end: closedOf(p) }));
    const mobilePage = mine.find((p) => p.mobile);
    const mobileCtx = mobilePage ? contexts[mobilePage.context] : undefined;
    const withOp = (op: string) => mine.find((p) => !p.mobile && p.ops[op] !== undefined);
    const keyboard = withOp('eval:startTabbing');
    const textResize = withOp('eval:enlarge');
    const motion = withOp('eval:observeMotion');
    const lhMs = site.lighthouse && 'durationMs' in site.lighthouse ? site.lighthouse.durationMs : 0;
    const total = ms(site.startedAt, site.savedAt);
    perSite.robots!.push(span(robots));
    perSite.home!.push(home ? ms(home.created, closedOf(home)) : 0);
    perSite.rolePages!.push(life(roles).reduce((s, x) => s + ms(x.start, x.end), 0));
    perSite.pathProbes!.push(probeReqs.reduce((s, r) => s + ms(r.start, r.end), 0));
    probes.push(probeReqs.length);
    perSite.otherPages!.push(span(life(others)));
    perSite.mobile!.push(mobileCtx ? ms(mobileCtx.created, mobileCtx.closed ?? mobileCtx.created) : 0);
    // On the crawl's home page, which the desktop collectors share, a collector's time is that of its own operations.
    const took = (p: PageRecord | undefined, ops: string[]) =>
      !p ? 0 : p === home ? ops.reduce((sum, op) => sum + (p.ops[op] ?? 0), 0) : ms(p.created, closedOf(p));
    perSite.keyboard!.push(took(keyboard, ['keyboard', 'eval:openModal', 'eval:startTabbing', 'eval:readStep']));
    perSite.textResize!.push(took(textResize, ['eval:measure', 'eval:enlarge']));
    perSite.motion!.push(took(motion, ['eval:observeMotion']));
    perSite.lighthouse!.push(lhMs);
    const afterMotion = motion ? ms(closedOf(motion), site.savedAt) : 0;
    perSite.lighthouseWait!.push(Math.max(0, afterMotion - lhMs));
    perSite.site!.push(total);
    const accounted = SITE_STEPS.filter((s) => s !== 'rest' && s !== 'site' && s !== 'lighthouseWait').reduce((s, k) => s + perSite[k]!.at(-1)!, 0) + perSite.lighthouseWait!.at(-1)!;
    perSite.rest!.push(Math.max(0, total - accounted));
  }
  const siteStats = Object.fromEntries(SITE_STEPS.map((s) => [s, stat(perSite[s]!)])) as Profile['site'];
  const totalS = siteStats.site.sumS || 1;
  return {
    page: Object.fromEntries(PAGE_STEPS.map((s) => [s, stat(perPage[s]!)])) as Profile['page'],
    site: siteStats,
    probesPerSite: stat(probes),
    share: Object.fromEntries(SITE_STEPS.filter((s) => s !== 'site').map((s) => [s, siteStats[s].sumS / totalS])),
  };
}
