// Composition root of one node on Telegram: the grammY adapter for the bots' sends, one listener per
// token for the people, and — when no real tokens are configured — the embedded sandbox with its web
// page, fed with each bot's mood and P&L. The actors are the same as in single.ts.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Clock, HumanMessage, Logger, MarketSnapshot, Persona } from '../../actors/index.ts';
import {
  FileOffsetStore, GrammyTelegram, MemoryOffsetStore, Sandbox, TelegramListener, sandboxRoutes, serveSandbox,
  type BotCard, type OffsetStore, type SandboxServer,
} from '../../transport/index.ts';
import type { NodeHttp } from '../http/index.ts';
import type { Config, TelegramEnv } from '../config/index.ts';
import { createSingleNode, type SingleNode, type SingleNodeOptions } from './single.ts';

export interface TelegramNodeOptions extends Omit<SingleNodeOptions, 'telegramPort' | 'humans' | 'script'> {
  readonly telegram: TelegramEnv;
  /** Where listeners keep their offsets with real tokens. Default .piyasa/telegram-offsets.json. */
  readonly offsetsFile?: string;
  /** Host of the sandbox's HTTP server. Default 127.0.0.1. */
  readonly host?: string;
  /** How often the bot cards on the page are refreshed (wall ms). Default 2000. */
  readonly cardsEveryMs?: number;
  /** Long-poll seconds of the listeners. Default 30. */
  readonly pollSec?: number;
  /** Sandbox only: inject the chats' scripted human lines into the group (as people). Default true. */
  readonly script?: boolean;
  /** The node's HTTP server: the sandbox's page and Bot API become routes of it. Without it the
   * sandbox serves them on a server of its own (`telegram.port`). */
  readonly http?: NodeHttp;
}

export interface TelegramNode {
  readonly node: SingleNode;
  readonly telegram: GrammyTelegram;
  /** The sandbox and its server, when no real tokens are configured. */
  readonly sandbox?: Sandbox;
  readonly server?: SandboxServer;
  /** Telegram chat id of each chat. */
  readonly chatIds: ReadonlyMap<string, number>;
  /** Every human message the listeners took, as they handed it to the chats. */
  onHuman(handler: (m: HumanMessage) => void): () => void;
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

/** The config's bots (with sandbox-only tokens, made up per run) and groups in `sandbox`.
 * `canReadAll`: which bots see every group message (privacy mode off). */
export function populateSandbox(sandbox: Sandbox, config: Config, canReadAll: (botId: string) => boolean): { tokens: ReadonlyMap<string, string>; chatIds: ReadonlyMap<string, number> } {
  const tokens = new Map<string, string>();
  config.bots.forEach((b, i) => {
    tokens.set(b.id, `${7_000_000_001 + i}:${randomBytes(24).toString('base64url')}`);
    sandbox.addBot({ token: tokens.get(b.id)!, username: b.handle, firstName: b.name, canReadAll: canReadAll(b.id) });
  });
  const chatIds = new Map(config.chats.map((c, i) => [c.id, -1_001_000_000_001 - i]));
  for (const c of config.chats) sandbox.addChat({ id: chatIds.get(c.id)!, title: c.title, bots: c.members.map((id) => config.bots.find((b) => b.id === id)!.handle) });
  return { tokens, chatIds };
}

/** The sandbox's routes on the node's HTTP server; closing removes them. */
function mountSandbox(sandbox: Sandbox, http: NodeHttp): SandboxServer {
  const routes = sandboxRoutes(sandbox);
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

/** Builds, connects and starts the node. */
export async function startTelegramNode(opts: TelegramNodeOptions): Promise<TelegramNode> {
  const { config, clock, logger } = opts;
  const env = opts.telegram;
  let sandbox: Sandbox | undefined;
  let server: SandboxServer | undefined;
  let tokens: ReadonlyMap<string, string>;
  let chatIds: ReadonlyMap<string, number>;
  let offsets: OffsetStore;
  if (env.mode === 'sandbox') {
    // The sandbox keeps the node's time, so a sped-up demo meets Telegram's limits in its own seconds.
    sandbox = new Sandbox({ now: () => clock.now(), limits: config.settings.telegram });
    // Privacy mode off for every bot, so any of them can take over listening for its chat.
    ({ tokens, chatIds } = populateSandbox(sandbox, config, () => true));
    server = opts.http ? mountSandbox(sandbox, opts.http) : await serveSandbox(sandbox, { port: env.port ?? 8080, host: opts.host ?? '127.0.0.1' });
    offsets = new MemoryOffsetStore();
  } else {
    tokens = env.tokens;
    chatIds = env.chatIds;
    offsets = new FileOffsetStore(opts.offsetsFile ?? '.piyasa/telegram-offsets.json');
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
    onBotDown: (botId, reason, chatId) => {
      downCards.set(botId, reason);
      for (const c of config.chats) if ((chatId === undefined || chatId === c.id) && c.members.includes(botId)) memberDown(c.id, botId);
    },
  });

  const handlers = new Set<(m: HumanMessage) => void>();
  const humans = { onHuman(h: (m: HumanMessage) => void) { handlers.add(h); return () => handlers.delete(h); } };
  node = createSingleNode({ ...opts, telegramPort: telegram, humans, script: false });

  for (const problem of await telegram.connect()) logger.error('telegram.connect', { problem });

  // One listener per token: each chat listens through its first member bot; when that one cannot
  // listen any more (token revoked, removed from the group, another poller), the next member takes over.
  const listeners = new Map<string, TelegramListener>();
  const gone = new Set<string>();
  const listen = (token: string, chats: Map<number, string>): TelegramListener => {
    const l = new TelegramListener({
      token, chats, offsets, clock, logger, timeoutSec: opts.pollSec ?? 30,
      ...(apiRoot ? { apiRoot } : {}),
      // One URL per token on the one webhook server: <url>/<bot id>.
      ...(env.mode === 'telegram' && env.webhook ? { webhook: { url: `${env.webhook.url.replace(/\/+$/, '')}/${botKey(token)}`, secret: env.webhook.secret } } : {}),
      ...(env.mode === 'telegram' && env.privateNote ? { privateNote: env.privateNote } : {}),
      onHuman: (m) => {
        for (const h of [...handlers]) h(m);
      },
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
      const members = config.chats.find((c) => c.id === chatId)?.members ?? [];
      const next = members.map((id) => tokens.get(id)!).find((t) => t !== from && !gone.has(t) && !gone.has(`${t} ${chatId}`));
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

  node.start();
  started = true;
  for (const [chatId, botId] of early.splice(0)) node.toChat(chatId, { kind: 'memberDown', botId });
  const hooks = env.mode === 'telegram' && env.webhook ? await serveWebhooks(env.webhook, (id) => [...listeners.values()].find((l) => botKey(l.token) === id), opts.host) : undefined;
  for (const l of [...listeners.values()]) await l.start();

  const cleanups: (() => void)[] = [];
  if (sandbox) {
    if (opts.script ?? true) scheduleScripts(config, sandbox, chatIds, clock, cleanups);
    const box = sandbox;
    const n = node;
    const refresh = async (): Promise<void> => {
      const market = n.market.snapshot();
      const cards: BotCard[] = [];
      for (const b of config.bots) {
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

  return {
    node, telegram, chatIds,
    ...(sandbox ? { sandbox } : {}),
    ...(server ? { server } : {}),
    onHuman: humans.onHuman,
    async stop() {
      for (const c of cleanups.splice(0)) c();
      await Promise.all([...listeners.values()].map((l) => l.stop()));
      await hooks?.close();
      await node.stop();
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
