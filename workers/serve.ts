// Process entry point of the serve role (the container's or a systemd unit's command): `node workers/serve.ts [options]`.
// Same as `eindex serve [options]`; the wiring lives in src/service/, reached through the CLI.
import { main } from '../src/cli.ts';

process.exitCode = await main(['serve', ...process.argv.slice(2)]);
