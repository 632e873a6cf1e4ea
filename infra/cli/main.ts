// The `piyasa` command: runs the command line (cli.ts) and exits with its code.
import { main } from './cli.ts';

/** Once a command is done, the process ends with its code even if a socket to a database that stopped
 * answering is still open (that handle would otherwise keep it alive). */
function exitWith(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2_000).unref();
}

exitWith(await main(process.argv.slice(2)));
