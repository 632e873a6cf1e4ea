// The `piyasa` command line: parses the sub-command and its flags, then hands over to the command's
// module. Every sub-command has --help; bad flags stop with one clear line and exit code 2.
import { parseArgs, type Flags } from './args.ts';

interface Command {
  readonly summary: string;
  readonly usage: string;
  run(flags: Flags, rest: readonly string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  start: {
    summary: 'run the swarm on one machine (the offline demo by default)',
    usage: `piyasa start [--config FILE] [--seed N] [--speed X] [--shards N] [--memory] [--data-dir DIR] [--log-level debug|info|warn|error]

  --config FILE   YAML config of bots, chats and settings (default: the shipped demo config)
  --seed N        seed of every random choice (default: a new one each run, printed at start)
  --speed X       run the clock X times faster than real time (default 1)
  --shards N      run the chats on N event loops (worker threads) of this one node (default 1)
  --log-level L   log level of the JSON log lines on stderr (default warn)
  --memory        keep everything in memory, no database (state is lost at exit)
  --data-dir DIR  home of the embedded PostgreSQL when DATABASE_URL is unset (default ./.piyasa)

State lives in PostgreSQL: DATABASE_URL, or an embedded server under --data-dir (started and
stopped with the run, kept across runs). PIYASA_TOKEN_KEY seals bot tokens at rest.

Prints the live transcript: time (chat timezone), bot, reply-to, text, mood. Ctrl+C stops cleanly.`,
    run: async (flags) => (await import('./start.ts')).start(flags),
  },
  migrate: {
    summary: 'apply or list the database migrations (DATABASE_URL, or the embedded database)',
    usage: `piyasa migrate [apply|status] [--data-dir DIR]

  apply           run the pending migrations (the default)
  status          list applied and pending migrations, and any the database has that this version lacks
  --data-dir DIR  home of the embedded PostgreSQL when DATABASE_URL is unset (default ./.piyasa)`,
    run: async (flags, rest) => (await import('./migrate.ts')).migrateCommand(flags, rest),
  },
  bench: {
    summary: 'benchmarks: engine (actor path with the offline generator), db (delivered-message writes)',
    usage: `piyasa bench engine [--chats N] [--bots-per-chat N] [--messages N] [--seed N] [--idle-bots N] [--shards N]

  engine          delivered messages/s through the whole actor path (offline generator, in-memory
                  Telegram, virtual clock), then heap per idle bot with --idle-bots bots in --chats chats
  --chats N         chats (default 1000)
  --bots-per-chat N bots per chat (default 10)
  --messages N      delivered messages to measure (default 50000)
  --idle-bots N     bots for the idle-heap measurement (default 10000)
  --shards N        also measure the node on N event loops (default: the number of cores)

piyasa bench db [--messages N] [--chats N] [--bots N] [--batch N] [--pool N] [--server URL]

  db              delivered messages/s on PostgreSQL: each message claimed in the outbox, then its
                  message row, outbox transition and budget debit committed (each chat waits for its
                  commit; chats share batched transactions); p50/p99 commit latency. Uses a scratch
                  database on --server, dropped after.
  --messages N      messages (default 50000)
  --chats N         chats sending at once, one message in flight each (default 100)
  --bots N          bots (default 1000)
  --batch N         most messages per transaction (default 500)
  --pool N          database connections (default 8)
  --server URL      PostgreSQL server (default postgresql://postgres@127.0.0.1:5432)`,
    run: async (flags, rest) => rest[0] === 'db'
      ? (await import('../bench/db.ts')).dbBench(flags)
      : (await import('../bench/engine.ts')).benchCommand(flags, rest),
  },
};

function help(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `piyasa — LLM persona bots that keep Telegram groups talking about markets

Usage: piyasa <command> [flags]   (piyasa <command> --help for its flags)

Commands:
${lines.join('\n')}`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`piyasa: unknown command "${name}" (try: ${Object.keys(COMMANDS).join(', ')})`);
    return 2;
  }
  const parsed = parseArgs(args);
  if (!parsed.ok) {
    console.error(`piyasa ${name}: ${parsed.error}`);
    return 2;
  }
  if (parsed.flags.help) {
    console.log(command.usage);
    return 0;
  }
  return command.run(parsed.flags, parsed.rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`piyasa: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
