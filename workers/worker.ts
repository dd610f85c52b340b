// Process entry point of the worker role (the container's or a systemd unit's command): `node workers/worker.ts [options]`.
// Same as `eindex worker [options]`; the wiring lives in src/service/, reached through the CLI.
import { main } from '../src/cli.ts';

process.exitCode = await main(['worker', ...process.argv.slice(2)]);
