#!/usr/bin/env node
// The image's HEALTHCHECK: asks the role's /healthz (serve: its API port; worker: --metrics-port; scheduler:
// --health-port). EINDEX_HEALTH_URL names it; compose.yaml sets it per role. Exit 0 healthy, 1 not.
const url = process.env.EINDEX_HEALTH_URL ?? 'http://127.0.0.1:8080/healthz';
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
