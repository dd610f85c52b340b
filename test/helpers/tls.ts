// Test-only TLS certificates, made with openssl at test time (never committed): a self-signed one and an expired one,
// both for 127.0.0.1, for fixture sites served over https (serveSites' `tls` option).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
  key: string;
  cert: string;
}

const CA_CONFIG = `[ca]
default_ca = test
[test]
dir = .
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
copy_extensions = copy
[any]
commonName = supplied
`;

/** A self-signed certificate valid now, and a self-signed one that expired in 2020 (openssl ca sets the dates). */
export function testCertificates(): { selfSigned: KeyPair; expired: KeyPair } {
  const dir = mkdtempSync(join(tmpdir(), 'eindex-tls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    openssl('req', '-x509', ...ec, '-keyout', 'self.key', '-out', 'self.pem', '-days', '30', ...subject);
    writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '01\n');
    openssl('req', '-new', ...ec, '-keyout', 'old.key', '-out', 'old.csr', ...subject);
    openssl('ca', '-selfsign', '-config', 'ca.cnf', '-keyfile', 'old.key', '-in', 'old.csr', '-out', 'old.pem', '-startdate', '20200101000000Z', '-enddate', '20200201000000Z', '-batch');
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    return { selfSigned: { key: read('self.key'), cert: read('self.pem') }, expired: { key: read('old.key'), cert: read('old.pem') } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
