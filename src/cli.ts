#!/usr/bin/env node
// eindex: the command line. Each command is a thin shell around one module function: the options and usage are in
// src/cli/args.ts, the audit and demo commands in src/cli/audit.ts, the commands on stored runs in
// src/cli/store-commands.ts, the service's in src/service/commands.ts.
import { ConfigError } from './config.ts';
import { ChromiumMissingError } from './audit/browser.ts';
import { isServiceCommand, serviceCommand } from './service/commands.ts';
import { TargetsFileError } from './targets.ts';
import { OverrideError } from './score/overrides.ts';
import { StoreUnavailableError } from './store/store.ts';
import { parse, UsageError, USAGE } from './cli/args.ts';
import { audit, demo } from './cli/audit.ts';
import { exportRun, freeze, listOverrides, listRuns, override, report, rescore } from './cli/store-commands.ts';

export { formatTimings } from './cli/audit.ts';

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    console.error(`eindex: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  try {
    switch (command) {
      case 'audit':
        await audit(values, rest);
        break;
      case 'demo':
        await demo(values);
        break;
      case 'rescore':
        await rescore(values, rest);
        break;
      case 'export':
        await exportRun(values, rest);
        break;
      case 'runs':
        await listRuns(values);
        break;
      case 'report':
        await report(values, rest);
        break;
      case 'override':
        await override(values, rest);
        break;
      case 'overrides':
        await listOverrides(values, rest);
        break;
      case 'freeze':
        await freeze(values, rest);
        break;
      case 'schedule':
      case 'worker':
      case 'serve':
      case 'write':
      case 'run':
      case 'enqueue':
      case 'status':
        if (isServiceCommand(command)) return await serviceCommand(command, values, rest);
        break;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`eindex: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof TargetsFileError || err instanceof ConfigError || err instanceof ChromiumMissingError || err instanceof OverrideError) {
      console.error(`eindex: ${err.message}`);
      return 2;
    }
    if (err instanceof StoreUnavailableError) {
      console.error(`eindex: ${err.message}`);
      return 1;
    }
    console.error(`eindex: ${(err as Error).stack ?? String(err)}`);
    return 1;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
