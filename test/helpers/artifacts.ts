// Reads recorded artifacts (test/fixtures/artifacts/recorded/<site>.json, made by `npm run record-artifacts`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/config.ts';
import type { ArtifactMap, Artifacts } from '../../src/artifacts.ts';
import { isCollectorError } from '../../src/artifacts.ts';

export function recorded(site: string): Artifacts {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'artifacts', 'recorded', `${site}.json`), 'utf8')) as Artifacts;
}

/** One artifact of a recorded site; fails the test if the recording holds an error in its place. */
export function recordedArtifact<K extends keyof ArtifactMap>(site: string, name: K): ArtifactMap[K] {
  const value = recorded(site)[name];
  if (value === undefined || isCollectorError(value)) throw new Error(`recorded ${site}.json has no usable "${name}" artifact`);
  return value as ArtifactMap[K];
}
