// Politeness toward the audited hosts, keyed one way everywhere: the CLI (one process) holds its per-host audit slots
// here; the queue service holds its slots in Redis (src/service/host-slots.ts) under the same key; requests within an
// audit are paced by the egress proxy (src/audit/egress/).
import pLimit from 'p-limit';

/** A host name as one site: lower-case, without a leading "www." and without a trailing dot. Throws on a non-URL. */
export function siteName(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
}

/**
 * The key politeness counts a host by: lower-case host with a non-default port, without "www." and a trailing dot,
 * so www.example.lv and example.lv share a slot. A string that is no URL is its own key.
 */
export function hostKey(url: string): string {
  try {
    const port = new URL(url).port;
    return port ? `${siteName(url)}:${port}` : siteName(url);
  } catch {
    return url;
  }
}

/** Audits in flight per host key in this process. */
const perHost = new Map<string, { limit: ReturnType<typeof pLimit>; users: number }>();

/** CLI mode: runs `audit` when fewer than `size` audits of the target's host run in this process. */
export async function withHostSlot<T>(url: string, size: number, audit: () => Promise<T>): Promise<T> {
  const key = hostKey(url);
  let slot = perHost.get(key);
  if (!slot || slot.limit.concurrency !== size) {
    slot = { limit: pLimit(size), users: 0 };
    perHost.set(key, slot);
  }
  const s = slot;
  s.users++;
  try {
    return await s.limit(audit);
  } finally {
    if (--s.users === 0 && perHost.get(key) === s) perHost.delete(key);
  }
}
