// Re-records the artifacts that indicator unit tests read (test/fixtures/artifacts/recorded/<site>.json) by auditing
// the fixture sites in real Chromium. Run after changing a collector: `node scripts/record-artifacts.ts [site...]`.
// Origins (the site's and any framed site's) are rewritten to http://fixture.test/<site> so files do not change with
// the random port.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditSite } from '../src/audit/runner.ts';
import { launchBrowser } from '../src/audit/browser.ts';
import { loadConfig, REPO_ROOT } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { serveSites } from '../dev/site-server.ts';
import { allowHosts } from '../src/audit/egress/index.ts';
import { servedFor } from '../test/helpers/golden.ts';

const DEFAULT_SITES = ['clean', 'violations', 'not-mobile', 'redirect'];
const names = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_SITES;
const outDir = join(REPO_ROOT, 'test', 'fixtures', 'artifacts', 'recorded');
mkdirSync(outDir, { recursive: true });

allowHosts('127.0.0.1'); // fixture sites on loopback (the egress proxy refuses it otherwise)
// A site that frames another site's pages ({{origin:NAME}}) gets that site served too.
const sites = await serveSites(join(REPO_ROOT, 'test', 'fixtures', 'sites'), { only: servedFor(names) });
const browser = await launchBrowser();
try {
  const config = loadConfig(undefined, { settleMs: 300, lighthouse: { ...loadConfig().crawl.lighthouse, enabled: false } });
  for (const name of names) {
    const origin = sites.origins[name];
    if (!origin) throw new Error(`no fixture site "${name}"`);
    const target = { id: name, name, type: 'institution' as const, sector: 'VARAM', url: `${origin}/` };
    const { artifacts } = await auditSite(target, { browser, config, runId: 'recorded', log: silentLogger });
    let text = JSON.stringify(artifacts, null, 1);
    // Longest first: one origin may be the prefix of another (port 4012 of 40123).
    for (const [site, o] of Object.entries(sites.origins).sort((a, b) => b[1].length - a[1].length)) text = text.split(o).join(`http://fixture.test/${site}`);
    writeFileSync(join(outDir, `${name}.json`), text + '\n');
    console.log(`recorded ${name}: ${(text.length / 1024).toFixed(0)} KB`);
  }
} finally {
  await browser.close();
  await sites.close();
}
