// The container set-up on paper (no Docker engine here): base images pinned by digest, a health check for every
// long-running service, and the fonts the reflow checks rely on.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';

const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
const compose = parse(readFileSync(new URL('../../compose.yaml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: unknown; healthcheck?: unknown; command?: string[]; environment?: Record<string, string> }>;
};
const DIGEST = /@sha256:[0-9a-f]{64}$/;

describe('Dockerfile', () => {
  test('every FROM is a digest-pinned image (directly or through an ARG)', () => {
    const args = Object.fromEntries([...dockerfile.matchAll(/^ARG (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]!.replace(/^\$\{(\w+)\}$/, (_, name: string) => args[name] ?? name));
    expect(froms.length).toBeGreaterThan(0);
    for (const image of froms) expect(image).toMatch(DIGEST);
  });

  test('health check, eindex on PATH, fonts with Arial/Times metrics and wide coverage', () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK .*bin\/healthcheck\.js/m);
    expect(dockerfile).toMatch(/ln -s \/app\/bin\/eindex\.js \/usr\/local\/bin\/eindex/);
    for (const pkg of ['fonts-liberation2', 'fonts-noto-core', 'chromium']) expect(dockerfile).toContain(pkg);
  });
});

describe('compose.yaml', () => {
  const services = Object.entries(compose.services);

  test('third-party images pinned by digest; our roles build the local image', () => {
    for (const [name, s] of services) {
      if (s.build) expect(s.image, name).toBe('eindex:latest');
      else expect(s.image, name).toMatch(DIGEST);
    }
  });

  test('every service has a health check: its own, or the image HEALTHCHECK pointed at the role\'s /healthz', () => {
    for (const [name, s] of services) {
      if (s.healthcheck) continue;
      expect(s.build, `${name} has neither a healthcheck nor the image's`).toBeTruthy();
      const url = s.environment?.EINDEX_HEALTH_URL ?? 'http://127.0.0.1:8080/healthz';
      const port = /:(\d+)\/healthz$/.exec(url)?.[1];
      const cmd = (s.command ?? []).join(' ');
      // The role must listen where the health check asks.
      if (cmd.startsWith('serve')) expect(cmd, name).toContain(`--port ${port}`);
      else expect(cmd, name).toMatch(new RegExp(`--(metrics|health)-port ${port}`));
    }
  });
});
