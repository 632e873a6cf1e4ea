// A console on its own HTTP server over a throw-away database holding the demo config, for the
// console's tests. Its command service is a stand-in that records calls and keeps the rules the real
// one keeps at its edge (the config's schema for bots, numbers for pace) — replaced by the real
// CommandService when that lands (see the README's Console section).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommandReply } from '../../actors/index.ts';
import type { CommandCaller, CommandService } from '../../infra/commands/types.ts';
import { ConfigError, DEMO_CONFIG_PATH, loadConfig, parseConfig } from '../../infra/config/index.ts';
import { ConsoleUsers, base32Decode, createConsole, hotp, totpStep, type AuthOptions, type ConsoleHandler } from '../../infra/console/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { Catalog, PgConsoleReads, PgConsoleStore, type Database } from '../../persistence/index.ts';
import { createTestDatabase, type TestDatabase } from '../contract/pg-db.ts';

export const PASSWORD = 'Konsol-Test-2026!';

/** The code an authenticator app shows now for `secret`. */
export const codeNow = (secret: string, offset = 0): string => hotp(base32Decode(secret)!, totpStep(Date.now()) + offset);

/** An answer naming the field at fault (CommandReply gains `field` with the command service). */
const refuse = (error: string, field?: string): CommandReply => ({ ok: false, error, ...(field ? { field } : {}) }) as CommandReply;

/** Records every call; answers chat commands from a little state, bots.add through the config's schema. */
export class StandInCommands implements CommandService {
  readonly calls: { kind: 'chat' | 'cluster'; chatId?: string; body: unknown; caller: CommandCaller }[] = [];
  readonly paused = new Set<string>();
  constructor(private readonly db: Database) {}

  async chat(chatId: string, body: unknown, caller: CommandCaller): Promise<CommandReply> {
    this.calls.push({ kind: 'chat', chatId, body, caller });
    const b = body as Record<string, unknown>;
    if (b.cmd === 'status') return { ok: true, chat: chatId, paused: this.paused.has(chatId), pace: { perMinute: 2 } };
    if (b.cmd === 'pause' || b.cmd === 'resume') {
      if (b.cmd === 'pause') this.paused.add(chatId);
      else this.paused.delete(chatId);
      return { ok: true, paused: this.paused.has(chatId) };
    }
    if (b.cmd === 'pace') {
      const n = b.perMinute;
      if (typeof n !== 'number' || !(n > 0 && n <= 60)) return refuse(`pace: perMinute: must be in (0, 60] (got ${JSON.stringify(n)})`, 'perMinute');
      return { ok: true };
    }
    return { ok: false, error: `unknown command ${JSON.stringify(b.cmd)}` };
  }

  async cluster(body: unknown, caller: CommandCaller): Promise<CommandReply> {
    this.calls.push({ kind: 'cluster', body, caller });
    const b = body as Record<string, unknown>;
    if (b.cmd === 'bots.add') {
      const demo = loadConfig(DEMO_CONFIG_PATH);
      try {
        const config = parseConfig(JSON.stringify({ bots: [b.bot], chats: [{ id: 'x', title: 'x', members: [(b.bot as { id?: unknown })?.id] }] }), 'bots.add');
        const bot = config.bots[0]!;
        if (demo.bots.some((d) => d.id === bot.id)) return refuse(`bots.add: bot "${bot.id}" exists already`, 'bot.id');
        await new Catalog(this.db).upsert({ bots: [bot], chats: [], settings: {} }, Date.now());
        return { ok: true, bot: bot.id };
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        const m = /^bots\.add: (?:bots\[0\]\.?)?([^:]*): (.*)$/.exec(e.message);
        return refuse(m ? `bots.add: bot.${m[1]}: ${m[2]}` : e.message, m?.[1] ? `bot.${m[1]}` : undefined);
      }
    }
    return { ok: false, error: `unknown command ${JSON.stringify(b.cmd)}` };
  }
}

export interface ConsoleFixture {
  readonly url: string;
  readonly origin: string;
  readonly db: Database;
  readonly test: TestDatabase;
  readonly store: PgConsoleStore;
  readonly users: ConsoleUsers;
  readonly commands: CommandService;
  readonly handler: ConsoleHandler;
  readonly logger: ReturnType<typeof memoryLogger>;
  close(): Promise<void>;
}

export async function startConsoleFixture(o: { commands?: (db: Database) => CommandService; auth?: AuthOptions } = {}): Promise<ConsoleFixture> {
  const test = await createTestDatabase();
  const db = await test.open();
  await new Catalog(db).upsert(loadConfig(DEMO_CONFIG_PATH), Date.now());
  const store = new PgConsoleStore(db);
  const commands = o.commands?.(db) ?? new StandInCommands(db);
  const logger = memoryLogger('warn');
  const handler = createConsole({ store, reads: new PgConsoleReads(db), commands, logger, liveEveryMs: 500, ...(o.auth ? { auth: o.auth } : {}) });
  const server: Server = createServer((req, res) => {
    void handler.handle(req, res).then((done) => done || res.writeHead(404).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/console/`, origin, db, test, store, users: new ConsoleUsers(store), commands, handler, logger,
    async close() {
      handler.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await test.drop();
    },
  };
}
