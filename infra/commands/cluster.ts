// Cluster commands (`piyasa.cmd`): status, and the changes to the swarm — bots and chats added and
// removed, members added, settings set — checked with the YAML config's own schema and rules, stored,
// applied on this node and broadcast to the others.
import type { CommandReply, Persona } from '../../actors/index.ts';
import { ConfigError, checkSetting, chatSchema, crossCheck, num, obj, optional, personaSchema, settingsSchema, str, type ChatSpec, type Config, type Settings } from '../config/index.ts';
import type { NodeChange } from '../root/changes.ts';
import { parseWith, refuse, unknownCommand } from './body.ts';
import type { CatalogStore, CommandNode } from './types.ts';

export const CLUSTER_COMMANDS = ['status', 'bots.add', 'bots.remove', 'chats.add', 'chats.remove', 'members.add', 'settings.set'] as const;

const cmd = str();
const id = str({ min: 1, max: 64 });
const TOKEN = /^\d{5,}:[A-Za-z0-9_-]{20,}$/;

const SCHEMAS = {
  'status': obj({ cmd }),
  'bots.add': obj({ cmd, bot: personaSchema, token: optional(str({ check: (t) => (TOKEN.test(t) ? undefined : 'must look like a bot token ("<digits>:<secret>")') })) }),
  'bots.remove': obj({ cmd, bot: id }),
  'chats.add': obj({ cmd, chat: chatSchema, telegramId: optional(num({ int: true })) }),
  'chats.remove': obj({ cmd, chat: id }),
  'members.add': obj({ cmd, chat: id, bot: id }),
  'settings.set': obj({ cmd, key: str({ min: 1, max: 64 }), value: { parse: (v: unknown) => v, optional: false } }),
} as const;

type ClusterCmd = (typeof CLUSTER_COMMANDS)[number];
const isClusterCommand = (c: string): c is ClusterCmd => (CLUSTER_COMMANDS as readonly string[]).includes(c);

/** `config` with one more bot or chat must still pass the config's cross-entry rules; a problem found
 * at the new entry is reported at `field` ("bot.handle"). */
function crossChecked(config: Config, field: 'bot' | 'chat', cmdName: string): CommandReply | undefined {
  const index = field === 'bot' ? config.bots.length - 1 : config.chats.length - 1;
  const own = `${field}s[${index}]`;
  try {
    crossCheck(config);
    return undefined;
  } catch (error) {
    const e = error as { path?: string; rule?: string };
    if (e.path === undefined) throw error;
    const path = e.path.startsWith(own) ? field + e.path.slice(own.length) : e.path;
    return refuse(`${cmdName}: ${path}: ${e.rule}`, path);
  }
}

export interface ClusterContext {
  readonly node: CommandNode;
  readonly store: CatalogStore;
}

/** Stores, applies here and broadcasts a change; the answer says what happened where. */
async function change(ctx: ClusterContext, c: NodeChange, store: () => Promise<void>, answer: Record<string, unknown>): Promise<CommandReply> {
  const why = ctx.node.check?.(c);
  if (why) return refuse(`${answer.cmd as string}: ${why}`, why.split(':')[0]);
  await store();
  let result;
  try {
    result = await ctx.node.apply(c);
  } catch (error) {
    return refuse(`${answer.cmd as string}: stored, but node ${ctx.node.id} could not apply it: ${error instanceof Error ? error.message : String(error)}`);
  }
  ctx.node.broadcast(c);
  return { ok: true, ...answer, persisted: ctx.store.durable, node: ctx.node.id, ...result };
}

async function status(ctx: ClusterContext): Promise<CommandReply> {
  const catalog = ctx.node.catalog();
  const members = await ctx.node.members?.();
  const nodes = members ?? [{ id: ctx.node.id, partitions: Array.from({ length: ctx.node.partitions }, (_, i) => i) }];
  return {
    ok: true, node: ctx.node.id, partitions: ctx.node.partitions,
    nodes: nodes.map((n) => ({ id: n.id, partitions: n.partitions.length })),
    bots: catalog.bots.length, chats: catalog.chats.length, hosted: ctx.node.hosted(),
    llm: ctx.node.llmUsage?.() ?? null,
  };
}

/** Checks and runs one cluster command. */
export async function runClusterCommand(ctx: ClusterContext, body: Record<string, unknown> & { cmd: string }): Promise<CommandReply> {
  const name = body.cmd;
  if (!isClusterCommand(name)) return unknownCommand(name, CLUSTER_COMMANDS, 'cluster');
  const parsed = parseWith(name, () => (SCHEMAS[name] as { parse(v: unknown, p: string): Record<string, unknown> }).parse(body, ''));
  if (!parsed.ok) return parsed.reply;
  const v = parsed.value;
  const catalog = ctx.node.catalog();
  const bot = (botId: string) => catalog.bots.find((b) => b.id === botId);
  const chat = (chatId: string) => catalog.chats.find((c) => c.id === chatId);
  switch (name) {
    case 'status':
      return status(ctx);
    case 'bots.add': {
      const p = v.bot as Persona;
      if (bot(p.id)) return refuse(`bots.add: bot "${p.id}" exists already`, 'bot.id');
      const bad = crossChecked({ ...catalog, bots: [...catalog.bots, p] }, 'bot', name);
      if (bad) return bad;
      const token = v.token as string | undefined;
      if (token && !ctx.store.sealsTokens) return refuse('bots.add: token: a bot token is kept only in a database, sealed under PIYASA_TOKEN_KEY (set both)', 'token');
      return change(ctx, { kind: 'bot.add', bot: p, ...(token ? { hasToken: true } : {}) }, async () => {
        await ctx.store.saveBot(p);
        if (token) await ctx.store.saveToken(p.id, token);
      }, { cmd: name, bot: { id: p.id, handle: p.handle, name: p.name } });
    }
    case 'bots.remove': {
      const botId = v.bot as string;
      if (!bot(botId)) return refuse(`bots.remove: no bot "${botId}"`, 'bot');
      const last = catalog.chats.find((c) => c.members.length === 1 && c.members[0] === botId);
      if (last) return refuse(`bots.remove: bot "${botId}" is the last member of chat "${last.id}"; remove the chat first (chats.remove)`, 'bot');
      return change(ctx, { kind: 'bot.remove', botId }, () => ctx.store.removeBot(botId), { cmd: name, bot: botId });
    }
    case 'chats.add': {
      const c = v.chat as ChatSpec;
      if (chat(c.id)) return refuse(`chats.add: chat "${c.id}" exists already`, 'chat.id');
      const bad = crossChecked({ ...catalog, chats: [...catalog.chats, c] }, 'chat', name);
      if (bad) return bad;
      const telegramId = v.telegramId as number | undefined;
      return change(ctx, { kind: 'chat.add', chat: c, ...(telegramId !== undefined ? { telegramId } : {}) }, () => ctx.store.saveChat(c), { cmd: name, chat: { id: c.id, title: c.title, members: c.members } });
    }
    case 'chats.remove': {
      const chatId = v.chat as string;
      if (!chat(chatId)) return refuse(`chats.remove: no chat "${chatId}"`, 'chat');
      return change(ctx, { kind: 'chat.remove', chatId }, () => ctx.store.removeChat(chatId), { cmd: name, chat: chatId });
    }
    case 'members.add': {
      const chatId = v.chat as string;
      const botId = v.bot as string;
      const c = chat(chatId);
      if (!c) return refuse(`members.add: no chat "${chatId}"`, 'chat');
      if (!bot(botId)) return refuse(`members.add: no bot "${botId}"`, 'bot');
      if (c.members.includes(botId)) return refuse(`members.add: bot "${botId}" is a member of chat "${chatId}" already`, 'bot');
      return change(ctx, { kind: 'member.add', chatId, botId }, () => ctx.store.addMember(chatId, botId), { cmd: name, chat: chatId, bot: botId, members: [...c.members, botId] });
    }
    case 'settings.set':
      return setSetting(ctx, catalog.settings, v.key as string, v.value);
  }
}

async function setSetting(ctx: ClusterContext, current: Settings, key: string, value: unknown): Promise<CommandReply> {
  let next: Settings;
  try {
    checkSetting(key, value);
    next = settingsSchema.parse({ ...current, [key]: value }, 'settings');
  } catch (error) {
    if (error instanceof ConfigError) return refuse(`settings.set: ${error.message.replace(/^setting: settings\./, '')}`, 'value');
    const e = error as { path?: string; rule?: string };
    if (e.path !== undefined) return refuse(`settings.set: ${e.path.replace(/^settings\./, '')}: ${e.rule}`, 'value');
    throw error;
  }
  const stored = (next as unknown as Record<string, unknown>)[key];
  return change(ctx, { kind: 'settings', settings: next }, () => ctx.store.putSetting(key, stored), { cmd: 'settings.set', key, value: stored });
}
