// Memory and CPU of a process tree, read from /proc: every `intervalMs` the RSS of the root process and all its
// descendants (by parent pid) is summed; the peak is kept. CPU seconds are the last utime+stime seen per process,
// summed over every process seen (a process that exits between two samples loses at most one interval of CPU).
// RSS counts pages shared between processes (libraries, Chromium's shared memory) once per process: it is what `ps`
// and most tools report for a tree, and an upper bound of what the tree needs. PSS (proportional set size, shared
// pages divided among the processes sharing them) is closer to what the tree costs the machine; reading it
// (/proc/PID/smaps_rollup) is expensive, so it is read only near the RSS peak (RSS ≥ 95 % of the peak so far), at most
// once a second: `peakPssBytes` is the PSS of the tree around the RSS peak, a close estimate of the PSS peak.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const PAGE_SIZE = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim()) || 4096;
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface Stat {
  pid: number;
  ppid: number;
  cpuTicks: number;
  rssPages: number;
}

function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is state (field 3 of proc(5)); ppid is field 4, utime 14, stime 15, rss 24.
    return { pid, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]), rssPages: Number(fields[21]) };
  } catch {
    return null;
  }
}

/** The root and its descendants, now. */
export function treeStats(root: number): Stat[] {
  const all: Stat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) all.push(s);
  }
  const children = new Map<number, Stat[]>();
  for (const s of all) {
    const list = children.get(s.ppid);
    if (list) list.push(s);
    else children.set(s.ppid, [s]);
  }
  const rootStat = all.find((s) => s.pid === root);
  if (!rootStat) return [];
  const out: Stat[] = [rootStat];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!.pid) ?? []));
  return out;
}

/** What a process is, from its command line: Chromium's --type= switch, "browser" for Chromium without one. */
function processKind(pid: number): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/); // a renamed process has spaces
    const type = args.find((a) => a.startsWith('--type='))?.slice(7);
    if (type) return type === 'gpu-process' ? 'gpu' : type;
    if (/chrom/.test(args[0] ?? '')) return 'browser';
    return /node/.test(args[0] ?? '') ? 'node' : 'other';
  } catch {
    return 'other';
  }
}

function readPss(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export interface TreeUsage {
  /** CPU seconds per kind of process: node, browser, renderer, gpu, utility (network, storage), other. */
  cpuByKind: Record<string, number>;
  /** PSS MB per kind of process at the PSS peak, and how many processes of each kind. */
  pssByKindAtPeak: Record<string, { mb: number; n: number }>;
  peakRssBytes: number;
  peakPssBytes: number;
  /** Most processes in the tree at once. */
  peakProcesses: number;
  cpuSeconds: number;
  samples: number;
}

export interface TreeSampler {
  stop(): TreeUsage;
}

export function sampleTree(root: number, intervalMs = 200): TreeSampler {
  let peakRss = 0;
  let peakPss = 0;
  let lastPss = 0;
  let peakProcesses = 0;
  let samples = 0;
  const cpu = new Map<number, number>();
  const kinds = new Map<number, string>();
  let pssByKind: Record<string, { mb: number; n: number }> = {};
  const sample = () => {
    const stats = treeStats(root);
    if (stats.length === 0) return;
    samples++;
    let rss = 0;
    for (const s of stats) {
      rss += s.rssPages * PAGE_SIZE;
      cpu.set(s.pid, Math.max(cpu.get(s.pid) ?? 0, s.cpuTicks));
      // A zygote's child starts with its parent's command line and rewrites it: read again until it says its type.
      const kind = kinds.get(s.pid);
      if (kind === undefined || kind === 'browser' || kind === 'zygote' || kind === 'other') kinds.set(s.pid, processKind(s.pid));
    }
    peakRss = Math.max(peakRss, rss);
    if (rss >= 0.95 * peakRss && Date.now() - lastPss >= 1000) {
      lastPss = Date.now();
      const byKind: Record<string, { mb: number; n: number }> = {};
      let pss = 0;
      for (const s of stats) {
        const bytes = readPss(s.pid);
        pss += bytes;
        const k = (byKind[kinds.get(s.pid) ?? 'other'] ??= { mb: 0, n: 0 });
        k.mb += Math.round(bytes / 2 ** 20);
        k.n++;
      }
      if (pss > peakPss) {
        peakPss = pss;
        pssByKind = byKind;
      }
    }
    peakProcesses = Math.max(peakProcesses, stats.length);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      let ticks = 0;
      const cpuByKind: Record<string, number> = {};
      for (const [pid, t] of cpu) {
        ticks += t;
        const kind = kinds.get(pid) ?? 'other';
        cpuByKind[kind] = Math.round(((cpuByKind[kind] ?? 0) + t / CLK_TCK) * 10) / 10;
      }
      return { cpuByKind, pssByKindAtPeak: pssByKind, peakRssBytes: peakRss, peakPssBytes: peakPss, peakProcesses, cpuSeconds: ticks / CLK_TCK, samples };
    },
  };
}
