// Composition root of one node on Telegram: the grammY adapter for the bots' sends, one listener per
// token for the people (each person's message recorded through the node's intake before Telegram is
// told), and — when no real tokens are configured — the embedded sandbox with its web page, fed with
// each bot's mood and P&L. The actors are the same as in single.ts.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Clock, HumanIntake, HumanMessage, Logger, MarketSnapshot, Persona, TranscriptReader } from '../../actors/index.ts';
import {
  GrammyTelegram, Sandbox, TelegramListener, sandboxRoutes, serveSandbox, type BotCard, type SandboxCommandHandler, type SandboxRouteOptions, type SandboxServer, type TelegramRequest,
} from '../../transport/index.ts';
import { MemoryIntake } from '../../persistence/index.ts';
import { telegramCheck, type NodeHttp } from '../http/index.ts';
import type { Config, TelegramEnv } from '../config/index.ts';
import { createSingleNode, type SingleNode, type SingleNodeOptions } from './single.ts';
import type { ChangeResult, NodeChange } from './changes.ts';
import { telegramChanges } from './telegram-changes.ts';

export interface TelegramNodeOptions extends Omit<SingleNodeOptions, 'telegramPort' | 'humans' | 'script'> {
  readonly telegram: TelegramEnv;
  /** Where people's messages are recorded before Telegram is told (PostgreSQL: storage.ts); in memory
   * by default. Telegram keeps what is not confirmed, so no offset is stored here. */
  readonly intake?: (deliver: (m: HumanMessage) => void) => NodeIntake;
  /** Host of the sandbox's HTTP server. Default 127.0.0.1. */
  readonly host?: string;
  /** How often the bot cards on the page are refreshed (wall ms). Default 2000. */
  readonly cardsEveryMs?: number;
  /** Long-poll seconds of the listeners. Default 30. */
  readonly pollSec?: number;
  /** Sandbox only: host names its page answers to besides 127.0.0.1, localhost, ::1 and `host`. */
  readonly allowedHosts?: readonly string[];
  /** Sandbox only: inject the chats' scripted human lines into the group (as people). Default true. */
  readonly script?: boolean;
  /** The token of a bot added while running (`bots.add` with real Telegram): read from where the
   * command sealed it (the database). Without it, such a bot cannot send. */
  readonly tokenOf?: (botId: string) => Promise<string | undefined>;
  /** The node's HTTP server: the sandbox's page and Bot API become routes of it. Without it the
   * sandbox serves them on a server of its own (`telegram.port`). */
  readonly http?: NodeHttp;
  /** Every Bot API request the bots make (the node's metrics). */
  readonly onTelegramRequest?: (request: TelegramRequest) => void;
}

/** The node's intake: it also hands the chats, at start, what a previous run recorded but did not handle. */
export interface NodeIntake extends HumanIntake {
  replay(): Promise<number>;
  /** Updates recorded and handed over, repeats recognised, messages replayed at start. */
  readonly counts: { readonly recorded: number; readonly repeated: number; readonly replayed: number };
}

export interface TelegramNode {
  readonly node: SingleNode;
  readonly telegram: GrammyTelegram;
  /** The sandbox and its server, when no real tokens are configured. */
  readonly sandbox?: Sandbox;
  readonly server?: SandboxServer;
  /** Telegram chat id of each chat. */
  readonly chatIds: ReadonlyMap<string, number>;
  readonly intake: NodeIntake;
  readonly listeners: ReadonlyMap<string, TelegramListener>;
  /** Every human message the listeners took, as they handed it to the chats. */
  onHuman(handler: (m: HumanMessage) => void): () => void;
  /** The page's command buttons (sandbox only) run through `handler` (the node's command service). */
  handleCommands(handler: (chatId: string, body: unknown) => Promise<unknown>): void;
  /** Why `change` cannot be applied here (checked before it is stored), or undefined. */
  check(change: NodeChange): string | undefined;
  /** Applies a change: Telegram's side first (the sandbox's bots and groups, the adapter's tokens,
   * a listener for a new chat), then the node's actors. */
  apply(change: NodeChange): Promise<ChangeResult>;
  stop(): Promise<void>;
}

/** Portfolio P&L in percent of cost at the snapshot's prices; dollar assets converted at USDTRY. */
export function portfolioPnlPct(persona: Persona, market: MarketSnapshot): number | undefined {
  const usd = market.quotes.USDTRY?.price ?? 1;
  let value = 0;
  let cost = 0;
  for (const h of persona.holdings) {
    const q = market.quotes[h.symbol];
    if (!q) continue;
    const fx = /USDT?$/.test(h.symbol) ? usd : 1;
    value += q.price * h.size * fx;
    cost += h.avgPrice * h.size * fx;
  }
  return cost > 0 ? (value / cost - 1) * 100 : undefined;
}

const botKey = (token: string): string => token.split(':')[0] ?? '';

/** The webhook server: POST <path>/<bot id> goes to that token's listener (which checks the secret). */
async function serveWebhooks(hook: { url: string; port: number }, listenerOf: (botId: string) => TelegramListener | undefined, host = '0.0.0.0'): Promise<{ close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const id = new URL(req.url ?? '/', 'http://hook').pathname.split('/').filter(Boolean).pop() ?? '';
    const route = req.method === 'POST' ? listenerOf(id)?.webhookHandler() : undefined;
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(hook.port, host, () => resolve());
  });
  return {
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The config's bots and groups in `sandbox`: with sandbox-only tokens and chat ids made up per run, or
 * the ones `given` (the same PIYASA_BOT_TOKEN_* the nodes of a cluster get, so they all talk to one
 * sandbox). `canReadAll`: which bots see every group message (privacy mode off). */
export function populateSandbox(sandbox: Sandbox, config: Config, canReadAll: (botId: string) => boolean, given?: { tokens: ReadonlyMap<string, string>; chatIds: ReadonlyMap<string, number> }): { tokens: ReadonlyMap<string, string>; chatIds: ReadonlyMap<string, number> } {
  const tokens = new Map<string, string>();
  config.bots.forEach((b, i) => {
    tokens.set(b.id, given?.tokens.get(b.id) ?? `${7_000_000_001 + i}:${randomBytes(24).toString('base64url')}`);
    sandbox.addBot({ token: tokens.get(b.id)!, username: b.handle, firstName: b.name, canReadAll: canReadAll(b.id) });
  });
  const chatIds = new Map(config.chats.map((c, i) => [c.id, given?.chatIds.get(c.id) ?? -1_001_000_000_001 - i]));
  for (const c of config.chats) sandbox.addChat({ id: chatIds.get(c.id)!, title: c.title, bots: c.members.map((id) => config.bots.find((b) => b.id === id)!.handle) });
  return { tokens, chatIds };
}

/** Messages the sandbox shows again after a restart (per chat), so the page and replies carry on. */
const RESTORE_MESSAGES = 300;

/** The stored transcripts back in the sandbox: its message ids continue after the newest stored one
 * (ids restarting at 1 made an edit rewrite an earlier run's line and reactions hit stale ids). */
async function restoreSandbox(sandbox: Sandbox, config: Config, chatIds: ReadonlyMap<string, number>, transcripts: TranscriptReader): Promise<void> {
  const handles = new Map(config.bots.map((b) => [b.id, b.handle]));
  for (const [chatId, telegramId] of chatIds) {
    const lines = (await transcripts.recent(chatId, RESTORE_MESSAGES)).filter((m) => !m.reaction && m.messageId > 0);
    sandbox.restore(telegramId, lines.map((m) => ({
      id: m.messageId, text: m.text, at: m.at,
      ...(m.botId !== null ? { bot: handles.get(m.botId) ?? m.botId } : { username: m.speaker }),
      ...(m.replyTo !== undefined ? { replyTo: m.replyTo } : {}),
    })));
  }
}

/** The sandbox's routes on the node's HTTP server; closing removes them. */
function mountSandbox(sandbox: Sandbox, http: NodeHttp, opts: SandboxRouteOptions): SandboxServer {
  const routes = sandboxRoutes(sandbox, opts);
  const remove = http.add(routes.routes);
  http.onClose(() => routes.close());
  return {
    url: http.url, port: http.port,
    close: async () => {
      remove();
      routes.close();
    },
  };
}

/** The config without the bots that have no token (each named in an error line), and chats left without members. */
function withTokens(config: Config, tokens: ReadonlyMap<string, string>, logger: Logger): Config {
  const missing = config.bots.filter((b) => !tokens.has(b.id)).map((b) => b.id);
  if (missing.length === 0) return config;
  for (const id of missing) logger.error('telegram.no-token', { bot: id, reason: 'no token in the environment or the database: not started' });
  const chats = config.chats.map((c) => ({ ...c, members: c.members.filter((m) => !missing.includes(m)) })).filter((c) => c.members.length > 0);
  return { ...config, bots: config.bots.filter((b) => !missing.includes(b.id)), chats };
}

/** Builds, connects and starts the node. A failure on the way undoes what was started (the sandbox's
 * server, the node, the listeners) before it is thrown, so nothing is left running. */
export async function startTelegramNode(opts: TelegramNodeOptions): Promise<TelegramNode> {
  const undo: (() => Promise<unknown>)[] = [];
  try {
    return await build(opts, undo);
  } catch (error) {
    for (const u of undo.reverse()) await u().catch(() => undefined);
    throw error;
  }
}

async function build(opts: TelegramNodeOptions, undo: (() => Promise<unknown>)[]): Promise<TelegramNode> {
  const { clock, logger } = opts;
  let config = opts.config;
  const env = opts.telegram;
  let sandbox: Sandbox | undefined;
  let server: SandboxServer | undefined;
  let tokens: Map<string, string>;
  let chatIds: Map<string, number>;
  // A sandbox is a new Telegram each run (its update ids start again): its run is part of the source.
  let source = (token: string): string => botKey(token);
  // The page's command buttons reach the node's command service once it is plugged in (handleCommands).
  let commandHandler: ((chatId: string, body: unknown) => Promise<unknown>) | undefined;
  const pageCommand: SandboxCommandHandler = async (telegramId, body) => {
    const chatId = [...chatIds].find(([, id]) => id === telegramId)?.[0];
    if (chatId === undefined) return { ok: false, error: `no group ${telegramId}` };
    return commandHandler ? commandHandler(chatId, body) : { ok: false, error: 'this node takes no commands' };
  };
  if (env.mode === 'sandbox') {
    // The sandbox keeps the node's time, so a sped-up demo meets Telegram's limits in its own seconds.
    sandbox = new Sandbox({ now: () => clock.now(), limits: config.settings.telegram });
    // Privacy mode off for every bot, so any of them can take over listening for its chat.
    const made = populateSandbox(sandbox, config, () => true);
    tokens = new Map(made.tokens);
    chatIds = new Map(made.chatIds);
    if (opts.stores) await restoreSandbox(sandbox, config, chatIds, opts.stores.transcripts);
    const routeOpts = { hosts: opts.allowedHosts ?? [], command: pageCommand };
    server = opts.http ? mountSandbox(sandbox, opts.http, { ...routeOpts, bindHost: opts.host ?? '127.0.0.1' }) : await serveSandbox(sandbox, { port: env.port ?? 8080, host: opts.host ?? '127.0.0.1', ...routeOpts });
    const open = server;
    undo.push(() => open.close());
    const run = randomBytes(6).toString('hex');
    source = (token) => `sandbox-${run}:${botKey(token)}`;
  } else {
    tokens = new Map(env.tokens);
    chatIds = new Map(env.chatIds);
    // Bots a command added in an earlier run have their token sealed in the database, not in the environment.
    for (const b of config.bots) {
      const sealed = tokens.has(b.id) ? undefined : await opts.tokenOf?.(b.id);
      if (sealed) tokens.set(b.id, sealed);
    }
    config = withTokens(config, tokens, logger);
  }
  const apiRoot = server?.url ?? (env.mode === 'telegram' ? env.apiRoot : undefined);

  let node: SingleNode | undefined;
  // Bots found down before the chats exist (at connect) are reported to them once they start.
  let started = false;
  const early: [string, string][] = [];
  const memberDown = (chatId: string, botId: string): void => {
    if (started) node?.toChat(chatId, { kind: 'memberDown', botId });
    else early.push([chatId, botId]);
  };
  const downCards = new Map<string, string>();
  const telegram = new GrammyTelegram({
    bots: config.bots.map((b) => ({ botId: b.id, token: tokens.get(b.id)!, username: b.handle })),
    chats: [...chatIds].map(([chatId, telegramId]) => ({ chatId, telegramId, members: config.chats.find((c) => c.id === chatId)?.members ?? [] })),
    ...(apiRoot ? { apiRoot } : {}),
    clock, logger, limits: config.settings.telegram,
    ...(sandbox ? { wallClock: clock } : {}),
    ...(env.mode === 'telegram' && env.sendKeys ? { sendKeys: true } : {}),
    ...(opts.onTelegramRequest ? { onRequest: opts.onTelegramRequest } : {}),
    onBotDown: (botId, reason, chatId) => {
      downCards.set(botId, reason);
      for (const c of config.chats) if ((chatId === undefined || chatId === c.id) && c.members.includes(botId)) memberDown(c.id, botId);
    },
  });

  const handlers = new Set<(m: HumanMessage) => void>();
  const humans = { onHuman(h: (m: HumanMessage) => void) { handlers.add(h); return () => handlers.delete(h); } };
  node = createSingleNode({ ...opts, config, telegramPort: telegram, humans, script: false });
  const built = node;
  undo.push(() => built.stop());
  const removeCheck = opts.http?.readiness.add('telegram', telegramCheck(config.bots.map((b) => b.id), (id) => telegram.breakerState(id)));
  const deliver = (m: HumanMessage): void => {
    for (const h of [...handlers]) h(m);
  };
  const intake = opts.intake ? opts.intake(deliver) : new MemoryIntake(deliver, { record: opts.record ?? true });

  for (const problem of await telegram.connect()) logger.error('telegram.connect', { problem });

  // One listener per token: each chat listens through its first member bot; when that one cannot
  // listen any more (token revoked, removed from the group, another poller), the next member takes over.
  const listeners = new Map<string, TelegramListener>();
  const gone = new Set<string>();
  const listen = (token: string, chats: Map<number, string>): TelegramListener => {
    const l = new TelegramListener({
      token, chats, clock, logger, intake, source: source(token), timeoutSec: opts.pollSec ?? 30,
      ...(apiRoot ? { apiRoot } : {}),
      // One URL per token on the one webhook server: <url>/<bot id>.
      ...(env.mode === 'telegram' && env.webhook ? { webhook: { url: `${env.webhook.url.replace(/\/+$/, '')}/${botKey(token)}`, secret: env.webhook.secret } } : {}),
      ...(env.mode === 'telegram' && env.privateNote ? { privateNote: env.privateNote } : {}),
      onStopped: () => {
        gone.add(token);
        listeners.delete(token);
        takeOver(token, l.chatEntries());
      },
      onRemoved: (chatId) => {
        gone.add(`${token} ${chatId}`);
        takeOver(token, [[chatIds.get(chatId)!, chatId]]);
      },
    });
    listeners.set(token, l);
    return l;
  };
  const takeOver = (from: string, chats: readonly (readonly [number, string])[]): void => {
    for (const [telegramId, chatId] of chats) {
      const members = node!.catalog().chats.find((c) => c.id === chatId)?.members ?? [];
      const next = members.map((id) => tokens.get(id)).find((t): t is string => t !== undefined && t !== from && !gone.has(t) && !gone.has(`${t} ${chatId}`));
      if (!next) {
        logger.error('telegram.listener.none-left', { chat: chatId, reason: `no bot of chat ${chatId} can listen any more: people there are not heard` });
        continue;
      }
      logger.warn('telegram.listener.failover', { chat: chatId, from: botKey(from), to: botKey(next), note: 'the new listener hears everyone only with privacy mode off' });
      const existing = listeners.get(next);
      if (existing) existing.listenTo(telegramId, chatId);
      else void listen(next, new Map([[telegramId, chatId]])).start().catch((e: unknown) => logger.error('telegram.listener.start-failed', { chat: chatId, error: e instanceof Error ? e.message : String(e) }));
    }
  };
  const firstChats = new Map<string, Map<number, string>>();
  for (const c of config.chats) {
    const token = tokens.get(c.members[0]!)!;
    const chats = firstChats.get(token) ?? new Map<number, string>();
    chats.set(chatIds.get(c.id)!, c.id);
    firstChats.set(token, chats);
  }
  for (const [token, chats] of firstChats) listen(token, chats);
  undo.push(() => Promise.all([...listeners.values()].map((l) => l.stop())));

  node.start();
  started = true;
  for (const [chatId, botId] of early.splice(0)) node.toChat(chatId, { kind: 'memberDown', botId });
  // What a previous run recorded but its chats did not, before anything new is taken.
  await intake.replay();
  const hooks = env.mode === 'telegram' && env.webhook ? await serveWebhooks(env.webhook, (id) => [...listeners.values()].find((l) => botKey(l.token) === id), opts.host) : undefined;
  if (hooks) undo.push(() => hooks.close());
  for (const l of [...listeners.values()]) await l.start();

  const cleanups: (() => void)[] = [];
  if (sandbox) {
    if (opts.script ?? true) scheduleScripts(config, sandbox, chatIds, clock, cleanups);
    const box = sandbox;
    const n = node;
    const refresh = async (): Promise<void> => {
      const market = n.market.snapshot();
      const cards: BotCard[] = [];
      for (const b of n.catalog().bots) {
        const status = await n.botStatus(b.id).catch(() => undefined);
        const pnl = portfolioPnlPct(b, market);
        const down = downCards.get(b.id);
        cards.push({ username: b.handle, name: b.name, ...(status ? { mood: status.mood, sentLastHour: status.sentLastHour } : {}), ...(pnl !== undefined ? { pnlPct: pnl } : {}), ...(down ? { down } : {}) });
      }
      box.setCards(cards);
    };
    await refresh();
    const every = setInterval(() => void refresh().catch((e: unknown) => logger.debug('sandbox.cards.failed', { error: String(e) })), opts.cardsEveryMs ?? 2_000);
    cleanups.push(() => clearInterval(every));
  }

  // Changes while running: Telegram's side first (sandbox, adapter, listeners), then the actors.
  const { check, apply } = telegramChanges({
    node, telegram, tokens, chatIds, listeners, gone, listen, takeOver, logger,
    ...(sandbox ? { sandbox } : {}), ...(opts.tokenOf ? { tokenOf: opts.tokenOf } : {}),
  });

  return {
    node, telegram, chatIds, intake, listeners, check, apply,
    handleCommands: (handler) => void (commandHandler = handler),
    ...(sandbox ? { sandbox } : {}),
    ...(server ? { server } : {}),
    onHuman: humans.onHuman,
    async stop() {
      for (const c of cleanups.splice(0)) c();
      await Promise.all([...listeners.values()].map((l) => l.stop()));
      await hooks?.close();
      await node.stop();
      removeCheck?.();
      await server?.close();
    },
  };
}

/** The config's scripted people, written into the sandbox's group on the node's clock. */
function scheduleScripts(config: Config, sandbox: Sandbox, chatIds: ReadonlyMap<string, number>, clock: Clock, cleanups: (() => void)[]): void {
  for (const c of config.chats) {
    const ids = new Map<string, number>();
    for (const line of c.script) {
      const t = clock.setTimer(line.afterSec * 1000, () => {
        const replyTo = line.replyTo ? ids.get(line.replyTo) : undefined;
        const m = sandbox.human({ chatId: chatIds.get(c.id)!, username: line.user, text: line.text, ...(replyTo !== undefined ? { replyTo } : {}) });
        ids.set(line.id, m.message_id);
      });
      cleanups.push(() => clock.clearTimer(t));
    }
  }
}
