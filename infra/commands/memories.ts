// The cluster commands on a bot's memories: `memories.add` (an operator tells a bot something to
// remember) and `memories.remove` (forgets one). Written where the bot's recall reads them — the
// memories table, or the node's in-memory store — before the answer; nothing to apply on the nodes.
import type { CommandReply } from '../../actors/index.ts';
import { MEMORY_KINDS } from '../../persistence/index.ts';
import { refuse } from './body.ts';
import { checkFields, number, oneOf, text, type FieldSpec } from './fields.ts';
import type { ClusterContext } from './cluster.ts';

/** The fields of `memory` in `memories.add`. Content is bounded like a news headline's twice over; `about`
 * fits the column (a username or a bot id). */
export const MEMORY_FIELDS: Readonly<Record<string, FieldSpec>> = {
  kind: { rule: oneOf(MEMORY_KINDS) },
  content: { rule: text(1, 500) },
  about: { rule: text(1, 100), optional: true },
  relevance: { rule: number({ min: 0, max: 1 }) },
};

/** A known bot, running or disabled; else the refusal. */
function known(ctx: ClusterContext, cmd: string, botId: string): CommandReply | undefined {
  const catalog = ctx.node.catalog();
  if (catalog.bots.some((b) => b.id === botId) || catalog.disabled?.some((d) => d.bot.id === botId)) return undefined;
  return refuse(`${cmd}: no bot "${botId}"`, 'bot');
}

/** `memories.add {bot, memory: {kind, content, about?, relevance}}`: answered with the memory's id. */
export async function addMemory(ctx: ClusterContext, botId: string, memory: unknown): Promise<CommandReply> {
  const cmd = 'memories.add';
  const fields = checkFields(cmd, memory, MEMORY_FIELDS, 'memory');
  if (!fields.ok) return fields.reply;
  const unknownBot = known(ctx, cmd, botId);
  if (unknownBot) return unknownBot;
  if (!ctx.store.keepsMemories) return refuse(`${cmd}: memory: this node keeps no memories (it runs without a database or a memory store)`, 'memory');
  const m = fields.value;
  const about = typeof m.about === 'string' ? m.about.trim() : undefined;
  const kept = { kind: m.kind as (typeof MEMORY_KINDS)[number], content: (m.content as string).trim(), ...(about ? { about } : {}), relevance: m.relevance as number };
  const id = await ctx.store.addMemory({ botId, ...kept, createdAt: ctx.now() });
  return { ok: true, cmd, bot: botId, memory: { id, ...kept }, persisted: ctx.store.durable, node: ctx.node.id };
}

/** `memories.remove {bot, id}`: forgets that memory of that bot. */
export async function removeMemory(ctx: ClusterContext, botId: string, id: number): Promise<CommandReply> {
  const cmd = 'memories.remove';
  const unknownBot = known(ctx, cmd, botId);
  if (unknownBot) return unknownBot;
  if (!ctx.store.keepsMemories) return refuse(`${cmd}: memory: this node keeps no memories (it runs without a database or a memory store)`, 'memory');
  if (!(await ctx.store.removeMemory(botId, id))) return refuse(`${cmd}: id: bot "${botId}" has no memory ${id}`, 'id');
  return { ok: true, cmd, bot: botId, id, persisted: ctx.store.durable, node: ctx.node.id };
}
