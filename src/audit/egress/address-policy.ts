// Which addresses the egress proxy may reach: loopback, private, link-local, metadata and other internal ranges are
// refused unless the address or name is on the EINDEX_ALLOW_HOSTS allow-list. Names are resolved here and every
// address they resolve to is checked; the proxy then connects to the checked address (no second lookup, so no DNS
// rebinding).
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

type Range = { bytes: number[]; prefix: number; what: string };

function v4Bytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** 16 bytes of an IPv6 address (with an optional dotted IPv4 tail); no zone id. */
function v6Bytes(ip: string): number[] {
  let text = ip.split('%')[0]!.toLowerCase();
  let tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail = v4Bytes(dotted[1]!);
    text = text.slice(0, -dotted[1]!.length) + '0:0';
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...Array(8 - h.length - r.length).fill('0'), ...r];
  const bytes = groups.flatMap((g) => {
    const n = parseInt(g || '0', 16);
    return [n >> 8, n & 0xff];
  });
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function inRange(bytes: number[], range: Range): boolean {
  if (bytes.length !== range.bytes.length) return false;
  for (let bit = 0; bit < range.prefix; bit++) {
    const i = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((bytes[i]! & mask) !== (range.bytes[i]! & mask)) return false;
  }
  return true;
}

function range(cidr: string, what: string): Range {
  const [ip, prefix] = cidr.split('/') as [string, string];
  return { bytes: isIP(ip) === 4 ? v4Bytes(ip) : v6Bytes(ip), prefix: Number(prefix), what };
}

/** Not reachable from the public internet, or reaching this machine: never a target of an audit. */
const BLOCKED: Range[] = [
  range('169.254.169.254/32', 'a cloud metadata address'),
  range('0.0.0.0/8', 'unspecified (this host)'),
  range('127.0.0.0/8', 'loopback'),
  range('10.0.0.0/8', 'private'),
  range('172.16.0.0/12', 'private'),
  range('192.168.0.0/16', 'private'),
  range('169.254.0.0/16', 'link-local'),
  range('100.64.0.0/10', 'shared address space (CGNAT)'),
  range('192.0.0.0/24', 'IETF protocol assignments'),
  range('198.18.0.0/15', 'benchmarking'),
  range('224.0.0.0/4', 'multicast'),
  range('240.0.0.0/4', 'reserved'),
  range('fd00:ec2::254/128', 'a cloud metadata address'),
  range('::/128', 'unspecified (this host)'),
  range('::1/128', 'loopback'),
  range('fc00::/7', 'private (unique local)'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'site-local'),
  range('ff00::/8', 'multicast'),
];

/** IPv4 inside an IPv6 address that reaches it: mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64, 6to4. */
function embeddedV4(bytes: number[]): number[] | null {
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12);
  if (zero(0, 12) && !zero(12, 16)) return bytes.slice(12);
  if (inRange(bytes, range('64:ff9b::/96', ''))) return bytes.slice(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6);
  return null;
}

/** Why an address must not be reached ("loopback", "private", ...), or null for a public address. */
export function blockedReason(ip: string): string | null {
  const family = isIP(ip.split('%')[0]!);
  if (family === 0) return 'not an IP address';
  const bytes = family === 4 ? v4Bytes(ip) : v6Bytes(ip);
  const v4 = family === 6 ? embeddedV4(bytes) : null;
  for (const candidate of v4 ? [bytes, v4] : [bytes]) {
    const hit = BLOCKED.find((r) => inRange(candidate, r));
    if (hit) return hit.what;
  }
  return null;
}

export interface AllowList {
  names: Set<string>;
  ranges: Range[];
  has(host: string, address: string): boolean;
}

export class AllowListError extends Error {
  override name = 'AllowListError';
}

/** EINDEX_ALLOW_HOSTS: comma-separated host names, IPs or CIDRs that may be reached although internal. */
export function parseAllowList(text: string | undefined): AllowList {
  const names = new Set<string>();
  const ranges: Range[] = [];
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
    if (!entry) continue;
    if (entry.includes('/')) {
      const [ip, prefix] = entry.split('/') as [string, string];
      const family = isIP(ip);
      const max = family === 4 ? 32 : 128;
      if (!family || !/^\d+$/.test(prefix) || Number(prefix) > max) {
        throw new AllowListError(`EINDEX_ALLOW_HOSTS: "${raw.trim()}" is not a valid CIDR (expected e.g. 10.1.0.0/16 or fd00::/8)`);
      }
      ranges.push(range(entry, 'allowed'));
    } else if (isIP(entry)) {
      ranges.push(range(`${entry}/${isIP(entry) === 4 ? 32 : 128}`, 'allowed'));
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/.test(entry)) {
      names.add(entry.replace(/\.$/, ''));
    } else {
      throw new AllowListError(`EINDEX_ALLOW_HOSTS: "${raw.trim()}" is neither a host name, an IP address nor a CIDR`);
    }
  }
  return {
    names,
    ranges,
    has(host, address) {
      if (names.has(host.toLowerCase().replace(/\.$/, ''))) return true;
      const family = isIP(address);
      if (!family) return false;
      const bytes = family === 4 ? v4Bytes(address) : v6Bytes(address);
      const v4 = family === 6 ? embeddedV4(bytes) : null;
      return ranges.some((r) => inRange(bytes, r) || (v4 !== null && inRange(v4, r)));
    },
  };
}

export type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: Lookup = (host) => dnsLookup(host, { all: true, verbatim: true });

export type EgressFailure = 'blocked' | 'dns' | 'connection-refused' | 'timeout';

export class EgressRefusal extends Error {
  override name = 'EgressRefusal';
  readonly failure: EgressFailure;
  readonly address: string | null;
  constructor(failure: EgressFailure, message: string, address: string | null = null) {
    super(message);
    this.failure = failure;
    this.address = address;
  }
}

/** URL-parser spelling of a host: decimal, octal and hex IPv4 become dotted; brackets go. */
export function normalHost(host: string): string {
  let h = host.trim();
  try {
    h = new URL(`http://${h.includes(':') && !h.startsWith('[') ? `[${h}]` : h}/`).hostname;
  } catch {
    // leave it: the lookup will fail with a clear error
  }
  return h.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/**
 * The address to connect to for `host`, after checking every address it resolves to. Throws EgressRefusal with a
 * message naming the address and the reason ("address 10.0.0.5 is private (not in EINDEX_ALLOW_HOSTS)").
 */
export async function resolveChecked(host: string, allow: AllowList, lookup: Lookup = systemLookup): Promise<{ address: string; family: number }> {
  const name = normalHost(host);
  let addresses: { address: string; family: number }[];
  if (isIP(name)) {
    addresses = [{ address: name, family: isIP(name) }];
  } else {
    try {
      addresses = await lookup(name);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'ENOTFOUND';
      throw new EgressRefusal('dns', `${name}: name not resolved (${code})`);
    }
    if (addresses.length === 0) throw new EgressRefusal('dns', `${name}: name not resolved (no addresses)`);
  }
  for (const a of addresses) {
    const reason = blockedReason(a.address);
    if (reason && !allow.has(name, a.address)) {
      const what = isIP(name) ? `address ${a.address}` : `${name} resolves to ${a.address}, which`;
      throw new EgressRefusal('blocked', `${what} is ${reason} (not in EINDEX_ALLOW_HOSTS)`, a.address);
    }
  }
  return addresses[0]!;
}

/** Adds entries to EINDEX_ALLOW_HOSTS for this process and its children: the demo and tests serve on 127.0.0.1. */
export function allowHosts(...entries: string[]): void {
  const current = (process.env.EINDEX_ALLOW_HOSTS ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  for (const e of entries) if (!current.includes(e)) current.push(e);
  process.env.EINDEX_ALLOW_HOSTS = current.join(',');
}
