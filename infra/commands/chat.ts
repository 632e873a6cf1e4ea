// Chat commands (`piyasa.chat.<id>.cmd`): each body checked with the config's schema fields, then
// handed to the chat's actor through the node's `command`; a news shock is then applied on every node,
// and a status gets each member's mood and budget.
import { symbolTopic, type ChatCommand, type CommandReply, type Persona } from '../../actors/index.ts';
import { KNOWN_SYMBOLS } from '../config/index.ts';
import { refuse, unknownCommand, type Parsed } from './body.ts';
import { checkFields, number, symbol, symbols, text, type FieldSpec } from './fields.ts';
import type { CommandNode } from './types.ts';

/** The chat commands, in the order `unknown command` lists them. */
export const CHAT_COMMANDS = ['status', 'pause', 'resume', 'say', 'news', 'pace', 'mood', 'topic'] as const;
/** Commands that change nothing (not logged as changes). */
export const READ_ONLY = new Set(['status']);

const bot: FieldSpec = { rule: text(1, 64) };
const delta: FieldSpec = { rule: number({ min: -1, max: 1 }), optional: true };

const SPECS: Record<(typeof CHAT_COMMANDS)[number], Readonly<Record<string, FieldSpec>>> = {
  status: {},
  pause: {},
  resume: {},
  say: { bot, text: { rule: text(1, 4096) }, replyTo: { rule: number({ int: true, min: 1, max: 2 ** 53 }), optional: true } },
  news: { headline: { rule: text(1, 300) }, symbols: { rule: symbols }, impact: { rule: number({ min: -1, max: 1 }) } },
  pace: { perMinute: { rule: number({ gt: 0, max: 60 }) } },
  mood: { bot, valence: delta, arousal: delta, confidence: delta },
  topic: { topic: { rule: text(1, 64), optional: true }, symbol: { rule: symbol, optional: true }, turns: { rule: number({ int: true, min: 1, max: 20 }), optional: true } },
};

const isChatCommand = (cmd: string): cmd is (typeof CHAT_COMMANDS)[number] => (CHAT_COMMANDS as readonly string[]).includes(cmd);

/** Every field some chat command has, as the schemas returned them. */
interface Fields {
  bot: string; text: string; replyTo?: number; headline: string; symbols: string[]; impact: number; perMinute: number;
  valence?: number; arousal?: number; confidence?: number; topic?: string; symbol?: string; turns?: number;
}

let newsSeq = 0;

/** `bot` may name a bot by its Telegram handle (`@ali_ekonomist_bot`, any case): it becomes the id. */
export function byHandle<B extends Record<string, unknown>>(body: B, bots: readonly Persona[]): B {
  const named = body.bot;
  if (typeof named !== 'string' || bots.some((b) => b.id === named)) return body;
  const handle = named.replace(/^@/, '').toLowerCase();
  const found = bots.find((b) => b.handle.toLowerCase() === handle);
  return found ? { ...body, bot: found.id } : body;
}

/** The body as a ChatCommand, or the answer saying what is wrong. `nodeId` and `now` name a news shock. */
export function parseChatCommand(body: Record<string, unknown> & { cmd: string }, nodeId: string, now: number): Parsed<ChatCommand> {
  const cmd = body.cmd;
  if (!isChatCommand(cmd)) return { ok: false, reply: unknownCommand(cmd, CHAT_COMMANDS, 'chat') };
  const parsed = checkFields(cmd, body, SPECS[cmd]);
  if (!parsed.ok) return parsed;
  const v = parsed.value as unknown as Fields;
  switch (cmd) {
    case 'say':
      return { ok: true, value: { cmd, bot: v.bot, text: v.text.trim(), ...(v.replyTo !== undefined ? { replyTo: v.replyTo } : {}) } };
    case 'news':
      return { ok: true, value: { cmd, news: { id: `news-${nodeId}-${now.toString(36)}-${++newsSeq}`, headline: v.headline.trim(), symbols: v.symbols, impact: v.impact, at: now } } };
    case 'pace':
      return { ok: true, value: { cmd, perMinute: v.perMinute } };
    case 'mood': {
      const nudge = { ...(v.valence !== undefined ? { valence: v.valence } : {}), ...(v.arousal !== undefined ? { arousal: v.arousal } : {}), ...(v.confidence !== undefined ? { confidence: v.confidence } : {}) };
      if (Object.keys(nudge).length === 0) return { ok: false, reply: refuse('mood: give at least one of valence, arousal, confidence (each -1 … 1, added to the bot\'s emotion)', 'valence') };
      return { ok: true, value: { cmd, bot: v.bot, ...nudge } };
    }
    case 'topic': {
      if ((v.topic === undefined) === (v.symbol === undefined)) return { ok: false, reply: refuse('topic: give either topic (a word such as "Kripto") or symbol (such as "BIST:THYAO")', 'topic') };
      const topic = v.symbol !== undefined ? symbolTopic(v.symbol, KNOWN_SYMBOLS) : v.topic!.trim();
      return { ok: true, value: { cmd, topic, turns: v.turns ?? 3 } };
    }
    default:
      return { ok: true, value: { cmd } as ChatCommand };
  }
}

/** Sends a checked command to its chat and completes the answer (news everywhere, members' budgets). */
export async function runChatCommand(node: CommandNode, chatId: string, command: ChatCommand): Promise<CommandReply> {
  let reply: CommandReply;
  try {
    reply = await node.command(chatId, command);
  } catch (error) {
    return refuse(`chat "${chatId}" did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!reply.ok) return reply;
  if (command.cmd === 'news') {
    const change = { kind: 'news', news: command.news } as const;
    const { moves } = await node.apply(change);
    node.broadcast(change);
    return { ...reply, prices: moves ?? {} };
  }
  if (command.cmd === 'status') return { ...reply, members: await withBudgets(node, reply.members) };
  return reply;
}

/** Each member's mood and what is left of its hourly budget, when its bot can be asked from here. */
async function withBudgets(node: CommandNode, members: unknown): Promise<unknown> {
  if (!Array.isArray(members)) return members;
  return Promise.all(members.map(async (m: { bot: string }) => {
    const st = await node.botStatus(m.bot).catch(() => undefined);
    return st ? { ...m, mood: st.mood, sentLastHour: st.sentLastHour, hourlyLimit: st.hourlyLimit, budgetLeft: Math.max(0, st.hourlyLimit - st.sentLastHour) } : m;
  }));
}
