// The commands of `piyasa`: each one's summary, usage text, the flags it takes (types and ranges, so
// the command line is checked before anything starts) and its module, loaded only when it runs.
import type { Flags, FlagSpecs } from './args.ts';

export interface Command {
  readonly summary: string;
  readonly usage: string;
  /** Every flag the command takes; any other is refused. */
  readonly flags: FlagSpecs;
  /** How many plain words follow the command (e.g. "apply"). Default 0. */
  readonly positionals?: number;
  /** Per first word (a benchmark's name): its own flags instead of `flags`. */
  readonly subFlags?: Readonly<Record<string, FlagSpecs>>;
  run(flags: Flags, rest: readonly string[]): Promise<number>;
}

const SEED = { type: 'number', min: 0, max: 2 ** 32 - 1, integer: true } as const;
const PORT = { type: 'number', min: 0, max: 65_535, integer: true } as const;
const CONFIG = { type: 'string' } as const;
const DATA_DIR = { type: 'string' } as const;
const count = (min: number, max: number) => ({ type: 'number', min, max, integer: true }) as const;

/** The benchmarks of `piyasa bench`, each loaded only when asked for. */
export const BENCHES: Record<string, () => Promise<(flags: Flags) => Promise<number>>> = {
  engine: async () => (await import('../bench/engine.ts')).engineBenchCommand,
  db: async () => (await import('../bench/db.ts')).dbBench,
  llm: async () => (await import('../bench/llm.ts')).benchLlm,
  telegram: async () => (await import('../bench/telegram.ts')).telegramBenchCommand,
  commands: async () => (await import('../bench/commands.ts')).commandsBenchCommand,
  conversation: async () => (await import('../bench/conversation.ts')).benchConversation,
  cluster: async () => (await import('../bench/cluster.ts')).clusterBench,
};

export const COMMANDS: Record<string, Command> = {
  start: {
    summary: 'run the swarm on one machine (the offline demo by default)',
    usage: `piyasa start [--config FILE] [--seed N] [--speed X] [--shards N] [--port N] [--telegram auto|memory] [--memory] [--data-dir DIR] [--log-level L] [--quiet]

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
  --quiet         no live transcript on stdout (start-up lines and the JSON log still print)

State lives in PostgreSQL: DATABASE_URL, or an embedded server under --data-dir (started and
stopped with the run, kept across runs). PIYASA_TOKEN_KEY seals bot tokens at rest.

Prints the live transcript (unless --quiet): time (chat timezone), bot, reply-to, text, mood. Ctrl+C stops cleanly.`,
    flags: {
      config: CONFIG, seed: SEED, speed: { type: 'number', min: 0.1, max: 1_000 }, shards: count(1, 64),
      'log-level': { type: 'string', choices: ['debug', 'info', 'warn', 'error', 'silent'] }, port: PORT,
      telegram: { type: 'string', choices: ['auto', 'memory'] }, memory: { type: 'boolean' }, 'data-dir': DATA_DIR,
      quiet: { type: 'boolean' },
    },
    run: async (flags) => (await import('./start.ts')).start(flags),
  },
  sandbox: {
    summary: 'the local Telegram Bot API sandbox alone, with the live page of the group',
    usage: `piyasa sandbox [--config FILE] [--port N] [--limits telegram|off]

  --config FILE   bots and groups to create (default: the shipped demo config)
  --port N        port of the Bot API and the page (default $PIYASA_HTTP_PORT or 8080; 0 picks a free one)
  --limits L      telegram: answer 429 with retry_after past Telegram's limits (default); off: never

Prints the sandbox-only bot tokens; point a Bot API client at http://127.0.0.1:<port> (grammY: apiRoot).`,
    flags: { config: CONFIG, port: PORT, limits: { type: 'string', choices: ['telegram', 'off'] } },
    run: async (flags) => (await import('./sandbox.ts')).sandboxCommand(flags),
  },
  cmd: {
    summary: 'send a command over NATS and print the JSON answer; --watch follows a chat',
    usage: `piyasa cmd <chat|cluster|subject> '<json>' [--timeout MS]
piyasa cmd --watch <chat|*> [--json]

  <chat>          a chat id: the command goes to piyasa.chat.<chat>.cmd
  cluster         piyasa.cmd (status, bots.add|update|remove|disable|enable, chats.add|remove,
                  members.add|remove, settings.set, memories.add|remove)
  <subject>       any subject with a dot, as is
  '<json>'        the command, e.g. '{"cmd":"say","bot":"ali_ekonomist","text":"Merhaba"}'; a bare word
                  is {"cmd": word} (piyasa cmd demo pause)
  --timeout MS    how long to wait for the answer (default 35000: a say waits for its line to be sent)
  --watch CHAT    follow the chat's said and heard events (* for every chat) until Ctrl+C
  --json          with --watch: print each event as a JSON line

Chat commands: status, pause, resume, say {bot,text,replyTo?}, news {headline,symbols,impact},
pace {perMinute}, mood {bot,valence?,arousal?,confidence?}, topic {topic|symbol,turns?}.
NATS_URL and NATS_USER/NATS_PASSWORD, NATS_TOKEN or NATS_CREDS as for the nodes.
Exit code: 0 ok, 1 the answer is ok:false, 2 no answer or bad input.`,
    flags: { timeout: { type: 'number', min: 1, max: 3_600_000, integer: true }, watch: { type: 'string' }, json: { type: 'boolean' } },
    positionals: 2,
    run: async (flags, rest) => (await import('./cmd.ts')).cmdCommand(flags, rest),
  },
  node: {
    summary: 'one node of a cluster (NATS_URL, DATABASE_URL): nodes share the bots and chats between them',
    usage: `piyasa node [--config FILE] [--seed N] [--prefix P] [--telegram auto|memory] [--port N] [--log-level L] [--status-every S]

  --config FILE     YAML config of bots, chats and settings (the same file on every node)
  --seed N          seed of the market and of every random choice (the same on every node of a cluster)
  --prefix P        names of the cluster on NATS (subjects, stream, lease bucket) start with P (default piyasa)
  --telegram M      auto: the bots' tokens from PIYASA_BOT_TOKEN_<BOT> (real Telegram, or a "piyasa sandbox"
                    given the same variables, with TELEGRAM_API_ROOT); memory: an in-memory fake per node
  --port N          the node's HTTP server: /metrics, /healthz, /readyz, /console (default PIYASA_HTTP_PORT or
                    8080; give each node on one machine its own, 0 picks a free one)
  --log-level L     log level of the JSON log lines on stderr (default warn; info shows partitions move)
  --status-every S  print a status line every S seconds (default 10; 0: never)

Environment: NATS_URL (+ NATS_USER/NATS_PASSWORD, NATS_TOKEN or NATS_CREDS), DATABASE_URL (one
PostgreSQL for the cluster; run "piyasa migrate" once), PIYASA_NODE_ID (default: host-pid), OTEL_* (traces).
SIGTERM or Ctrl+C: the node finishes its turns, commits, and hands its partitions over before it exits.`,
    flags: {
      config: CONFIG, seed: SEED, prefix: { type: 'string' }, telegram: { type: 'string', choices: ['auto', 'memory'] },
      'log-level': { type: 'string', choices: ['debug', 'info', 'warn', 'error', 'silent'] }, 'status-every': { type: 'number', min: 0, max: 86_400 },
      port: { type: 'number', min: 0, max: 65_535, integer: true },
    },
    run: async (flags) => (await import('./node.ts')).nodeCommand(flags),
  },
  migrate: {
    summary: 'apply or list the database migrations (DATABASE_URL, or the embedded database)',
    usage: `piyasa migrate [apply|status] [--data-dir DIR]

  apply           run the pending migrations (the default)
  status          list applied and pending migrations, and any the database has that this version lacks
  --data-dir DIR  home of the embedded PostgreSQL when DATABASE_URL is unset (default ./.piyasa)`,
    flags: { 'data-dir': DATA_DIR },
    positionals: 1,
    run: async (flags, rest) => (await import('./migrate.ts')).migrateCommand(flags, rest),
  },
  trace: {
    summary: 'show a message\'s trace: its id, the Jaeger link and the span tree (from Jaeger, else from the node)',
    usage: `piyasa trace <message id | trace id> [--chat ID] [--node URL] [--jaeger URL]

  <trace id>      32 hex digits (the said event's traceId, the messages table's trace_id, a log line's trace_id)
  <message id>    a message's id in its chat (the #number on the page and in the transcript)
  --chat ID       the message's chat: the config's chat id or the Telegram chat id (default demo)
  --node URL      the node whose recent traces to read (default http://127.0.0.1:$PIYASA_HTTP_PORT, or :8080)
  --jaeger URL    Jaeger's UI and query API (default $JAEGER_URL): link printed, spans read from it first

A message id is looked up on the node, then in the database (DATABASE_URL). Exit 1 when nothing is found.`,
    flags: { chat: { type: 'string' }, node: { type: 'string' }, jaeger: { type: 'string' } },
    positionals: 1,
    run: async (flags, rest) => (await import('./trace.ts')).traceCommand(flags, rest),
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
    flags: { admin: { type: 'boolean' }, role: { type: 'string', choices: ['viewer', 'operator', 'admin'] }, totp: { type: 'boolean' }, 'data-dir': DATA_DIR },
    positionals: 3,
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
    flags: { engine: { type: 'string', choices: ['auto', 'pg_dump', 'snapshot'] }, 'data-dir': DATA_DIR },
    positionals: 1,
    run: async (flags, rest) => (await import('./backup.ts')).backupCommand(flags, rest),
  },
  restore: {
    summary: 'restore a backup into a new, empty database',
    usage: `piyasa restore FILE [--data-dir DIR]

Restores FILE (from piyasa backup) into DATABASE_URL's database — created when missing, refused when
it already has tables — or into the embedded database under --data-dir, all or nothing (one
transaction, pg_restore). Start the node on it afterwards: budgets, moods and transcripts carry on.`,
    flags: { 'data-dir': DATA_DIR },
    positionals: 1,
    run: async (flags, rest) => (await import('./backup.ts')).restoreCommand(flags, rest),
  },
  bench: {
    summary: 'benchmarks: engine (the actor path), db (delivered-message writes), llm (LLM cost per message), telegram (mention → reply), cluster (nodes, failover), commands (NATS round trip), conversation (how the group reads)',
    usage: `piyasa bench engine [--chats N] [--bots-per-chat N] [--messages N] [--seed N] [--idle-bots N] [--shards N] [--tracing off|compare] [--rounds N]
piyasa bench db [--messages N] [--chats N] [--bots N] [--batch N] [--pool N] [--server URL]
piyasa bench llm [--chats N] [--hours H] [--seed N]
piyasa bench telegram [--mentions N] [--interval-ms MS] [--chats N] [--seed N]
piyasa bench cluster [--chats N] [--throughput-chats N] [--bots-per-chat N] [--window S] [--requests N] [--kills N] [--only throughput]
piyasa bench commands [--requests N] [--server URL]
piyasa bench conversation [--hours H] [--seed N]

  engine          delivered messages/s through the whole actor path (offline generator, in-memory
                  Telegram, virtual clock), then heap per idle bot with --idle-bots bots in --chats chats
  --chats N         chats (default 1000)
  --bots-per-chat N bots per chat (default 10)
  --messages N      delivered messages to measure (default 50000)
  --idle-bots N     bots for the idle-heap measurement (default 10000)
  --shards N        also measure the node on N event loops (default: the number of cores)
  --tracing compare the engine on one loop with tracing off and on (exporting over OTLP/HTTP to a local
                    receiver), alternating --rounds N times (default 3), each run in a fresh process

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
  --mentions N      mentions to measure (default 300), one every --interval-ms (default 100) over --chats (default 20)

  cluster         one-loop node processes on this machine (NATS_URL, the PostgreSQL at PIYASA_TEST_PG or
                  127.0.0.1:5432, each node's in-memory Telegram): delivered messages/s of piyasa start (no
                  NATS) and of 1, 2, 3 nodes, with each process's CPU; a request to an entity's actor on its node vs a bare NATS request/reply (p50/p99); a
                  fourth node joining (balance); kill -9 failover (detection, all partitions served again)
  --chats N         chats (default 120), --bots-per-chat N (default 3), --window S seconds measured (20)
  --throughput-chats N  chats of the flat-out throughput runs (default 1000: the CPU, not the pace, binds)
  --requests N      round trips measured (default 1000), --kills N kill -9s (default 10)
  --only throughput the throughput part alone

  commands        a command's round trip over NATS to one node (chat status, chat pace, cluster status)
                  next to a bare NATS request/reply, interleaved in the same run: p50/p99
  --requests N      requests of each kind (default 2000)
  --server URL      NATS server (default $NATS_URL or nats://127.0.0.1:4222); subjects under a prefix of its own

  conversation    how the demo group reads: simulated days of the demo chat (offline generator, virtual
                  clock from Monday 06:00 Istanbul), seeds --seed N (default 1) and N+1, without and with a
                  person writing: repetition, answers, closed-market moves, lines per hour, and whether a
                  classifier trained on one seed tells the personas apart on the other
  --hours H         simulated hours (default 24)`,
    flags: {},
    positionals: 1,
    subFlags: {
      engine: { chats: count(1, 1_000_000), 'bots-per-chat': count(2, 1_000), messages: count(1, 100_000_000), 'idle-bots': count(1, 10_000_000), seed: SEED, shards: count(1, 64), tracing: { type: 'string', choices: ['off', 'compare'] }, rounds: count(1, 100) },
      db: { messages: count(1, 100_000_000), chats: count(1, 100_000), bots: count(1, 10_000_000), batch: count(1, 100_000), pool: count(2, 100), server: { type: 'string' } },
      llm: { chats: count(1, 1_000), hours: { type: 'number', min: 1, max: 720 }, seed: SEED },
      telegram: { mentions: count(1, 1_000_000), 'interval-ms': { type: 'number', min: 1, max: 60_000 }, chats: count(1, 1_000), seed: SEED },
      commands: { requests: count(10, 10_000_000), server: { type: 'string' } },
      conversation: { hours: { type: 'number', min: 1, max: 720 }, seed: SEED },
      cluster: { chats: count(1, 100_000), 'throughput-chats': count(1, 100_000), 'bots-per-chat': count(1, 100), window: { type: 'number', min: 1, max: 3_600 }, requests: count(1, 1_000_000), kills: count(0, 1_000), only: { type: 'string', choices: ['throughput'] } },
    },
    run: async (flags, rest) => {
      const bench = BENCHES[rest[0] ?? ''];
      if (bench) return (await bench())(flags);
      console.error(`piyasa bench: unknown benchmark "${rest[0] ?? ''}" (available: ${Object.keys(BENCHES).join(', ')})`);
      return 2;
    },
  },
};

