// The `piyasa` command line: parses the sub-command and its flags, then hands over to the command's
// module. Every sub-command has --help; bad flags stop with one clear line and exit code 2.
import { parseArgs, type Flags } from './args.ts';

interface Command {
  readonly summary: string;
  readonly usage: string;
  run(flags: Flags, rest: readonly string[]): Promise<number>;
}

/** The benchmarks of `piyasa bench`, each loaded only when asked for. */
const BENCHES: Record<string, () => Promise<(flags: Flags) => Promise<number>>> = {
  engine: async () => (await import('../bench/engine.ts')).engineBenchCommand,
  db: async () => (await import('../bench/db.ts')).dbBench,
  llm: async () => (await import('../bench/llm.ts')).benchLlm,
  telegram: async () => (await import('../bench/telegram.ts')).telegramBenchCommand,
};

const COMMANDS: Record<string, Command> = {
  start: {
    summary: 'run the swarm on one machine (the offline demo by default)',
    usage: `piyasa start [--config FILE] [--seed N] [--speed X] [--shards N] [--port N] [--telegram auto|memory] [--memory] [--data-dir DIR] [--log-level L]

  --config FILE   YAML config of bots, chats and settings (default: the shipped demo config)
  --seed N        seed of every random choice (default: a new one each run, printed at start)
  --speed X       run the clock X times faster than real time (default 1)
  --shards N      run the chats on N event loops (worker threads) of this one node (default 1)
  --log-level L   log level of the JSON log lines on stderr (default warn)
  --port N        port of the embedded Telegram sandbox and its page (default $PIYASA_HTTP_PORT or 8080)
  --telegram M    auto: real Telegram when PIYASA_BOT_TOKEN_<BOT> are set, else the sandbox (default);
                  memory: the in-memory fake, no HTTP (the default with --shards)
  --memory        keep everything in memory, no database (state is lost at exit)
  --data-dir DIR  home of the embedded PostgreSQL when DATABASE_URL is unset (default ./.piyasa)

State lives in PostgreSQL: DATABASE_URL, or an embedded server under --data-dir (started and
stopped with the run, kept across runs). PIYASA_TOKEN_KEY seals bot tokens at rest.

Prints the live transcript: time (chat timezone), bot, reply-to, text, mood. Ctrl+C stops cleanly.`,
    run: async (flags) => (await import('./start.ts')).start(flags),
  },
  sandbox: {
    summary: 'the local Telegram Bot API sandbox alone, with the live page of the group',
    usage: `piyasa sandbox [--config FILE] [--port N] [--limits telegram|off]

  --config FILE   bots and groups to create (default: the shipped demo config)
  --port N        port of the Bot API and the page (default $PIYASA_HTTP_PORT or 8080; 0 picks a free one)
  --limits L      telegram: answer 429 with retry_after past Telegram's limits (default); off: never

Prints the sandbox-only bot tokens; point a Bot API client at http://127.0.0.1:<port> (grammY: apiRoot).`,
    run: async (flags) => (await import('./sandbox.ts')).sandboxCommand(flags),
  },
  migrate: {
    summary: 'apply or list the database migrations (DATABASE_URL, or the embedded database)',
    usage: `piyasa migrate [apply|status] [--data-dir DIR]

  apply           run the pending migrations (the default)
  status          list applied and pending migrations, and any the database has that this version lacks
  --data-dir DIR  home of the embedded PostgreSQL when DATABASE_URL is unset (default ./.piyasa)`,
    run: async (flags, rest) => (await import('./migrate.ts')).migrateCommand(flags, rest),
  },
  users: {
    summary: 'the operator console\'s users: add (the first admin too), list, enable, disable, password, totp, role',
    usage: `piyasa users add NAME [--admin | --role viewer|operator|admin] [--totp] [--data-dir DIR]
piyasa users list | enable NAME | disable NAME | password NAME | totp NAME | role NAME ROLE

  add       a console user; the password is asked for (no echo) or read from standard input's first
            line; --admin makes an admin (with TOTP, required for admins), --totp gives TOTP to others
  list      users, roles, TOTP, locks and last sign-in
  enable / disable   a user (disabling ends their sessions; the last active admin cannot be disabled)
  password  a new password (asked as for add)
  totp      a new TOTP secret (the old one stops working)
  role      a new role (the last active admin keeps theirs)

Uses DATABASE_URL, or the embedded database under --data-dir (default ./.piyasa), running or not.`,
    run: async (flags, rest) => (await import('./users.ts')).usersCommand(flags, rest),
  },
  backup: {
    summary: 'a consistent backup of the whole database (pg_dump, or the built-in snapshot)',
    usage: `piyasa backup [FILE] [--engine auto|pg_dump|snapshot] [--data-dir DIR]

  FILE            where to write (default ./piyasa-YYYYMMDD-HHMMSS.dump); written as FILE.partial and
                  renamed when complete
  --engine E      pg_dump: PostgreSQL's own pg_dump of the server's major version or newer (found in
                  PIYASA_PG_BIN, Debian's /usr/lib/postgresql/<major>/bin, or the PATH), custom format;
                  snapshot: the built-in logical snapshot (gzipped JSON lines, any server version);
                  auto (default): pg_dump when one fits the server, else the snapshot — the embedded
                  PostgreSQL 18's npm package has no pg_dump
  --data-dir DIR  the embedded PostgreSQL's home when DATABASE_URL is unset (default ./.piyasa)

Either way one repeatable-read transaction: a consistent snapshot, safe while the node runs.
Restore with piyasa restore FILE.`,
    run: async (flags, rest) => (await import('./backup.ts')).backupCommand(flags, rest),
  },
  restore: {
    summary: 'restore a backup into a new, empty database',
    usage: `piyasa restore FILE [--data-dir DIR]

Restores FILE (from piyasa backup) into DATABASE_URL's database — created when missing, refused when
it already has tables — or into the embedded database under --data-dir, all or nothing (one
transaction, pg_restore). Start the node on it afterwards: budgets, moods and transcripts carry on.`,
    run: async (flags, rest) => (await import('./backup.ts')).restoreCommand(flags, rest),
  },
  bench: {
    summary: 'benchmarks: engine (the actor path), db (delivered-message writes), llm (LLM cost per message), telegram (mention → reply)',
    usage: `piyasa bench engine [--chats N] [--bots-per-chat N] [--messages N] [--seed N] [--idle-bots N] [--shards N]
piyasa bench db [--messages N] [--chats N] [--bots N] [--batch N] [--pool N] [--server URL]
piyasa bench llm [--chats N] [--hours H] [--seed N]
piyasa bench telegram [--mentions N] [--interval-ms MS] [--chats N] [--seed N]

  engine          delivered messages/s through the whole actor path (offline generator, in-memory
                  Telegram, virtual clock), then heap per idle bot with --idle-bots bots in --chats chats
  --chats N         chats (default 1000)
  --bots-per-chat N bots per chat (default 10)
  --messages N      delivered messages to measure (default 50000)
  --idle-bots N     bots for the idle-heap measurement (default 10000)
  --shards N        also measure the node on N event loops (default: the number of cores)

  db              delivered messages/s on PostgreSQL: each message claimed in the outbox, then its
                  message row, outbox transition and budget debit committed (each chat waits for its
                  commit; chats share batched transactions); p50/p99 commit latency. Uses a scratch
                  database on --server, dropped after.
  --messages N      messages (default 50000)
  --chats N         chats sending at once, one message in flight each (default 100)
  --bots N          bots (default 1000)
  --batch N         most messages per transaction (default 500)
  --pool N          database connections (default 8)
  --server URL      PostgreSQL server (default postgresql://postgres@127.0.0.1:5432)

  llm             LLM calls and tokens per delivered message on a simulated day: the demo bots in
                  --chats chats (default 2) with a person mentioning them, the Groq chain over HTTP
                  against the local Groq-compatible server with the free-tier limits, virtual clock
  --hours H         simulated hours (default 24)

  telegram        time from a person's mention arriving at the Bot API (the sandbox, over HTTP) to the
                  mentioned bot's threaded reply arriving there, typing off: p50/p95/p99 (target p99 ≤ 50 ms)
  --mentions N      mentions to measure (default 300), one every --interval-ms (default 100) over --chats (default 20)`,
    run: async (flags, rest) => {
      const bench = BENCHES[rest[0] ?? ''];
      if (bench) return (await bench())(flags);
      console.error(`piyasa bench: unknown benchmark "${rest[0] ?? ''}" (available: ${Object.keys(BENCHES).join(', ')})`);
      return 2;
    },
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
