// The `piyasa` command line: the command, its flags (checked against the command's declared flags by
// util.parseArgs in strict mode) and its inputs, all checked before anything starts; every bad input
// is one line on stderr and exit code 2, every other failure one line and exit code 1.
import { FlagError, parseFlags, type Flags } from './args.ts';
import { COMMANDS, type Command } from './commands.ts';
import { BadInput, sandboxInputs, startInputs } from './inputs.ts';

/** What to do with a command line: print and exit, or run a checked command. */
export type Invocation =
  | { readonly kind: 'exit'; readonly code: number; readonly stdout?: string; readonly stderr?: string }
  | { readonly kind: 'run'; readonly name: string; readonly command: Command; readonly flags: Flags; readonly rest: readonly string[] };

/** The input checks of commands that have more input than flags (a config file, the environment). */
const INPUTS: Readonly<Record<string, (flags: Flags) => unknown>> = {
  start: (flags) => startInputs(flags),
  sandbox: (flags) => sandboxInputs(flags),
};

function help(commands: Readonly<Record<string, Command>>): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `piyasa — LLM persona bots that keep Telegram groups talking about markets

Usage: piyasa <command> [flags]   (piyasa <command> --help for its flags)

Commands:
${lines.join('\n')}`;
}

/** Checks a command line as the CLI does, without running anything: the same function `main` uses,
 * so a test can feed it thousands of bad inputs in-process. */
export function checkInvocation(argv: readonly string[], commands: Readonly<Record<string, Command>> = COMMANDS): Invocation {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return { kind: 'exit', code: name ? 0 : 2, stdout: help(commands) };
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) return { kind: 'exit', code: 2, stderr: `piyasa: unknown command ${JSON.stringify(name.slice(0, 40))} (try: ${Object.keys(commands).join(', ')})` };
  const sub = command.subFlags ? args.find((a) => !a.startsWith('-')) : undefined;
  if (command.subFlags && sub !== undefined && !Object.hasOwn(command.subFlags, sub)) {
    return { kind: 'exit', code: 2, stderr: `piyasa ${name}: unknown ${name === 'bench' ? 'benchmark' : 'action'} ${JSON.stringify(sub.slice(0, 40))} (available: ${Object.keys(command.subFlags).join(', ')})` };
  }
  const parsed = parseFlags(args, sub !== undefined ? command.subFlags![sub]! : command.flags, command.positionals ?? 0);
  if (!parsed.ok) return { kind: 'exit', code: 2, stderr: `piyasa ${name}: ${parsed.error}` };
  if (parsed.flags.help) return { kind: 'exit', code: 0, stdout: command.usage };
  try {
    INPUTS[name]?.(parsed.flags);
  } catch (error) {
    if (error instanceof FlagError) return { kind: 'exit', code: 2, stderr: `piyasa ${name}: ${error.message}` };
    if (error instanceof BadInput) return { kind: 'exit', code: 2, stderr: error.message };
    throw error;
  }
  return { kind: 'run', name, command, flags: parsed.flags, rest: parsed.rest };
}

/** Runs a command line; resolves to the process's exit code. Never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  let name = argv[0] ?? '';
  try {
    const inv = checkInvocation(argv);
    if (inv.kind === 'exit') {
      if (inv.stdout) console.log(inv.stdout);
      if (inv.stderr) console.error(inv.stderr);
      return inv.code;
    }
    name = inv.name;
    return await inv.command.run(inv.flags, inv.rest);
  } catch (error) {
    if (error instanceof FlagError) {
      console.error(`piyasa ${name}: ${error.message}`);
      return 2;
    }
    if (error instanceof BadInput) {
      console.error(error.message);
      return 2;
    }
    const text = error instanceof Error ? error.message : String(error);
    console.error(`piyasa: ${text.split('\n')[0]}`);
    return 1;
  }
}
