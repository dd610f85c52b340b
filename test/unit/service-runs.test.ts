// Run and job ids, and artifacts packed for the store queue: pure functions of the service layer (no Redis).
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { packArtifacts, unpackArtifacts } from '../../src/service/queue.ts';
import { auditJobId, checkRunId, nightlyRunId } from '../../src/service/runs.ts';

describe('ids and artifacts', () => {
  test('nightly run ids follow the night in Riga, summer time included', () => {
    expect(nightlyRunId(new Date('2026-11-23T23:30:00Z'), 'Europe/Riga')).toBe('nightly-2026-11-24'); // 01:30 EET
    expect(nightlyRunId(new Date('2026-11-23T21:59:00Z'), 'Europe/Riga')).toBe('nightly-2026-11-23');
    expect(nightlyRunId(new Date('2026-07-01T21:30:00Z'), 'Europe/Riga')).toBe('nightly-2026-07-02'); // 00:30 EEST
  });

  test('job ids are run and target without ":"; bad run ids are refused', () => {
    expect(auditJobId('nightly-2026-11-23', 'vid')).toBe('nightly-2026-11-23__vid');
    expect(auditJobId('nightly-2026-11-23', 'vid')).not.toContain(':');
    expect(() => checkRunId('a:b')).toThrow(ConfigError);
    expect(() => checkRunId('a__b')).toThrow(ConfigError);
    expect(checkRunId('run-20261123T120000Z')).toBe('run-20261123T120000Z');
  });

  test('artifacts travel gzipped and come back equal', () => {
    const artifacts = { robots: { url: 'https://x.lv/robots.txt', status: 200, respected: true, disallowed: [] } };
    expect(unpackArtifacts(packArtifacts(artifacts))).toEqual(artifacts);
    expect(packArtifacts({})).toBeNull();
  });
});
