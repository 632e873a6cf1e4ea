// The `piyasa` command: runs the command line (cli.ts) and exits with its code.
import { main } from './cli.ts';

process.exitCode = await main(process.argv.slice(2));
