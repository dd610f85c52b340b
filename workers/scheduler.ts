// Process entry point of the scheduler role (the container's or a systemd unit's command): `node workers/scheduler.ts [options]`.
// Same as `eindex schedule [options]`; the wiring lives in src/service/, reached through the CLI.
import { main } from '../src/cli.ts';

process.exitCode = await main(['schedule', ...process.argv.slice(2)]);
