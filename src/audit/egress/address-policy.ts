// Which addresses the egress proxy may reach: loopback, private, link-local, metadata and other internal ranges are
// refused unless the address or name is on the EINDEX_ALLOW_HOSTS allow-list. Names are resolved here and every
// address they resolve to is checked; the proxy then connects to the checked address (no second lookup, so no DNS
// rebinding).
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
// Address arithmetic (parsing, CIDR matching, embedded IPv4) is ipaddr.js's; the policy (which ranges) is ours.
type Range = { cidr: [Address, number]; what: string };

/** Parses an address (an IPv6 zone id is dropped); null when it is not one. */
function parse(ip: string): Address | null {
  const text = ip.split('%')[0]!;
  return isIP(text) ? ipaddr.parse(text) : null;
}

function inRange(addr: Address, range: Range): boolean {
  const [net] = range.cidr;
  return addr.kind() === net.kind() && addr.match(range.cidr);
}

function range(cidr: string, what: string): Range {
  return { cidr: ipaddr.parseCIDR(cidr), what };
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

const NAT64 = range('64:ff9b::/96', '');
const SIX_TO_FOUR = range('2002::/16', '');

/** IPv4 inside an IPv6 address that reaches it: mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64, 6to4. */
function embeddedV4(addr: Address): ipaddr.IPv4 | null {
  if (addr.kind() !== 'ipv6') return null;
  const v6 = addr as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  const b = v6.toByteArray();
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if ((zero(0, 12) && !zero(12, 16)) || inRange(v6, NAT64)) return ipaddr.fromByteArray(b.slice(12)) as ipaddr.IPv4;
  if (inRange(v6, SIX_TO_FOUR)) return ipaddr.fromByteArray(b.slice(2, 6)) as ipaddr.IPv4;
  return null;
}

/** Why an address must not be reached ("loopback", "private", ...), or null for a public address. */
export function blockedReason(ip: string): string | null {
  const addr = parse(ip);
  if (!addr) return 'not an IP address';
  const v4 = embeddedV4(addr);
  for (const candidate of v4 ? [addr, v4] : [addr]) {
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
      const addr = parse(address);
      if (!addr) return false;
      const v4 = embeddedV4(addr);
      return ranges.some((r) => inRange(addr, r) || (v4 !== null && inRange(v4, r)));
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
