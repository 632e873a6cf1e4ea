// The PostgreSQL stores behind the actors' ports: bot state, transcripts and the outbox. Claims are
// written at once (a send waits for its row); deliveries, human lines and bot state are written behind
// in batches, each batch one transaction: message rows, outbox rows marked sent, budgets debited.
import type {
  BotStateRecord, BotStateStore, ChatMessage, Delivery, Emotion, Logger, OutboxClaim, OutboxEntry, OutboxStore, TranscriptStore,
} from '../../actors/index.ts';
import type { Database } from './database.ts';
import { WriteBehind, type WriterOptions } from './writer.ts';
import { Sql } from './sql.ts';

type Op =
  | { readonly kind: 'message'; readonly message: ChatMessage; readonly key: string; readonly traceId?: string; readonly delivered: boolean }
  | { readonly kind: 'state'; readonly record: BotStateRecord }
  | { readonly kind: 'edit'; readonly chatId: string; readonly messageId: number; readonly text: string };

const HOUR = 3_600_000;

/** The unique key of a message row that has no outbox key (humans, reactions). */
function messageKey(m: ChatMessage): string {
  if (m.botId === null) return `human:${m.chatId}:${m.messageId}:${m.at}`;
  return m.reaction ? `reaction:${m.chatId}:${m.botId}:${m.replyTo ?? 0}:${m.at}` : `message:${m.chatId}:${m.botId}:${m.seq}:${m.messageId}`;
}

/** A person's edit: their line (never a bot's) takes the new text. */
const EDIT_HUMAN = `update messages set text = ? where chat_id = ? and telegram_message_id = ? and bot_id is null`;

const INSERT_MESSAGES = `insert into messages (chat_id, bot_id, seq, speaker, text, telegram_message_id, reply_to_message_id, topic, reaction, trace_id, idempotency_key, at)
  select r.chat_id, r.bot_id, r.seq, r.speaker, r.text, r.tg, r.reply_to, r.topic, r.reaction, r.trace_id, r.key, r.at
  from jsonb_to_recordset(?::jsonb) as r(chat_id text, bot_id text, seq int, speaker text, text text, tg bigint, reply_to bigint, topic text, reaction boolean, trace_id text, key text, at bigint, n int)
  order by r.n
  on conflict (idempotency_key) do nothing`;

const MARK_SENT = `update outbox o set state = 'sent', at = r.at, telegram_message_id = r.tg, updated_at = now()
  from jsonb_to_recordset(?::jsonb) as r(key text, at bigint, tg bigint)
  where o.idempotency_key = r.key and o.state <> 'sent'`;

const SAVE_STATES = `insert into bot_state (bot_id, emotion, emotion_at, sent_at)
  select r.bot_id, r.emotion, r.emotion_at, r.sent_at from jsonb_to_recordset(?::jsonb) as r(bot_id text, emotion jsonb, emotion_at bigint, sent_at jsonb)
  on conflict (bot_id) do update set emotion = excluded.emotion, emotion_at = excluded.emotion_at, sent_at = excluded.sent_at, updated_at = now()`;

/** Claims keys: new rows are written `sending`; a failed or pending row is claimed again; any other
 * state is left alone (and its key is not returned). */
const CLAIM = `insert into outbox (idempotency_key, chat_id, bot_id, turn_id, text, reply_to, state, attempts, at)
  select r.key, r.chat_id, r.bot_id, r.turn_id, r.text, r.reply_to, 'sending', 1, r.at
  from jsonb_to_recordset(?::jsonb) as r(key text, chat_id text, bot_id text, turn_id int, text text, reply_to bigint, at bigint)
  on conflict (idempotency_key) do update set state = 'sending', attempts = outbox.attempts + 1, at = excluded.at, updated_at = now()
    where outbox.state in ('failed', 'pending')
  returning idempotency_key as k`;

/** Appends send times to bots' budgets (each time once), dropping times older than an hour. */
const DEBIT = `update bot_state b set sent_total = b.sent_total + r.n, updated_at = now(),
    sent_at = (select coalesce(jsonb_agg(t order by t), '[]'::jsonb)
               from (select distinct (x #>> '{}')::bigint as t from jsonb_array_elements(b.sent_at || r.ats) x) s
               where t > r.last - ${HOUR})
  from jsonb_to_recordset(?::jsonb) as r(bot text, ats jsonb, n int, last bigint)
  where b.bot_id = r.bot`;

/** Per bot: the send times, their count and the newest. */
function debits(times: readonly { bot: string; at: number }[]): { bot: string; ats: number[]; n: number; last: number }[] {
  const by = new Map<string, number[]>();
  for (const { bot, at } of times) {
    let list = by.get(bot);
    if (!list) by.set(bot, (list = []));
    list.push(at);
  }
  return [...by].map(([bot, ats]) => ({ bot, ats, n: ats.length, last: Math.max(...ats) }));
}

/** Merges two lists of send times, keeping each time as often as the list with more of it has it. */
function mergeTimes(a: readonly number[], b: readonly number[]): number[] {
  const count = (xs: readonly number[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<number, number>());
  const ca = count(a);
  const cb = count(b);
  const out: number[] = [];
  for (const t of new Set([...a, ...b])) for (let i = 0; i < Math.max(ca.get(t) ?? 0, cb.get(t) ?? 0); i++) out.push(t);
  return out.sort((x, y) => x - y);
}

export interface OutboxRowView {
  readonly idempotencyKey: string;
  readonly chatId: string;
  readonly botId: string;
  readonly turnId: number;
  readonly state: string;
  readonly at: number;
}

export interface PgStoreOptions {
  /** How long a delivery or a person's line waits for its commit before the actor moves on (the write
   * stays queued, in order, until the database takes it). Default 2,000 ms; 0: never wait. */
  readonly commitWaitMs?: number;
}

/** BotStateStore, TranscriptStore and OutboxStore on one PostgreSQL database. A delivery and a
 * person's line are committed before the chat moves on, unless the database is away. */
export class PgStore implements BotStateStore, TranscriptStore, OutboxStore {
  readonly writer: WriteBehind<Op>;
  /** Keys of deliveries queued but not yet committed: a claim on one is answered `done` at once. */
  private readonly queuedDeliveries = new Set<string>();
  private readonly claims: { entry: OutboxEntry; resolve: (c: OutboxClaim) => void; reject: (e: unknown) => void }[] = [];
  private claiming = false;

  constructor(private readonly db: Database, private readonly logger: Logger, writer: WriterOptions = {}, private readonly opts: PgStoreOptions = {}) {
    this.sql = new Sql(db);
    this.writer = new WriteBehind<Op>((ops) => this.write(ops), logger, writer);
  }

  private readonly sql: Sql;

  // ---------------------------------------------------------------- bot state

  async load(botId: string): Promise<BotStateRecord | undefined> {
    await this.writer.drained();
    const [row] = await this.sql.query<{ emotion: Emotion; emotion_at: string | number; sent_at: number[] }>(
      'select emotion, emotion_at, sent_at from bot_state where bot_id = ?', [botId]);
    if (!row || row.emotion === null) return undefined;
    // Sends the outbox knows of (sent, or maybe sent) count too, even if a state save overwrote them.
    const sends = await this.sql.query<{ at: string | number }>(
      `select at from outbox where bot_id = ? and state in ('sent', 'sending', 'ambiguous')
         and at > (select coalesce(max(at), 0) from outbox where bot_id = ?) - ${HOUR}`, [botId, botId]);
    return { botId, emotion: row.emotion, emotionAt: Number(row.emotion_at), sentAt: mergeTimes(row.sent_at.map(Number), sends.map((s) => Number(s.at))) };
  }

  async save(record: BotStateRecord): Promise<void> {
    void this.writer.push({ kind: 'state', record: { ...record, emotion: { ...record.emotion }, sentAt: [...record.sentAt] } });
  }

  // ---------------------------------------------------------------- transcripts

  /** Waits for the commit up to `commitWaitMs`; after that (the database is away) the line stays queued. */
  async append(message: ChatMessage, traceId?: string): Promise<void> {
    await this.committed(this.writer.push({ kind: 'message', message, key: messageKey(message), delivered: false, ...(traceId ? { traceId } : {}) }));
  }

  async edit(chatId: string, messageId: number, text: string): Promise<void> {
    await this.committed(this.writer.push({ kind: 'edit', chatId, messageId, text }));
  }

  private committed(write: Promise<void>): Promise<void> {
    const wait = this.opts.commitWaitMs ?? 2_000;
    if (wait <= 0) return Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    return Promise.race([write, new Promise<void>((r) => (timer = setTimeout(r, wait)))]).finally(() => clearTimeout(timer));
  }

  async recent(chatId: string, limit: number): Promise<readonly ChatMessage[]> {
    if (limit <= 0) return [];
    await this.writer.drained();
    const rows = await this.sql.query<Record<string, unknown>>(
      `select seq, chat_id, bot_id, speaker, text, telegram_message_id, reply_to_message_id, topic, reaction, at
         from messages where chat_id = ? order by id desc limit ?`, [chatId, limit]);
    return rows.reverse().map(toMessage);
  }

  // ---------------------------------------------------------------- outbox

  /** Claims `e`'s key (see OutboxStore). Claims arriving while one is being written are written
   * together, in one statement and one commit (group commit). */
  begin(e: OutboxEntry): Promise<OutboxClaim> {
    if (this.queuedDeliveries.has(e.idempotencyKey)) return Promise.resolve('done');
    return new Promise((resolve, reject) => {
      this.claims.push({ entry: e, resolve, reject });
      if (!this.claiming) void this.flushClaims();
    });
  }

  private async flushClaims(): Promise<void> {
    this.claiming = true;
    while (this.claims.length) {
      const batch = this.claims.splice(0, 1_000);
      try {
        const results = await this.claimAll(batch.map((c) => c.entry));
        batch.forEach((c, i) => c.resolve(results[i]!));
      } catch (error) {
        for (const c of batch) c.reject(error);
      }
    }
    this.claiming = false;
  }

  private async claimAll(entries: readonly OutboxEntry[]): Promise<OutboxClaim[]> {
    const first = new Map<string, number>();
    entries.forEach((e, i) => first.has(e.idempotencyKey) || first.set(e.idempotencyKey, i));
    const rows = [...first.values()].map((i) => {
      const e = entries[i]!;
      return { key: e.idempotencyKey, chat_id: e.chatId, bot_id: e.botId, turn_id: e.turnId, text: e.text, reply_to: e.replyTo ?? null, at: e.at };
    });
    const claimed = new Set((await this.sql.query<{ k: string }>(CLAIM, [JSON.stringify(rows)])).map((r) => r.k));
    const refused = rows.filter((r) => !claimed.has(r.key)).map((r) => r.key);
    const states = new Map(refused.length
      ? (await this.sql.query<{ k: string; state: string }>(
        'select idempotency_key as k, state from outbox where idempotency_key in (select jsonb_array_elements_text(?::jsonb))', [JSON.stringify(refused)])).map((r) => [r.k, r.state])
      : []);
    return entries.map((e, i) => {
      if (first.get(e.idempotencyKey) !== i) return 'ambiguous'; // the same key twice at once: one claim only
      if (claimed.has(e.idempotencyKey)) return 'send';
      return states.get(e.idempotencyKey) === 'sent' ? 'done' : 'ambiguous';
    });
  }

  async delivered(d: Delivery): Promise<void> {
    this.queuedDeliveries.add(d.idempotencyKey);
    await this.committed(this.writer.push({ kind: 'message', message: d.message, key: d.idempotencyKey, delivered: true, ...(d.traceId ? { traceId: d.traceId } : {}) }));
  }

  async failed(idempotencyKey: string, error: string): Promise<void> {
    await this.sql.query(`update outbox set state = 'failed', error = ?, updated_at = now() where idempotency_key = ? and state = 'sending'`, [error.slice(0, 500), idempotencyKey]);
  }

  async ambiguous(idempotencyKey: string, error: string): Promise<void> {
    await this.sql.query(`update outbox set state = 'ambiguous', error = ?, updated_at = now() where idempotency_key = ? and state = 'sending'`, [error.slice(0, 500), idempotencyKey]);
  }

  async lastTurn(chatId: string): Promise<number> {
    const [row] = await this.sql.query<{ t: number | null }>('select max(turn_id) as t from outbox where chat_id = ?', [chatId]);
    return Number(row?.t ?? 0);
  }

  /** After a restart: rows left `sending` or `pending` are marked ambiguous (never resent) and
   * debited from their bots' budgets. Run before the actors start. */
  async recover(): Promise<{ ambiguous: readonly OutboxRowView[] }> {
    return this.sql.transaction(async (q) => {
      const rows = await q<Record<string, unknown>>(
        `update outbox set state = 'ambiguous', updated_at = now() where state in ('sending', 'pending')
           returning idempotency_key, chat_id, bot_id, turn_id, state, at`);
      const ambiguous = rows.map((r) => ({
        idempotencyKey: String(r.idempotency_key), chatId: String(r.chat_id), botId: String(r.bot_id),
        turnId: Number(r.turn_id), state: String(r.state), at: Number(r.at),
      }));
      if (ambiguous.length) await q(DEBIT, [JSON.stringify(debits(ambiguous.map((r) => ({ bot: r.botId, at: r.at }))))]);
      for (const r of ambiguous) this.logger.warn('outbox.ambiguous', { key: r.idempotencyKey, chat: r.chatId, bot: r.botId });
      return { ambiguous };
    });
  }

  /** Writes what is queued (up to `timeoutMs`) and stops retrying; returns how many writes were left. */
  async close(timeoutMs = 5_000): Promise<number> {
    await this.writer.drained(timeoutMs);
    this.writer.close();
    return this.writer.backlog;
  }

  // ---------------------------------------------------------------- one batch, one transaction

  private async write(ops: readonly Op[]): Promise<void> {
    const messages: unknown[] = [];
    const sent: { key: string; at: number; tg: number }[] = [];
    const spent: { bot: string; at: number }[] = [];
    const states = new Map<string, BotStateRecord>();
    const edits: { chatId: string; tg: number; text: string }[] = [];
    for (const op of ops) {
      if (op.kind === 'state') {
        states.set(op.record.botId, op.record); // the newest state of a bot wins
        continue;
      }
      if (op.kind === 'edit') {
        edits.push({ chatId: op.chatId, tg: op.messageId, text: op.text });
        continue;
      }
      const m = op.message;
      messages.push({
        chat_id: m.chatId, bot_id: m.botId, seq: m.seq, speaker: m.speaker, text: m.text, tg: m.messageId || null,
        reply_to: m.replyTo ?? null, topic: m.topic ?? null, reaction: m.reaction ?? false, trace_id: op.traceId ?? null, key: op.key, at: m.at,
        n: messages.length,
      });
      if (op.delivered) {
        sent.push({ key: op.key, at: m.at, tg: m.messageId });
        if (m.botId !== null) spent.push({ bot: m.botId, at: m.at });
      }
    }
    await this.sql.transaction(async (q) => {
      if (messages.length) await q(INSERT_MESSAGES, [JSON.stringify(messages)]);
      if (sent.length) await q(MARK_SENT, [JSON.stringify(sent)]);
      // After the inserts, so an edit queued behind its message finds it; the last edit of a batch wins.
      for (const e of edits) await q(EDIT_HUMAN, [e.text, e.chatId, e.tg]);
      if (states.size) {
        const rows = [...states.values()].map((r) => ({ bot_id: r.botId, emotion: r.emotion, emotion_at: r.emotionAt, sent_at: r.sentAt }));
        await q(SAVE_STATES, [JSON.stringify(rows)]);
      }
      if (spent.length) await q(DEBIT, [JSON.stringify(debits(spent))]);
    });
    for (const s of sent) this.queuedDeliveries.delete(s.key);
  }
}

function toMessage(r: Record<string, unknown>): ChatMessage {
  return {
    seq: Number(r.seq), chatId: String(r.chat_id), messageId: Number(r.telegram_message_id ?? 0), botId: r.bot_id === null ? null : String(r.bot_id),
    speaker: String(r.speaker), text: String(r.text), at: Number(r.at),
    ...(r.reply_to_message_id !== null ? { replyTo: Number(r.reply_to_message_id) } : {}),
    ...(r.topic !== null ? { topic: String(r.topic) } : {}),
    ...(r.reaction ? { reaction: true } : {}),
  };
}
