// Test hosts that are not loopback, made with a network namespace and a veth pair (needs root and `ip netns`):
//  - a "public" address on the host's end of the veth (TEST-NET-2, 198.51.100.0/24, not in the blocked ranges),
//    where the test serves its attacker pages;
//  - internal addresses inside the namespace (10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16, fc00::/7), routed
//    from the host, with a canary listening on all of them;
//  - a canary on the host's own loopback (127.0.0.1, ::1, 0.0.0.0 all reach it).
// Every connection or datagram a canary sees is a breach. Addresses are derived from the pid so parallel runs differ.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/config.ts';

export interface CanaryHit {
  hit: 'tcp' | 'udp';
  where: 'netns' | 'loopback';
  local?: string;
  remote: string;
}

export interface TestHosts {
  /** Host end of the veth: an address that is neither loopback nor private. */
  publicAddress: string;
  /** Internal addresses inside the namespace, by what they are. */
  internal: { what: string; address: string }[];
  /** Port of both canaries (TCP and UDP). */
  netnsPort: number;
  loopbackPort: number;
  hits: CanaryHit[];
  close(): Promise<void>;
}

const CANARY = join(REPO_ROOT, 'test', 'helpers', 'canary-server.ts');

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function startCanary(where: CanaryHit['where'], command: string, args: string[], hits: CanaryHit[]): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`canary (${where}) exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as { ready?: number } & Omit<CanaryHit, 'where'>;
      if (msg.ready) resolve({ port: msg.ready, child });
      else hits.push({ ...msg, where });
    });
  });
}

export async function makeTestHosts(): Promise<TestHosts> {
  const id = process.pid;
  const ns = `eidx-${id}`;
  const hostIf = `eh${id}`;
  const nsIf = `en${id}`;
  const base = (id % 63) * 4;
  const hostAddr = `198.51.100.${base + 1}`;
  const nsAddr = `198.51.100.${base + 2}`;
  const x = (id % 250) + 1;
  const internal = [
    { what: 'private 10/8', address: `10.77.${x}.5` },
    { what: 'private 172.16/12', address: `172.20.${x}.5` },
    { what: 'private 192.168/16', address: `192.168.${x}.5` },
    { what: 'CGNAT 100.64/10', address: `100.64.${x}.5` },
    { what: 'link-local 169.254/16', address: `169.254.${x}.5` },
    { what: 'unique local fc00::/7', address: `fd77:${x.toString(16)}::5` },
  ];
  const cleanup = () => {
    try {
      ip('netns', 'del', ns);
    } catch {
      // not created
    }
    try {
      ip('link', 'del', hostIf);
    } catch {
      // gone with the namespace
    }
  };
  try {
    ip('netns', 'add', ns);
    ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf, 'netns', ns);
    ip('addr', 'add', `${hostAddr}/30`, 'dev', hostIf);
    ip('-6', 'addr', 'add', `fd78:${x.toString(16)}::1/64`, 'dev', hostIf, 'nodad');
    ip('link', 'set', hostIf, 'up');
    const inNs = (...args: string[]) => ip('netns', 'exec', ns, 'ip', ...args);
    inNs('link', 'set', 'lo', 'up');
    inNs('addr', 'add', `${nsAddr}/30`, 'dev', nsIf);
    inNs('-6', 'addr', 'add', `fd78:${x.toString(16)}::2/64`, 'dev', nsIf, 'nodad');
    inNs('link', 'set', nsIf, 'up');
    inNs('route', 'add', 'default', 'via', hostAddr);
    inNs('-6', 'route', 'add', 'default', 'via', `fd78:${x.toString(16)}::1`);
    for (const { address } of internal) {
      const v6 = address.includes(':');
      inNs(...(v6 ? ['-6'] : []), 'addr', 'add', `${address}/${v6 ? 128 : 32}`, 'dev', nsIf, ...(v6 ? ['nodad'] : []));
      ip(...(v6 ? ['-6'] : []), 'route', 'add', `${address}/${v6 ? 128 : 32}`, 'via', v6 ? `fd78:${x.toString(16)}::2` : nsAddr);
    }
  } catch (err) {
    cleanup();
    throw new Error(`could not make test hosts with ip netns (root and iproute2 needed): ${(err as { stderr?: Buffer }).stderr?.toString() ?? err}`);
  }
  const hits: CanaryHit[] = [];
  const children: ChildProcess[] = [];
  try {
    const nsCanary = await startCanary('netns', 'ip', ['netns', 'exec', ns, process.execPath, CANARY, '0'], hits);
    children.push(nsCanary.child);
    const loCanary = await startCanary('loopback', process.execPath, [CANARY, '0'], hits);
    children.push(loCanary.child);
    return {
      publicAddress: hostAddr,
      internal,
      netnsPort: nsCanary.port,
      loopbackPort: loCanary.port,
      hits,
      async close() {
        for (const c of children) {
          c.removeAllListeners('exit');
          c.kill();
        }
        cleanup();
      },
    };
  } catch (err) {
    for (const c of children) c.kill();
    cleanup();
    throw err;
  }
}
