// The operations of the write-behind queue and how one batch of them is written in one transaction:
// people's messages as they arrive (the `inbound` table, unique per (source, update id)), message rows,
// outbox rows marked sent, budgets debited, bot state, edits, memories.
import { createHash } from 'node:crypto';
import type { BotStateRecord, ChatMessage, InboundUpdate, NewBotMemory } from '../../actors/index.ts';
import type { Query } from './sql.ts';
import { fenceCheck, type FenceToken } from './fences.ts';

/** `fence`: the token a cluster node's write carries (its partition and lease revision). */
type Fenced = { readonly fence?: FenceToken };

export type Op =
  /** `out.stale` is set when its fence was stale at the commit (the row was left out). */
  | { readonly kind: 'message'; readonly message: ChatMessage; readonly key: string; readonly traceId?: string; readonly delivered: boolean; readonly out?: { stale: boolean } } & Fenced
  | { readonly kind: 'state'; readonly record: BotStateRecord } & Fenced
  | { readonly kind: 'edit'; readonly chatId: string; readonly messageId: number; readonly userId: number; readonly text: string } & Fenced
  /** A person's message as a listener took it; `out.fresh` tells after the commit whether it was new. */
  | { readonly kind: 'inbound'; readonly update: InboundUpdate; readonly out: { fresh: boolean } }
  | { readonly kind: 'memory'; readonly memory: NewBotMemory; readonly out: { id: number } }
  | { readonly kind: 'used'; readonly ids: readonly number[]; readonly at: number }
  /** Forget handled updates older than two days (Telegram redelivers for at most one). */
  | { readonly kind: 'prune' };

export const HOUR = 3_600_000;

/** A person's edit: their own line (never a bot's, never another person's) takes the new text. */
const EDIT_HUMAN = `update messages set text = ? where chat_id = ? and telegram_message_id = ? and bot_id is null and user_id = ?`;

const INSERT_MESSAGES = `insert into messages (chat_id, bot_id, seq, speaker, user_id, text, telegram_message_id, reply_to_message_id, topic, reaction, trace_id, idempotency_key, at)
  select r.chat_id, r.bot_id, r.seq, r.speaker, r.user_id, r.text, r.tg, r.reply_to, r.topic, r.reaction, r.trace_id, r.key, r.at
  from jsonb_to_recordset(?::jsonb) as r(chat_id text, bot_id text, seq int, speaker text, user_id bigint, text text, tg bigint, reply_to bigint, topic text, reaction boolean, trace_id text, key text, at bigint, n int)
  order by r.n
  on conflict (idempotency_key) do nothing`;

/** Rows carry the writer's lease revision (`rev`, 0 on a single node): a row a newer owner wrote is left alone. */
const MARK_SENT = `update outbox o set state = 'sent', at = r.at, telegram_message_id = r.tg, owner_revision = r.rev, updated_at = now()
  from jsonb_to_recordset(?::jsonb) as r(key text, at bigint, tg bigint, rev bigint)
  where o.idempotency_key = r.key and o.state <> 'sent' and o.owner_revision <= r.rev`;

const SAVE_STATES = `insert into bot_state (bot_id, emotion, emotion_at, sent_at, owner_revision)
  select r.bot_id, r.emotion, r.emotion_at, r.sent_at, r.rev from jsonb_to_recordset(?::jsonb) as r(bot_id text, emotion jsonb, emotion_at bigint, sent_at jsonb, rev bigint)
  on conflict (bot_id) do update set emotion = excluded.emotion, emotion_at = excluded.emotion_at, sent_at = excluded.sent_at, owner_revision = excluded.owner_revision, updated_at = now()
    where bot_state.owner_revision <= excluded.owner_revision`;

/** People's messages as they arrive. A repeat of an update (same source and id, same message) is left
 * alone; an id the server gave again to another message (Telegram picks new ids after a week of silence,
 * a new sandbox starts from 1) replaces the old row and counts as new. Returns the rows written. */
const INSERT_INBOUND = `insert into inbound (source, update_id, chat_id, message_id, edited, message, fingerprint)
  select r.source, r.update_id, r.chat_id, r.message_id, r.edited, r.message, r.fp
  from jsonb_to_recordset(?::jsonb) as r(source text, update_id bigint, chat_id text, message_id bigint, edited boolean, message jsonb, fp text, n int)
  order by r.n
  on conflict (source, update_id) do update set chat_id = excluded.chat_id, message_id = excluded.message_id, edited = excluded.edited,
    message = excluded.message, fingerprint = excluded.fingerprint, handled = false, created_at = now()
    where inbound.fingerprint <> excluded.fingerprint
  returning source, update_id`;

/** The chat recorded these people's messages (or edits): they need no replay after a restart. */
const MARK_HANDLED = `update inbound i set handled = true
  from jsonb_to_recordset(?::jsonb) as r(chat_id text, message_id bigint, edited boolean)
  where not i.handled and i.chat_id = r.chat_id and i.message_id = r.message_id and i.edited = r.edited`;

const INSERT_MEMORY = `insert into memories (bot_id, kind, content, about, source_message_id, relevance, created_at) values (?, ?, ?, ?, ?, ?, ?) returning id`;
const MARK_USED = `update memories set usage_count = usage_count + 1, last_used_at = ? where id in (select jsonb_array_elements_text(?::jsonb)::bigint)`;
const PRUNE_INBOUND = `delete from inbound where handled and created_at < now() - interval '2 days'`;

/** Appends send times to bots' budgets (each time once), dropping times older than an hour. */
export const DEBIT = `update bot_state b set sent_total = b.sent_total + r.n, updated_at = now(),
    sent_at = (select coalesce(jsonb_agg(t order by t), '[]'::jsonb)
               from (select distinct (x #>> '{}')::bigint as t from jsonb_array_elements(b.sent_at || r.ats) x) s
               where t > r.last - ${HOUR})
  from jsonb_to_recordset(?::jsonb) as r(bot text, ats jsonb, n int, last bigint)
  where b.bot_id = r.bot`;

/** Per bot: the send times, their count and the newest. */
export function debits(times: readonly { bot: string; at: number }[]): { bot: string; ats: number[]; n: number; last: number }[] {
  const by = new Map<string, number[]>();
  for (const { bot, at } of times) {
    let list = by.get(bot);
    if (!list) by.set(bot, (list = []));
    list.push(at);
  }
  return [...by].map(([bot, ats]) => ({ bot, ats, n: ats.length, last: Math.max(...ats) }));
}

/** What identifies a person's message beyond its update id: a redelivery has the same, a reused id not. */
function fingerprint(u: InboundUpdate): string {
  const m = u.message;
  return createHash('sha256').update(JSON.stringify([m.chatId, m.messageId, m.edited === true, m.userId, m.text])).digest('base64url').slice(0, 22);
}

/** The key of an update in a batch. */
const updateKey = (u: InboundUpdate): string => `${u.source}\u0000${u.updateId}`;

/** A short, content-free description of an operation, for the log line of a dropped one. */
export function describeOp(op: Op): string {
  switch (op.kind) {
    case 'message': return `${op.message.botId === null ? 'person\'s' : 'bot'} message ${op.key}`;
    case 'state': return `state of bot ${op.record.botId}`;
    case 'edit': return `edit of message ${op.messageId} in chat ${op.chatId}`;
    case 'inbound': return `update ${op.update.updateId} from ${op.update.source} (chat ${op.update.message.chatId})`;
    case 'memory': return `memory of bot ${op.memory.botId}`;
    case 'used': return `use of ${op.ids.length} memories`;
    case 'prune': return 'pruning old updates';
  }
}

/** Writes one batch in one transaction (`q` runs inside it). On a cluster node (writes carrying fence
 * tokens) the batch's fences are read FOR SHARE first and stale writes are left out (`stale` counts
 * them). Results (`out`) are set only once it committed, so a batch that is retried reports what its
 * last attempt did. */
export async function writeBatch(transaction: <T>(fn: (q: Query) => Promise<T>) => Promise<T>, batch: readonly Op[]): Promise<{ sentKeys: readonly string[]; stale: number }> {
  const fenced = batch.some((op) => 'fence' in op && op.fence !== undefined);
  const result = await transaction(async (q) => {
    let ops = batch;
    if (fenced) {
      const isStale = await fenceCheck(q, batch.map((op) => ('fence' in op ? op.fence : undefined)));
      ops = batch.filter((op) => !isStale('fence' in op ? op.fence : undefined));
      for (const op of batch) if (op.kind === 'message' && op.out) op.out.stale = isStale(op.fence);
    }
    return { ...(await apply(q, ops)), stale: batch.length - ops.length };
  });
  for (const op of batch) if (op.kind === 'inbound') op.out.fresh = result.inbound.get(updateKey(op.update)) === op && result.fresh.has(updateKey(op.update));
  result.memories.forEach((op, i) => (op.out.id = result.ids[i]!));
  return { sentKeys: result.sentKeys, stale: result.stale };
}

/** One batch's statements, in the given transaction. */
async function apply(q: Query, ops: readonly Op[]) {
  const messages: unknown[] = [];
  const sent: { key: string; at: number; tg: number; rev: number }[] = [];
  const spent: { bot: string; at: number }[] = [];
  const states = new Map<string, { record: BotStateRecord; rev: number }>();
  const edits: { chatId: string; tg: number; userId: number; text: string }[] = [];
  const handled: { chat_id: string; message_id: number; edited: boolean }[] = [];
  const inbound = new Map<string, Extract<Op, { kind: 'inbound' }>>();
  const inboundRows: unknown[] = [];
  const memories: Extract<Op, { kind: 'memory' }>[] = [];
  const used: Extract<Op, { kind: 'used' }>[] = [];
  let prune = false;
  for (const op of ops) {
    switch (op.kind) {
      case 'state':
        states.set(op.record.botId, { record: op.record, rev: op.fence?.revision ?? 0 }); // the newest state of a bot wins
        break;
      case 'edit':
        edits.push({ chatId: op.chatId, tg: op.messageId, userId: op.userId, text: op.text });
        handled.push({ chat_id: op.chatId, message_id: op.messageId, edited: true });
        break;
      case 'inbound': {
        const key = updateKey(op.update);
        if (inbound.has(key)) break; // the same update twice in one batch: the first counts
        inbound.set(key, op);
        const m = op.update.message;
        inboundRows.push({ source: op.update.source, update_id: op.update.updateId, chat_id: m.chatId, message_id: m.messageId, edited: m.edited === true, message: m, fp: fingerprint(op.update), n: inboundRows.length });
        break;
      }
      case 'memory':
        memories.push(op);
        break;
      case 'used':
        used.push(op);
        break;
      case 'prune':
        prune = true;
        break;
      case 'message': {
        const m = op.message;
        messages.push({
          chat_id: m.chatId, bot_id: m.botId, seq: m.seq, speaker: m.speaker, user_id: m.userId ?? null, text: m.text, tg: m.messageId || null,
          reply_to: m.replyTo ?? null, topic: m.topic ?? null, reaction: m.reaction ?? false, trace_id: op.traceId ?? null, key: op.key, at: m.at,
          n: messages.length,
        });
        if (op.delivered) {
          sent.push({ key: op.key, at: m.at, tg: m.messageId, rev: op.fence?.revision ?? 0 });
          if (m.botId !== null) spent.push({ bot: m.botId, at: m.at });
        } else if (m.botId === null) handled.push({ chat_id: m.chatId, message_id: m.messageId, edited: false });
      }
    }
  }
  const fresh = inboundRows.length ? await q<{ source: string; update_id: string | number }>(INSERT_INBOUND, [JSON.stringify(inboundRows)]) : [];
  if (messages.length) await q(INSERT_MESSAGES, [JSON.stringify(messages)]);
  if (sent.length) await q(MARK_SENT, [JSON.stringify(sent)]);
  // After the inserts, so an edit queued behind its message finds it; the last edit of a batch wins.
  for (const e of edits) await q(EDIT_HUMAN, [e.text, e.chatId, e.tg, e.userId]);
  if (handled.length) await q(MARK_HANDLED, [JSON.stringify(handled)]);
  if (states.size) {
    const rows = [...states.values()].map(({ record: r, rev }) => ({ bot_id: r.botId, emotion: r.emotion, emotion_at: r.emotionAt, sent_at: r.sentAt, rev }));
    await q(SAVE_STATES, [JSON.stringify(rows)]);
  }
  if (spent.length) await q(DEBIT, [JSON.stringify(debits(spent))]);
  const ids: number[] = [];
  for (const { memory: m } of memories) {
    const [row] = await q<{ id: string }>(INSERT_MEMORY, [m.botId, m.kind, m.content, m.about ?? null, m.sourceMessageId ?? null, m.relevance ?? 1, new Date(m.createdAt).toISOString()]);
    ids.push(Number(row!.id));
  }
  for (const u of used) if (u.ids.length) await q(MARK_USED, [new Date(u.at).toISOString(), JSON.stringify(u.ids)]);
  if (prune) await q(PRUNE_INBOUND);
  return { fresh: new Set(fresh.map((r) => `${r.source}\u0000${Number(r.update_id)}`)), ids, inbound, memories, sentKeys: sent.map((x) => x.key) };
}
