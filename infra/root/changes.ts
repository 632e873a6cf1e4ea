// Changes to a running node without a restart: bots and chats added or removed, bots disabled and
// enabled again, members added,
// settings changed, news shocks applied. Each change is plain data, so a cluster can broadcast it and
// every node applies it to what it hosts.
import type {
  ActorRef, ActorSystem, BotMessage, ChatActorMessage, EntityAddress, Logger, MarketControl, NewsItem, Persona,
} from '../../actors/index.ts';
import type { ChatSpec, DisabledBot, Settings } from '../config/index.ts';

/** One change to the swarm, as every node receives it. */
export type NodeChange =
  | { readonly kind: 'news'; readonly news: NewsItem }
  /** `hasToken`: a sealed token was stored for it (real Telegram needs one). */
  | { readonly kind: 'bot.add'; readonly bot: Persona; readonly hasToken?: boolean }
  /** A bot's persona replaced: its actor restarts with it (state and budget reloaded), its chats learn it. */
  | { readonly kind: 'bot.update'; readonly bot: Persona }
  /** Stopped and out of its chats' member lists, kept (as removed) so bots.enable may bring it back. */
  | { readonly kind: 'bot.remove'; readonly botId: string }
  /** Stopped and no longer offered turns; it stays a member of its chats (see `disabled`). */
  | { readonly kind: 'bot.disable'; readonly botId: string }
  /** A disabled bot back with its stored persona, in `chats` (those of its chats that still run). */
  | { readonly kind: 'bot.enable'; readonly bot: Persona; readonly chats: readonly string[] }
  /** `telegramId`: the group's Telegram id (real Telegram needs one; the sandbox makes one up). */
  | { readonly kind: 'chat.add'; readonly chat: ChatSpec; readonly telegramId?: number }
  | { readonly kind: 'chat.remove'; readonly chatId: string }
  | { readonly kind: 'member.add'; readonly chatId: string; readonly botId: string }
  | { readonly kind: 'member.remove'; readonly chatId: string; readonly botId: string }
  | { readonly kind: 'settings'; readonly settings: Settings };

/** A symbol's price around a news shock on this node's market. */
export interface PriceMove {
  readonly from: number;
  readonly to: number;
  /** to / from − 1. */
  readonly pct: number;
  /** The session was closed: the shock waits for the next open. */
  readonly pending?: true;
}

/** What applying a change did here: hosted actors started or stopped, prices moved, settings live. */
export interface ChangeResult {
  readonly started?: readonly string[];
  readonly stopped?: readonly string[];
  readonly moves?: Readonly<Record<string, PriceMove>>;
  /** Settings that took effect at once / that take effect at the next start. */
  readonly live?: readonly string[];
  readonly nextStart?: readonly string[];
}

/** The node's live parts a change touches. */
export interface LiveNode {
  readonly system: ActorSystem;
  readonly logger: Logger;
  readonly market: MarketControl;
  /** The node's current bots and chats (the change updates them). */
  readonly personas: Map<string, Persona>;
  readonly chatSpecs: Map<string, ChatSpec>;
  /** Bots that do not run (disabled or removed), with the chats a disabled one is still a member of. */
  readonly disabled: Map<string, DisabledBot>;
  /** Running actors of this node. */
  readonly bots: Map<string, ActorRef<BotMessage>>;
  readonly chats: Map<string, ActorRef<ChatActorMessage>>;
  /** The settings object every chat and bot of the node reads (changed in place). */
  readonly settings: Settings;
  hosts(address: EntityAddress): boolean;
  spawnBot(persona: Persona): void;
  spawnChat(chat: ChatSpec): void;
  toChat(chatId: string, message: ChatActorMessage): void;
  toBot(botId: string, message: BotMessage): void;
}

/** Settings read where they are used (changed in place, they take effect at once); the rest are read
 * when a chat or the node starts. */
const LIVE_SETTINGS = new Set(['replyProbability', 'replyToBotsProbability', 'mentionProbability', 'reactionProbability', 'maxBotChain',
  'maxPairExchanges', 'baseTurnSec', 'primeTurnSec', 'minTurnSec', 'maxTurnSec', 'transcriptWindow', 'staleAfterMessages', 'typing', 'dayCurve', 'lengthProfile']);

function applySettings(target: Settings, next: Settings): ChangeResult {
  const live: string[] = [];
  const nextStart: string[] = [];
  const t = target as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(next) as [string, unknown][]) {
    if (JSON.stringify(t[key]) === JSON.stringify(value)) continue;
    if (key === 'dedup') {
      // The thresholds are read at each check; the window sizes when a chat or bot starts.
      const d = t.dedup as Record<string, number>;
      const n = value as Record<string, number>;
      for (const k of ['shingle', 'words']) if (d[k] !== n[k]) (d[k] = n[k]!, live.push(`dedup.${k}`));
      for (const k of ['chatWindow', 'botWindow']) if (d[k] !== n[k]) (d[k] = n[k]!, nextStart.push(`dedup.${k}`));
    } else if (LIVE_SETTINGS.has(key)) {
      if (typeof value === 'object' && value !== null) Object.assign(t[key] as object, value);
      else t[key] = value;
      live.push(key);
    } else {
      t[key] = typeof value === 'object' && value !== null ? { ...value } : value;
      nextStart.push(key);
    }
  }
  return { live, nextStart };
}

/** Applies `change` to `node`. Throws only on a bug; the command layer checked the change first. */
export async function applyChange(node: LiveNode, change: NodeChange): Promise<ChangeResult> {
  switch (change.kind) {
    case 'news': {
      const before = new Map(change.news.symbols.map((s) => [s, node.market.quote(s)]));
      node.market.injectNews(change.news);
      const moves: Record<string, PriceMove> = {};
      for (const [symbol, q] of before) {
        const after = node.market.quote(symbol);
        if (!q || !after) continue;
        moves[symbol] = { from: q.price, to: after.price, pct: after.price / q.price - 1, ...(after.open ? {} : { pending: true as const }) };
      }
      for (const chatId of node.chats.keys()) node.toChat(chatId, { kind: 'news', news: change.news });
      // Holders feel it (once per bot, whatever the number of its chats).
      for (const botId of node.bots.keys()) {
        const p = node.personas.get(botId);
        if (p?.holdings.some((h) => change.news.symbols.includes(h.symbol))) node.toBot(botId, { kind: 'heard', event: { kind: 'news', impact: change.news.impact } });
      }
      return { moves };
    }
    case 'bot.add':
      running(node, change.bot);
      return startHere(node, change.bot);
    case 'bot.update': {
      node.personas.set(change.bot.id, change.bot);
      for (const c of node.chatSpecs.values()) if (c.members.includes(change.bot.id)) memberList(node, c);
      if (!(await stopActor(node, node.bots, change.bot.id))) return {};
      node.spawnBot(change.bot);
      return { stopped: [`bot:${change.bot.id}`], started: [`bot:${change.bot.id}`] };
    }
    case 'bot.remove': {
      const bot = node.personas.get(change.botId) ?? node.disabled.get(change.botId)?.bot;
      return retire(node, change.botId, bot && (() => ({ bot, chats: [], removed: true })));
    }
    case 'bot.disable': {
      const bot = node.personas.get(change.botId);
      if (!bot) return {};
      return retire(node, change.botId, (chats) => ({ bot, chats }));
    }
    case 'bot.enable': {
      const { bot } = change;
      running(node, bot);
      for (const chatId of change.chats) {
        const c = node.chatSpecs.get(chatId);
        if (c && !c.members.includes(bot.id)) memberList(node, { ...c, members: [...c.members, bot.id] });
      }
      return startHere(node, bot);
    }
    case 'chat.add': {
      node.chatSpecs.set(change.chat.id, change.chat);
      if (node.chats.has(change.chat.id) || !node.hosts({ kind: 'chat', id: change.chat.id })) return {};
      node.spawnChat(change.chat);
      return { started: [`chat:${change.chat.id}`] };
    }
    case 'chat.remove': {
      node.chatSpecs.delete(change.chatId);
      return (await stopActor(node, node.chats, change.chatId)) ? { stopped: [`chat:${change.chatId}`] } : {};
    }
    case 'member.add': {
      const c = node.chatSpecs.get(change.chatId);
      if (!c || c.members.includes(change.botId)) return {};
      memberList(node, { ...c, members: [...c.members, change.botId] });
      return {};
    }
    case 'member.remove': {
      const d = node.disabled.get(change.botId);
      if (d) node.disabled.set(change.botId, { ...d, chats: d.chats.filter((id) => id !== change.chatId) });
      const c = node.chatSpecs.get(change.chatId);
      if (!c || !c.members.includes(change.botId)) return {};
      memberList(node, { ...c, members: c.members.filter((m) => m !== change.botId) });
      return {};
    }
    case 'settings':
      return applySettings(node.settings, change.settings);
  }
}

/** Stops the actor of `id` when it runs here; true when it did. */
async function stopActor(node: LiveNode, running: Map<string, ActorRef<never>>, id: string): Promise<boolean> {
  const ref = running.get(id);
  if (!ref) return false;
  running.delete(id);
  await node.system.stop(ref);
  return true;
}

/** A bot that runs (added or enabled): its persona known, no longer among the disabled. */
function running(node: LiveNode, bot: Persona): void {
  node.disabled.delete(bot.id);
  node.personas.set(bot.id, bot);
}

/** Starts a running bot's actor when this node hosts it and it is not up yet. */
function startHere(node: LiveNode, bot: Persona): ChangeResult {
  if (node.bots.has(bot.id) || !node.hosts({ kind: 'bot', id: bot.id })) return {};
  node.spawnBot(bot);
  return { started: [`bot:${bot.id}`] };
}

/** A bot that no longer runs (removed or disabled): out of its chats' member lists and the personas,
 * kept as `entry(the chats it left)` when given, its actor stopped. */
async function retire(node: LiveNode, botId: string, entry: ((chats: string[]) => DisabledBot) | undefined): Promise<ChangeResult> {
  const chats = leaveChats(node, botId);
  node.personas.delete(botId);
  if (entry) node.disabled.set(botId, entry(chats));
  return (await stopActor(node, node.bots, botId)) ? { stopped: [`bot:${botId}`] } : {};
}

/** Takes a bot out of the member lists of the chats it is in; returns those chats. */
function leaveChats(node: LiveNode, botId: string): string[] {
  const left: string[] = [];
  for (const c of node.chatSpecs.values()) {
    if (!c.members.includes(botId)) continue;
    memberList(node, { ...c, members: c.members.filter((m) => m !== botId) });
    left.push(c.id);
  }
  return left;
}

/** A chat's new member list: kept, and told to its actor when it runs here. */
function memberList(node: LiveNode, chat: ChatSpec): void {
  node.chatSpecs.set(chat.id, chat);
  if (!node.chats.has(chat.id)) return;
  const personas = chat.members.map((id) => node.personas.get(id)).filter((p): p is Persona => p !== undefined);
  node.toChat(chat.id, { kind: 'members', personas });
}
