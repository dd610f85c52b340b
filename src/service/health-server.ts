// A small HTTP server for a process that has no API of its own (worker, scheduler): /healthz for the container's
// health check and, where the process has figures, /metrics for Prometheus.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** `check` answers { ok, ... }: 200 when ok, 503 otherwise; a check that throws is a 503 naming the error. */
export async function startHealthServer(
  port: number,
  check: () => Promise<Record<string, unknown> & { ok: boolean }>,
  registry?: Registry,
): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/healthz') {
      check().then(
        (body) => res.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
        (err: unknown) => res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) })),
      );
    } else if (req.url === '/metrics' && registry) {
      void registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
