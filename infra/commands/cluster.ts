// Cluster commands (`piyasa.cmd`): status, and the changes to the swarm — bots and chats added and
// removed, bots disabled and enabled, members added, settings set, memories added and forgotten —
// checked with the YAML config's own schema and rules, stored, applied on this node and broadcast to
// the others.
import type { CommandReply } from '../../actors/index.ts';
import { validateBot, validateChat, validateSetting, type Checked, type ChatSpec, type Settings } from '../config/index.ts';
import type { NodeChange } from '../root/changes.ts';
import { refuse, unknownCommand } from './body.ts';
import { anything, checkFields, number, text, type FieldSpec } from './fields.ts';
import { addMemory, removeMemory } from './memories.ts';
import type { CatalogStore, CommandNode } from './types.ts';

export const CLUSTER_COMMANDS = [
  'status', 'bots.add', 'bots.update', 'bots.remove', 'bots.disable', 'bots.enable', 'chats.add', 'chats.remove', 'members.add', 'members.remove',
  'settings.set', 'memories.add', 'memories.remove',
] as const;

const id: FieldSpec = { rule: text(1, 64) };
const TOKEN = /^\d{5,}:[A-Za-z0-9_-]{20,}$/;
const token: FieldSpec = { rule: (v) => (typeof v === 'string' && TOKEN.test(v) ? undefined : 'must look like a bot token ("<digits>:<secret>")'), optional: true };

const SPECS: Record<(typeof CLUSTER_COMMANDS)[number], Readonly<Record<string, FieldSpec>>> = {
  'status': {},
  'bots.add': { bot: { rule: anything }, token },
  'bots.update': { bot: { rule: anything } },
  'bots.remove': { bot: id },
  'bots.disable': { bot: id },
  'bots.enable': { bot: id },
  'chats.add': { chat: { rule: anything }, telegramId: { rule: number({ int: true, min: -(2 ** 53), max: 2 ** 53 }), optional: true } },
  'chats.remove': { chat: id },
  'members.add': { chat: id, bot: id },
  'members.remove': { chat: id, bot: id },
  'settings.set': { key: id, value: { rule: anything } },
  'memories.add': { bot: id, memory: { rule: anything } },
  'memories.remove': { bot: id, id: { rule: number({ int: true, min: 1, max: 2 ** 53 }) } },
};

type ClusterCmd = (typeof CLUSTER_COMMANDS)[number];
const isClusterCommand = (c: string): c is ClusterCmd => (CLUSTER_COMMANDS as readonly string[]).includes(c);

/** A refused entry: its first problem as the answer (at `<entry>.<path>`), all of them under `errors`. */
function invalid<T>(cmd: string, entry: string, r: Exclude<Checked<T>, { ok: true }>): CommandReply {
  const errors = r.errors.map((e) => ({ field: e.path ? `${entry}.${e.path}` : entry, error: e.message }));
  const first = errors[0] ?? { field: entry, error: 'is not valid' };
  return { ok: false, error: `${cmd}: ${first.field}: ${first.error}`, field: first.field, errors };
}

export interface ClusterContext {
  readonly node: CommandNode;
  readonly store: CatalogStore;
  /** Clock time, stamped on memories. */
  now(): number;
}

/** Stores, applies here and broadcasts a change; the answer says what happened where. */
async function change(ctx: ClusterContext, cmd: string, c: NodeChange, store: () => Promise<void>, answer: Record<string, unknown>): Promise<CommandReply> {
  const why = ctx.node.check?.(c);
  if (why) return refuse(`${cmd}: ${why}`, why.split(':')[0]);
  await store();
  let result;
  try {
    result = await ctx.node.apply(c);
  } catch (error) {
    return refuse(`${cmd}: stored, but node ${ctx.node.id} could not apply it: ${error instanceof Error ? error.message : String(error)}`);
  }
  ctx.node.broadcast(c);
  return { ok: true, cmd, ...answer, persisted: ctx.store.durable, node: ctx.node.id, ...result };
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
  const fields = checkFields(name, body, SPECS[name]);
  if (!fields.ok) return fields.reply;
  const catalog = ctx.node.catalog();
  const bot = (botId: unknown) => catalog.bots.find((b) => b.id === botId);
  const chat = (chatId: unknown) => catalog.chats.find((c) => c.id === chatId);
  /** A bot that does not run (disabled, or removed: `removed`). */
  const off = (botId: unknown) => catalog.disabled?.find((d) => d.bot.id === botId);
  switch (name) {
    case 'status':
      return status(ctx);
    case 'bots.add': {
      const r = validateBot(body.bot, catalog.bots);
      if (!r.ok) return invalid(name, 'bot', r);
      const p = r.value;
      if (bot(p.id)) return refuse(`bots.add: bot.id: bot "${p.id}" exists already`, 'bot.id');
      if (off(p.id) && !off(p.id)!.removed) return refuse(`bots.add: bot.id: bot "${p.id}" exists, disabled (bots.enable brings it back)`, 'bot.id');
      const holder = catalog.disabled?.find((d) => d.bot.id !== p.id && d.bot.handle.toLowerCase() === p.handle.toLowerCase());
      if (holder) return refuse(`bots.add: bot.handle: "${p.handle}" is the handle of bot "${holder.bot.id}" (${holder.removed ? 'removed' : 'disabled'})`, 'bot.handle');
      const t = body.token as string | undefined;
      if (t && !ctx.store.sealsTokens) return refuse('bots.add: token: a bot token is kept only in a database, sealed under PIYASA_TOKEN_KEY (set both)', 'token');
      return change(ctx, name, { kind: 'bot.add', bot: p, ...(t ? { hasToken: true } : {}) }, async () => {
        await ctx.store.saveBot(p);
        if (t) await ctx.store.saveToken(p.id, t);
      }, { bot: { id: p.id, handle: p.handle, name: p.name } });
    }
    case 'bots.update': {
      const r = validateBot(body.bot, catalog.bots);
      if (!r.ok) return invalid(name, 'bot', r);
      const p = r.value;
      const old = bot(p.id);
      if (!old && off(p.id)) return refuse(`bots.update: bot.id: bot "${p.id}" is ${off(p.id)!.removed ? 'removed' : 'disabled'} (bots.enable brings it back; then update it)`, 'bot.id');
      if (!old) return refuse(`bots.update: bot.id: no bot "${p.id}" (bots.add adds one)`, 'bot.id');
      if (old.handle.toLowerCase() !== p.handle.toLowerCase()) return refuse(`bots.update: bot.handle: the handle is the bot's Telegram username and stays "${old.handle}" (remove the bot and add a new one)`, 'bot.handle');
      return change(ctx, name, { kind: 'bot.update', bot: p }, () => ctx.store.saveBot(p), { bot: { id: p.id, handle: p.handle, name: p.name } });
    }
    case 'bots.remove': {
      const botId = body.bot as string;
      if (!bot(botId) && (!off(botId) || off(botId)!.removed)) return refuse(`bots.remove: no bot "${botId}"`, 'bot');
      const last = lastMemberOf(catalog.chats, botId);
      if (last) return refuse(`bots.remove: bot "${botId}" is the last member of chat "${last}"; remove the chat first (chats.remove)`, 'bot');
      return change(ctx, name, { kind: 'bot.remove', botId }, () => ctx.store.removeBot(botId), { bot: botId });
    }
    case 'bots.disable': {
      const botId = body.bot as string;
      if (off(botId)) return refuse(`bots.disable: bot "${botId}" is ${off(botId)!.removed ? 'removed' : 'disabled'} already`, 'bot');
      if (!bot(botId)) return refuse(`bots.disable: no bot "${botId}"`, 'bot');
      const last = lastMemberOf(catalog.chats, botId);
      if (last) return refuse(`bots.disable: bot "${botId}" is the last enabled member of chat "${last}"; enable or add another member first`, 'bot');
      const chats = catalog.chats.filter((c) => c.members.includes(botId)).map((c) => c.id);
      return change(ctx, name, { kind: 'bot.disable', botId }, () => ctx.store.disableBot(botId), { bot: botId, chats });
    }
    case 'bots.enable': {
      const botId = body.bot as string;
      if (bot(botId)) return refuse(`bots.enable: bot "${botId}" is enabled already`, 'bot');
      const d = off(botId);
      if (!d) return refuse(`bots.enable: no bot "${botId}"`, 'bot');
      const taken = catalog.bots.find((b) => b.handle.toLowerCase() === d.bot.handle.toLowerCase());
      if (taken) return refuse(`bots.enable: bot "${botId}": its handle "${d.bot.handle}" is bot "${taken.id}"'s now`, 'bot');
      const chats = d.chats.filter((c) => chat(c));
      return change(ctx, name, { kind: 'bot.enable', bot: d.bot, chats }, () => ctx.store.enableBot(botId),
        { bot: { id: d.bot.id, handle: d.bot.handle, name: d.bot.name }, chats });
    }
    case 'chats.add': {
      const r = validateChat(body.chat, catalog.bots);
      if (!r.ok) return invalid(name, 'chat', r);
      const c: ChatSpec = r.value;
      if (chat(c.id)) return refuse(`chats.add: chat.id: chat "${c.id}" exists already`, 'chat.id');
      const telegramId = body.telegramId as number | undefined;
      return change(ctx, name, { kind: 'chat.add', chat: c, ...(telegramId !== undefined ? { telegramId } : {}) }, () => ctx.store.saveChat(c), { chat: { id: c.id, title: c.title, members: c.members } });
    }
    case 'chats.remove': {
      const chatId = body.chat as string;
      if (!chat(chatId)) return refuse(`chats.remove: no chat "${chatId}"`, 'chat');
      return change(ctx, name, { kind: 'chat.remove', chatId }, () => ctx.store.removeChat(chatId), { chat: chatId });
    }
    case 'members.add': {
      const chatId = body.chat as string;
      const botId = body.bot as string;
      const c = chat(chatId);
      if (!c) return refuse(`members.add: no chat "${chatId}"`, 'chat');
      if (off(botId)) return refuse(`members.add: bot "${botId}" is ${off(botId)!.removed ? 'removed' : 'disabled'} (bots.enable brings it back)`, 'bot');
      if (!bot(botId)) return refuse(`members.add: no bot "${botId}"`, 'bot');
      if (c.members.includes(botId)) return refuse(`members.add: bot "${botId}" is a member of chat "${chatId}" already`, 'bot');
      return change(ctx, name, { kind: 'member.add', chatId, botId }, () => ctx.store.addMember(chatId, botId), { chat: chatId, bot: botId, members: [...c.members, botId] });
    }
    case 'members.remove': {
      const chatId = body.chat as string;
      const botId = body.bot as string;
      const c = chat(chatId);
      if (!c) return refuse(`members.remove: no chat "${chatId}"`, 'chat');
      // A disabled bot is still a member (it comes back to the chat when enabled): it may leave.
      if (off(botId)?.chats.includes(chatId)) return change(ctx, name, { kind: 'member.remove', chatId, botId }, () => ctx.store.removeMember(chatId, botId), { chat: chatId, bot: botId, members: c.members });
      if (!c.members.includes(botId)) return refuse(`members.remove: bot "${botId}" is not a member of chat "${chatId}"`, 'bot');
      if (c.members.length === 1) return refuse(`members.remove: bot "${botId}" is the last member of chat "${chatId}"; remove the chat instead (chats.remove)`, 'bot');
      return change(ctx, name, { kind: 'member.remove', chatId, botId }, () => ctx.store.removeMember(chatId, botId), { chat: chatId, bot: botId, members: c.members.filter((m) => m !== botId) });
    }
    case 'settings.set':
      return setSetting(ctx, catalog.settings, body.key as string, body.value);
    case 'memories.add':
      return addMemory(ctx, body.bot as string, body.memory);
    case 'memories.remove':
      return removeMemory(ctx, body.bot as string, body.id as number);
  }
}

/** The chat `botId` is the only running member of, if any: it may not leave it. */
function lastMemberOf(chats: readonly ChatSpec[], botId: string): string | undefined {
  return chats.find((c) => c.members.length === 1 && c.members[0] === botId)?.id;
}

async function setSetting(ctx: ClusterContext, current: Settings, key: string, value: unknown): Promise<CommandReply> {
  const r = validateSetting(key, value, current);
  if (!r.ok) {
    const errors = r.errors.map((e) => ({ field: e.path.replace(/^settings\.?/, '') || key, error: e.message }));
    return { ok: false, error: `settings.set: ${errors[0]!.field}: ${errors[0]!.error}`, field: 'value', errors };
  }
  const stored = (r.value as unknown as Record<string, unknown>)[key];
  return change(ctx, 'settings.set', { kind: 'settings', settings: r.value }, () => ctx.store.putSetting(key, stored), { key, value: stored });
}
