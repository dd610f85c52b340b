// Runs one command as a child process and measures it: wall time, peak RSS of its whole process tree, CPU seconds
// (bench/proc-tree.ts), and the machine's load average before and after (other work on the machine skews numbers).
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { loadavg } from 'node:os';
import { sampleTree, type TreeUsage } from './proc-tree.ts';

export interface Measured extends TreeUsage {
  wallMs: number;
  exitCode: number | null;
  signal: string | null;
  /** 1-minute load average at the start and at the end. */
  load: [number, number];
}

export interface MeasureOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where the child's stdout goes (else it is discarded). */
  stdoutFile?: string;
  /** Where the child's stderr goes (else it is discarded). */
  stderrFile?: string;
  timeoutMs?: number;
}

export async function measure(command: string, args: string[], options: MeasureOptions = {}): Promise<Measured> {
  const loadBefore = loadavg()[0]!;
  const started = performance.now();
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', options.stdoutFile ? 'pipe' : 'ignore', options.stderrFile ? 'pipe' : 'ignore'],
  });
  if (options.stdoutFile) child.stdout!.pipe(createWriteStream(options.stdoutFile));
  if (options.stderrFile) child.stderr!.pipe(createWriteStream(options.stderrFile));
  const sampler = sampleTree(child.pid!);
  const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
  const [exitCode, signal] = await new Promise<[number | null, string | null]>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, sig) => resolve([code, sig]));
  });
  const wallMs = performance.now() - started;
  clearTimeout(timer);
  const usage = sampler.stop();
  return { ...usage, wallMs, exitCode, signal, load: [loadBefore, loadavg()[0]!] };
}
