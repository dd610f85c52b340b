// The shape of the house, checked on every run: each layer imports only layers below it, the import graph has no
// circle, and no source file grows past 400 lines. The layers, lowest first, are listed in README "Architecture".
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../src/config.ts';

/** Layer of a repo-relative source path, lowest first; the first matching prefix wins. */
const LAYERS: [string, string[]][] = [
  ['contract', ['src/types.ts', 'src/artifacts.ts']],
  ['base', ['src/log.ts', 'src/failures.ts', 'src/text/', 'src/targets.ts', 'src/run-id.ts', 'src/errors.ts']],
  ['indicators', ['src/indicators/']],
  ['store', ['src/store/']],
  ['score', ['src/score/']],
  ['config', ['src/config.ts', 'src/config/']],
  ['collectors', ['src/collectors/']],
  ['audit', ['src/audit/', 'dev/']],
  ['publish', ['src/publish/']],
  ['service', ['src/service/']],
  ['entry', ['src/cli.ts', 'src/cli/', 'workers/']],
];
const rank = (file: string): number => {
  const i = LAYERS.findIndex(([, prefixes]) => prefixes.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p)));
  if (i < 0) throw new Error(`${file} belongs to no layer: add it to LAYERS and to README "Architecture"`);
  return i;
};

function sources(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(REPO_ROOT, path)).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}
const FILES = ['src', 'workers', 'dev'].flatMap(sources);

function importsOf(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]!);
  return specs.map((s) => relative(REPO_ROOT, resolve(dirname(join(REPO_ROOT, file)), s)).split('\\').join('/'));
}
const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));

describe('architecture', () => {
  test('every source file belongs to a layer and imports only its own layer or lower ones', () => {
    const upward: string[] = [];
    for (const [file, deps] of GRAPH) for (const dep of deps) if (rank(dep) > rank(file)) upward.push(`${file} → ${dep}`);
    expect(upward).toEqual([]);
  });

  test('only the CLI imports the service layer', () => {
    const service = LAYERS.findIndex(([name]) => name === 'service');
    const importers = [...GRAPH].filter(([file, deps]) => rank(file) !== service && deps.some((d) => rank(d) === service)).map(([f]) => f);
    expect(importers.filter((f) => f !== 'src/cli.ts' && !f.startsWith('src/cli/'))).toEqual([]);
  });

  test('the import graph has no circle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') return void circles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      state.set(file, 'open');
      for (const dep of GRAPH.get(file) ?? []) visit(dep, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of GRAPH.keys()) visit(file, []);
    expect(circles).toEqual([]);
  });

  test('no source file is over 400 lines (the benchmark\'s too)', () => {
    const long = [...FILES, ...sources('bench')].map((f) => [f, readFileSync(join(REPO_ROOT, f), 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > 400);
    expect(long.map(([f, n]) => `${f}: ${n}`)).toEqual([]);
  });
});
