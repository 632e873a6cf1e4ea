// What the operator console reads from the system of record: bots with their stances, holdings and
// memories, chats with members, settings, the transcript with filters, and the dashboard's figures
// that the database holds (message rates, ambiguous sends). Read only: changes go through commands.
import type { Database } from './database.ts';
import { Sql } from './sql.ts';

export interface BotRow {
  readonly id: string;
  readonly handle: string;
  readonly name: string;
  readonly enabled: boolean;
  /** The masked token, or null (the sandbox makes its own). */
  readonly token: string | null;
  readonly persona: Record<string, unknown>;
  readonly chats: readonly string[];
  readonly emotion: Record<string, number> | null;
  readonly sentLastHour: number;
  readonly sentTotal: number;
}

export interface BotDetail extends BotRow {
  readonly stances: readonly { topic: string; text: string; confidence: number; cooldownUntil: number | null }[];
  readonly holdings: readonly { symbol: string; avgPrice: number; size: number; note: string | null }[];
  readonly memories: readonly { id: number; kind: string; content: string; about: string | null; relevance: number; usageCount: number; createdAt: number }[];
}

export interface ChatRow {
  readonly id: string;
  readonly title: string;
  readonly timezone: string;
  readonly enabled: boolean;
  readonly config: Record<string, unknown>;
  readonly members: readonly string[];
  readonly messagesLastHour: number;
}

export interface TranscriptQuery {
  readonly chat?: string;
  readonly bot?: string;
  /** 'people': only people's lines; 'bots': only bots'. */
  readonly who?: 'people' | 'bots';
  /** Words the text contains (case-insensitive). */
  readonly text?: string;
  /** Rows with a smaller id (paging back) or a larger id (the live tail). */
  readonly before?: number;
  readonly after?: number;
  readonly limit: number;
}

export interface TranscriptRow {
  readonly id: number;
  readonly chatId: string;
  readonly botId: string | null;
  readonly speaker: string;
  readonly text: string;
  readonly telegramMessageId: number | null;
  readonly replyTo: number | null;
  readonly topic: string | null;
  readonly reaction: boolean;
  readonly traceId: string | null;
  readonly at: number;
  readonly createdAt: number;
}

/** The database's part of the dashboard (wall-clock windows on `created_at`). */
export interface StoredFigures {
  readonly botMessagesLastMinute: number;
  readonly botMessagesLastHour: number;
  readonly peopleMessagesLastHour: number;
  readonly botsEnabled: number;
  readonly botsTotal: number;
  /** Bots that sent at least once in the last hour. */
  readonly botsSpoke: number;
  readonly chats: number;
  readonly ambiguousSends: number;
  readonly failedSends: number;
}

const num = (v: unknown): number => Number(v ?? 0);
const time = (v: unknown): number => new Date(v as string).getTime();

export class PgConsoleReads {
  private readonly sql: Sql;
  constructor(db: Database) {
    this.sql = new Sql(db);
  }

  /** Every bot, with its chats, mood and sends of the last hour (one grouped pass over each table). */
  bots(): Promise<BotRow[]> {
    return this.botRows('', []);
  }

  private async botRows(where: string, params: unknown[]): Promise<BotRow[]> {
    const rows = await this.sql.query(`select b.id, b.handle, b.name, b.enabled, b.token_mask, b.persona, s.emotion, coalesce(s.sent_total, 0) as sent_total,
        coalesce(h.n, 0) as last_hour, coalesce(m.chats, '[]'::jsonb) as chats
      from bots b
      left join bot_state s on s.bot_id = b.id
      left join (select bot_id, count(*) as n from messages where bot_id is not null and not reaction and created_at > now() - interval '1 hour' group by bot_id) h on h.bot_id = b.id
      left join (select bot_id, jsonb_agg(chat_id order by chat_id) as chats from chat_members group by bot_id) m on m.bot_id = b.id
      ${where} order by b.id`, params);
    return rows.map(toBot);
  }

  async bot(id: string): Promise<BotDetail | undefined> {
    const [bot] = await this.botRows('where b.id = ?', [id]);
    if (!bot) return undefined;
    const [stances, holdings, memories] = await Promise.all([
      this.sql.query('select topic, stance_text, confidence, cooldown_until from stances where bot_id = ? order by topic', [id]),
      this.sql.query('select symbol, avg_price, size, note from holdings where bot_id = ? order by symbol', [id]),
      this.sql.query('select id, kind, content, about, relevance, usage_count, created_at from memories where bot_id = ? order by id desc limit 200', [id]),
    ]);
    return {
      ...bot,
      stances: stances.map((r) => ({ topic: String(r.topic), text: String(r.stance_text), confidence: num(r.confidence), cooldownUntil: r.cooldown_until === null ? null : time(r.cooldown_until) })),
      holdings: holdings.map((r) => ({ symbol: String(r.symbol), avgPrice: num(r.avg_price), size: num(r.size), note: r.note === null ? null : String(r.note) })),
      memories: memories.map((r) => ({
        id: num(r.id), kind: String(r.kind), content: String(r.content), about: r.about === null ? null : String(r.about),
        relevance: num(r.relevance), usageCount: num(r.usage_count), createdAt: time(r.created_at),
      })),
    };
  }

  async chats(): Promise<ChatRow[]> {
    const rows = await this.sql.query(`select c.id, c.title, c.timezone, c.enabled, c.config, coalesce(m.members, '[]'::jsonb) as members, coalesce(h.n, 0) as last_hour
      from chats c
      left join (select chat_id, jsonb_agg(bot_id order by joined_at, bot_id) as members from chat_members group by chat_id) m on m.chat_id = c.id
      left join (select chat_id, count(*) as n from messages where created_at > now() - interval '1 hour' group by chat_id) h on h.chat_id = c.id
      order by c.id`);
    return rows.map((r) => ({
      id: String(r.id), title: String(r.title), timezone: String(r.timezone), enabled: Boolean(r.enabled),
      config: r.config as Record<string, unknown>, members: r.members as string[], messagesLastHour: num(r.last_hour),
    }));
  }

  /** Stored settings by key (rows that are not settings, like the token key check, left out). */
  async settings(): Promise<Record<string, unknown>> {
    const rows = await this.sql.query<{ key: string; value: unknown }>(`select key, value from settings where key <> 'token_key_check' order by key`);
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  async transcript(q: TranscriptQuery): Promise<TranscriptRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (q.chat) add('chat_id = ?', q.chat);
    if (q.bot) add('bot_id = ?', q.bot);
    if (q.who === 'people') add('bot_id is null');
    if (q.who === 'bots') add('bot_id is not null');
    if (q.text) add(`text ilike ? escape '\\'`, `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (q.before !== undefined) add('id < ?', q.before);
    if (q.after !== undefined) add('id > ?', q.after);
    const order = q.after !== undefined ? 'asc' : 'desc';
    const rows = await this.sql.query(`select id, chat_id, bot_id, speaker, text, telegram_message_id, reply_to_message_id, topic, reaction, trace_id, at, created_at
      from messages ${where.length ? `where ${where.join(' and ')}` : ''} order by id ${order} limit ?`, [...params, Math.min(Math.max(q.limit, 1), 500)]);
    const out = rows.map((r) => ({
      id: num(r.id), chatId: String(r.chat_id), botId: r.bot_id === null ? null : String(r.bot_id), speaker: String(r.speaker), text: String(r.text),
      telegramMessageId: r.telegram_message_id === null ? null : num(r.telegram_message_id), replyTo: r.reply_to_message_id === null ? null : num(r.reply_to_message_id),
      topic: r.topic === null ? null : String(r.topic), reaction: Boolean(r.reaction), traceId: r.trace_id === null ? null : String(r.trace_id),
      at: num(r.at), createdAt: time(r.created_at),
    }));
    return order === 'asc' ? out.reverse() : out; // newest first either way
  }

  async figures(): Promise<StoredFigures> {
    const [m] = await this.sql.query(`select
        count(*) filter (where bot_id is not null and created_at > now() - interval '1 minute') as bm,
        count(*) filter (where bot_id is not null) as bh,
        count(*) filter (where bot_id is null) as ph,
        count(distinct bot_id) as spoke
      from messages where created_at > now() - interval '1 hour'`);
    const [b] = await this.sql.query(`select count(*) filter (where enabled) as enabled, count(*) as total, (select count(*) from chats) as chats,
        (select count(*) from outbox where state = 'ambiguous') as ambiguous, (select count(*) from outbox where state = 'failed') as failed from bots`);
    return {
      botMessagesLastMinute: num(m?.bm), botMessagesLastHour: num(m?.bh), peopleMessagesLastHour: num(m?.ph), botsSpoke: num(m?.spoke),
      botsEnabled: num(b?.enabled), botsTotal: num(b?.total), chats: num(b?.chats), ambiguousSends: num(b?.ambiguous), failedSends: num(b?.failed),
    };
  }
}

function toBot(r: Record<string, unknown>): BotRow {
  return {
    id: String(r.id), handle: String(r.handle), name: String(r.name), enabled: Boolean(r.enabled), token: r.token_mask === null ? null : String(r.token_mask),
    persona: r.persona as Record<string, unknown>, chats: r.chats as string[], emotion: (r.emotion as Record<string, number> | null) ?? null,
    sentLastHour: num(r.last_hour), sentTotal: num(r.sent_total),
  };
}
