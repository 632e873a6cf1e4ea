// The PostgreSQL stores behind the actors' ports: bot state, transcripts and the outbox. Claims are
// written at once (a send waits for its row); people's messages as they arrive, deliveries, human lines
// and bot state are written behind in batches (batch.ts), each batch one transaction.
import type {
  BotStateRecord, BotStateStore, ChatMessage, Delivery, Emotion, HumanMessage, InboundUpdate, Logger, OutboxClaim, OutboxEntry, OutboxStore, RecentSend, TranscriptStore,
} from '../../actors/index.ts';
import type { Database } from './database.ts';
import { WriteBehind, type WriteOutcome, type WriterOptions } from './writer.ts';
import { DEBIT, HOUR, debits, describeOp, writeBatch, type Op } from './batch.ts';
import { Sql } from './sql.ts';
import { FencedWrite, fenceCheck, raiseFence, type FenceToken, type Fencing, type Takeover } from './fences.ts';

/** The unique key of a message row that has no outbox key (humans, reactions). */
function messageKey(m: ChatMessage): string {
  if (m.botId === null) return `human:${m.chatId}:${m.messageId}:${m.at}`;
  return m.reaction ? `reaction:${m.chatId}:${m.botId}:${m.replyTo ?? 0}:${m.at}` : `message:${m.chatId}:${m.botId}:${m.seq}:${m.messageId}`;
}

/** Claims keys: new rows are written `sending`; a failed or pending row is claimed again; any other
 * state is left alone (and its key is not returned). */
const CLAIM = `insert into outbox (idempotency_key, chat_id, bot_id, turn_id, text, reply_to, state, attempts, at, owner_revision)
  select r.key, r.chat_id, r.bot_id, r.turn_id, r.text, r.reply_to, 'sending', 1, r.at, r.rev
  from jsonb_to_recordset(?::jsonb) as r(key text, chat_id text, bot_id text, turn_id int, text text, reply_to bigint, at bigint, rev bigint)
  on conflict (idempotency_key) do update set state = 'sending', attempts = outbox.attempts + 1, at = excluded.at, owner_revision = excluded.owner_revision, updated_at = now()
    where outbox.state in ('failed', 'pending') and outbox.owner_revision <= excluded.owner_revision
  returning idempotency_key as k`;

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

/** A bot's latest lines loaded with its state (its own dedup window's exact repeats). */
const SAID_KEPT = 200;

/** People's messages whose write is pending or was stale, remembered at most (the oldest forgotten first). */
const HUMAN_WRITES_KEPT = 10_000;

/** How a person's message's row ended on a cluster node (PgStore.humanRecorded). */
export type HumanWrite = 'written' | 'stale' | 'dropped';

/** BotStateStore, TranscriptStore and OutboxStore on one PostgreSQL database. A delivery and a
 * person's line are committed before the chat moves on, unless the database is away. */
export class PgStore implements BotStateStore, TranscriptStore, OutboxStore {
  readonly writer: WriteBehind<Op>;
  /** Keys of deliveries queued but not yet committed: a claim on one is answered `done` at once. */
  private readonly queuedDeliveries = new Set<string>();
  private readonly humanWrites = new Map<string, Promise<HumanWrite>>();
  private readonly claims: { entry: OutboxEntry; fence: FenceToken | undefined; resolve: (c: OutboxClaim) => void; reject: (e: unknown) => void }[] = [];
  private claiming = false;
  private fencing: Fencing | undefined;
  /** Writes refused because a newer owner holds their partition (cluster nodes; must stay 0 outside chaos). */
  readonly fenced = { claims: 0, writes: 0, states: 0, transitions: 0 };

  constructor(private readonly db: Database, private readonly logger: Logger, writer: WriterOptions<Op> = {}, private readonly opts: PgStoreOptions = {}) {
    this.sql = new Sql(db);
    this.writer = new WriteBehind<Op>((ops) => this.write(ops), logger, { describe: describeOp, ...writer });
  }

  private readonly sql: Sql;

  // ---------------------------------------------------------------- fencing (cluster nodes)

  /** From now on every write carries the token `fencing` gives its chat or bot, and is refused (and
   * counted) when the token is missing or older than its partition's fence. */
  useFencing(fencing: Fencing): void {
    this.fencing = fencing;
  }

  /** The token of a write for (kind, id); FencedWrite when this node does not own it. */
  private token(kind: 'chat' | 'bot', id: string, counter: keyof PgStore['fenced'] = 'writes'): FenceToken | undefined {
    if (!this.fencing) return undefined;
    const t = this.fencing.tokenOf(kind, id);
    if (!t) {
      this.fenced[counter]++;
      throw new FencedWrite(`${kind} ${id} is not owned here (any more)`);
    }
    return t;
  }

  /** Taking a partition: raise its fence (undefined: a newer owner exists) and settle its chats'
   * sends left in flight — ambiguous, never resent, charged to their bots. */
  async takeOver(partition: number, revision: number, node: string, chats: readonly string[]): Promise<Takeover | undefined> {
    const t = await this.sql.transaction((q) => raiseFence(q, partition, revision, node, chats, async (rows) => {
      await q(DEBIT, [JSON.stringify(debits(rows.map((r) => ({ bot: r.botId, at: r.at }))))]);
    }));
    for (const r of t?.ambiguous ?? []) this.logger.warn('outbox.ambiguous', { key: r.key, chat: r.chatId, bot: r.botId, why: 'in flight at a takeover' });
    return t;
  }

  /** Total writes refused by fencing. */
  get fencedTotal(): number {
    return this.fenced.claims + this.fenced.writes + this.fenced.states + this.fenced.transitions;
  }

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
    // What it said last (index on bot_id, at), so a restarted or moved bot does not repeat itself.
    const said = await this.sql.query<{ text: string }>(
      `select text from messages where bot_id = ? and not reaction order by at desc limit ${SAID_KEPT}`, [botId]);
    return {
      botId, emotion: row.emotion, emotionAt: Number(row.emotion_at), sentAt: mergeTimes(row.sent_at.map(Number), sends.map((s) => Number(s.at))),
      ...(said.length ? { said: said.map((r) => r.text).reverse() } : {}),
    };
  }

  async save(record: BotStateRecord): Promise<void> {
    let fence: FenceToken | undefined;
    try {
      fence = this.token('bot', record.botId, 'states');
    } catch {
      return;
    }
    void this.writer.push({ kind: 'state', record: { ...record, emotion: { ...record.emotion }, sentAt: [...record.sentAt] }, ...(fence ? { fence } : {}) });
  }

  // ---------------------------------------------------------------- transcripts

  /** Waits for the commit up to `commitWaitMs`; after that (the database is away) the line stays queued. */
  async append(message: ChatMessage, traceId?: string): Promise<void> {
    const fence = this.token('chat', message.chatId);
    const out = { stale: false };
    const write = this.writer.push({ kind: 'message', message, key: messageKey(message), delivered: false, out, ...(traceId ? { traceId } : {}), ...(fence ? { fence } : {}) });
    if (fence && message.botId === null) {
      const key = `${message.chatId}\u0000${message.messageId}`;
      const recorded = write.then((o): HumanWrite => (o === 'dropped' ? 'dropped' : out.stale ? 'stale' : 'written'));
      this.humanWrites.delete(key);
      this.humanWrites.set(key, recorded);
      // A stale one stays known as stale: redelivered here before the partition is gone, the chat has
      // seen it (and appends nothing) — it must be refused again, not acked as written.
      void recorded.then((o) => o !== 'stale' && this.humanWrites.get(key) === recorded && this.humanWrites.delete(key));
      if (this.humanWrites.size > HUMAN_WRITES_KEPT) this.humanWrites.delete(this.humanWrites.keys().next().value!);
    }
    await this.committed(write);
  }

  /** How a person's message queued by `append` on a cluster node ended: committed under a current
   * fence, left out because the partition had moved (its new owner must record it; remembered), or
   * refused by the database for its data. Undefined when none is queued (committed earlier, or never
   * appended here).
   * The cluster acks a person's message on JetStream only after this settled as written. */
  humanRecorded(chatId: string, messageId: number): Promise<HumanWrite> | undefined {
    return this.humanWrites.get(`${chatId}\u0000${messageId}`);
  }

  async edit(chatId: string, messageId: number, text: string, userId: number): Promise<void> {
    const fence = this.token('chat', chatId);
    await this.committed(this.writer.push({ kind: 'edit', chatId, messageId, userId, text, ...(fence ? { fence } : {}) }));
  }

  /** Waits for `write` at most `commitWaitMs` (then it stays queued and the caller moves on). */
  committed(write: Promise<unknown>): Promise<void> {
    const wait = this.opts.commitWaitMs ?? 2_000;
    if (wait <= 0) return Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    return Promise.race([write.then(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, wait)))]).finally(() => clearTimeout(timer));
  }

  async recent(chatId: string, limit: number): Promise<readonly ChatMessage[]> {
    if (limit <= 0) return [];
    await this.writer.drained();
    const rows = await this.sql.query<Record<string, unknown>>(
      `select seq, chat_id, bot_id, speaker, user_id, text, telegram_message_id, reply_to_message_id, topic, reaction, at
         from messages where chat_id = ? order by id desc limit ?`, [chatId, limit]);
    return rows.reverse().map(toMessage);
  }

  // ---------------------------------------------------------------- outbox

  /** Claims `e`'s key (see OutboxStore). Claims arriving while one is being written are written
   * together, in one statement and one commit (group commit). */
  begin(e: OutboxEntry): Promise<OutboxClaim> {
    if (this.queuedDeliveries.has(e.idempotencyKey)) return Promise.resolve('done');
    let fence: FenceToken | undefined;
    try {
      fence = this.token('chat', e.chatId, 'claims');
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.claims.push({ entry: e, fence, resolve, reject });
      if (!this.claiming) void this.flushClaims();
    });
  }

  private async flushClaims(): Promise<void> {
    this.claiming = true;
    while (this.claims.length) {
      const batch = this.claims.splice(0, 1_000);
      try {
        const results = await this.claimAll(batch.map((c) => c.entry), batch.map((c) => c.fence));
        batch.forEach((c, i) => {
          const r = results[i]!;
          if (r === 'fenced') {
            this.fenced.claims++;
            c.reject(new FencedWrite(`chat ${c.entry.chatId}: a newer owner holds its partition`));
          } else c.resolve(r);
        });
      } catch (error) {
        for (const c of batch) c.reject(error);
      }
    }
    this.claiming = false;
  }

  private async claimAll(entries: readonly OutboxEntry[], fences: readonly (FenceToken | undefined)[]): Promise<(OutboxClaim | 'fenced')[]> {
    const first = new Map<string, number>();
    entries.forEach((e, i) => first.has(e.idempotencyKey) || first.set(e.idempotencyKey, i));
    const fenced = fences.some((f) => f !== undefined);
    const rows = [...first.values()].map((i) => {
      const e = entries[i]!;
      return { key: e.idempotencyKey, chat_id: e.chatId, bot_id: e.botId, turn_id: e.turnId, text: e.text, reply_to: e.replyTo ?? null, at: e.at, rev: fences[i]?.revision ?? 0, p: fences[i]?.partition };
    });
    let stale: (t: FenceToken | undefined) => boolean = () => false;
    const claimed = new Set(fenced
      ? await this.sql.transaction(async (q) => {
        stale = await fenceCheck(q, fences);
        const live = rows.filter((r) => r.p === undefined || !stale({ partition: r.p, revision: r.rev }));
        return live.length ? (await q<{ k: string }>(CLAIM, [JSON.stringify(live)])).map((r) => r.k) : [];
      })
      : (await this.sql.query<{ k: string }>(CLAIM, [JSON.stringify(rows)])).map((r) => r.k));
    const refused = rows.filter((r) => !claimed.has(r.key)).map((r) => r.key);
    const states = new Map(refused.length
      ? (await this.sql.query<{ k: string; state: string }>(
        'select idempotency_key as k, state from outbox where idempotency_key in (select jsonb_array_elements_text(?::jsonb))', [JSON.stringify(refused)])).map((r) => [r.k, r.state])
      : []);
    return entries.map((e, i) => {
      if (stale(fences[i])) return 'fenced';
      if (first.get(e.idempotencyKey) !== i) return 'ambiguous'; // the same key twice at once: one claim only
      if (claimed.has(e.idempotencyKey)) return 'send';
      return states.get(e.idempotencyKey) === 'sent' ? 'done' : 'ambiguous';
    });
  }

  async delivered(d: Delivery): Promise<void> {
    const fence = this.token('chat', d.message.chatId);
    this.queuedDeliveries.add(d.idempotencyKey);
    await this.committed(this.writer.push({ kind: 'message', message: d.message, key: d.idempotencyKey, delivered: true, ...(d.traceId ? { traceId: d.traceId } : {}), ...(fence ? { fence } : {}) }));
  }

  async failed(idempotencyKey: string, error: string): Promise<void> {
    await this.transition('failed', idempotencyKey, error);
  }

  async ambiguous(idempotencyKey: string, error: string): Promise<void> {
    await this.transition('ambiguous', idempotencyKey, error);
  }

  /** A claimed send's outcome; on a cluster node only while the fence of its chat's partition is ours. */
  private async transition(state: 'failed' | 'ambiguous', key: string, error: string): Promise<void> {
    const set = `update outbox set state = '${state}', error = ?, updated_at = now() where idempotency_key = ? and state = 'sending'`;
    if (!this.fencing) {
      await this.sql.query(set, [error.slice(0, 500), key]);
      return;
    }
    const [row] = await this.sql.query<{ chat_id: string }>('select chat_id from outbox where idempotency_key = ?', [key]);
    const fence = row ? this.fencing.tokenOf('chat', row.chat_id) : undefined;
    const done = fence && await this.sql.transaction(async (q) => {
      if ((await fenceCheck(q, [fence]))(fence)) return false;
      await q(`${set} and owner_revision <= ?`, [error.slice(0, 500), key, fence.revision]);
      return true;
    });
    if (row && !done) {
      this.fenced.transitions++;
      throw new FencedWrite(`outbox ${key}: a newer owner holds its chat's partition`);
    }
  }

  async lastTurn(chatId: string): Promise<number> {
    const [row] = await this.sql.query<{ t: number | null }>('select max(turn_id) as t from outbox where chat_id = ?', [chatId]);
    return Number(row?.t ?? 0);
  }

  async recentSends(chatId: string, since: number): Promise<readonly RecentSend[]> {
    const rows = await this.sql.query<{ bot_id: string; at: string; state: string }>(
      `select bot_id, at, state from outbox where chat_id = ? and at >= ? and state in ('sent', 'sending', 'ambiguous') order by at`, [chatId, since]);
    return rows.map((r) => ({ botId: r.bot_id, at: Number(r.at), ...(r.state !== 'sent' ? { uncertain: true } : {}) }));
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

  // ---------------------------------------------------------------- people's messages as they arrive

  /** Records a person's message as a listener took it (HumanIntake on PostgreSQL: intake.ts). Waits while
   * the queue is at its limit, then until the row is committed — however long the database is away.
   * Resolves true when the update is new, false for a redelivery of one already recorded. One the
   * database refused for its data is dropped with its reason (it must not block intake) and resolves
   * true: the chat still hears it. */
  async recordInbound(update: InboundUpdate): Promise<boolean> {
    await this.writer.room();
    const out = { fresh: false };
    const outcome = await this.writer.push({ kind: 'inbound', update, out });
    if (this.pruneAt <= Date.now()) {
      this.pruneAt = Date.now() + HOUR;
      void this.writer.push({ kind: 'prune' });
    }
    return outcome === 'dropped' || out.fresh;
  }

  private pruneAt = 0;

  /** People's messages recorded but not yet recorded by their chat (a run stopped in between), oldest
   * first: a restart hands them to their chats again. */
  async pendingInbound(): Promise<readonly InboundUpdate[]> {
    const rows = await this.sql.query<{ source: string; update_id: string | number; message: HumanMessage }>(
      'select source, update_id, message from inbound where not handled order by id');
    return rows.map((r) => ({ source: r.source, updateId: Number(r.update_id), message: r.message }));
  }

  /** Queues an operation of another store on the same database (memories), in the same order. */
  queue(op: Op): Promise<WriteOutcome> {
    return this.writer.push(op);
  }

  /** Writes what is queued (up to `timeoutMs`) and stops retrying; returns what was left unwritten, by kind. */
  async close(timeoutMs = 5_000): Promise<Unwritten> {
    await this.writer.drained(timeoutMs);
    this.writer.close();
    return unwritten(this.writer.pending());
  }

  // ---------------------------------------------------------------- one batch, one transaction

  private async write(ops: readonly Op[]): Promise<void> {
    const { sentKeys, stale } = await writeBatch((fn) => this.sql.transaction(fn), ops);
    this.fenced.writes += stale;
    for (const key of sentKeys) this.queuedDeliveries.delete(key);
  }
}

/** What a stop left unwritten: the total and how many of each kind. */
export interface Unwritten {
  readonly total: number;
  readonly people: number;
  readonly deliveries: number;
  readonly other: number;
}

function unwritten(ops: readonly Op[]): Unwritten {
  let people = 0;
  let deliveries = 0;
  for (const op of ops) {
    if (op.kind === 'inbound' || (op.kind === 'message' && op.message.botId === null) || op.kind === 'edit') people++;
    else if (op.kind === 'message') deliveries++;
  }
  return { total: ops.length, people, deliveries, other: ops.length - people - deliveries };
}

function toMessage(r: Record<string, unknown>): ChatMessage {
  return {
    seq: Number(r.seq), chatId: String(r.chat_id), messageId: Number(r.telegram_message_id ?? 0), botId: r.bot_id === null ? null : String(r.bot_id),
    speaker: String(r.speaker), text: String(r.text), at: Number(r.at),
    ...(r.user_id !== null && r.user_id !== undefined ? { userId: Number(r.user_id) } : {}),
    ...(r.reply_to_message_id !== null ? { replyTo: Number(r.reply_to_message_id) } : {}),
    ...(r.topic !== null ? { topic: String(r.topic) } : {}),
    ...(r.reaction ? { reaction: true } : {}),
  };
}
