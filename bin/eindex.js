#!/usr/bin/env node
// Entry point for the installed `eindex` command: Node 24 runs the TypeScript sources directly.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(`eindex needs Node 24 or newer (this is ${process.version}). Run it as "npm run eindex -- <command>" in the repo, which uses the pinned Node.`);
  process.exit(2);
}
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
