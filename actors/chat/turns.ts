// The chat shell's view of its turns for tracing and metrics: a `chat.turn` span from the director's
// decision to the send (or the drop), `chat.human` for a person's message, and what the chat
// delivered or dropped. Reads the reducer's effects and stats; the reducer knows nothing of it.
import type { ChatMetrics, Clock, TraceContext, TraceSpan, Tracer } from '../ports.ts';
import type { BotMessage } from '../messages.ts';
import type { ChatMessage } from '../domain/types.ts';
import type { ChatState } from './state.ts';

/** A person's trace kept for linking the answer's turn to it, per chat. */
const HUMAN_TRACES = 256;

interface OpenTurn {
  readonly turnId: number;
  readonly span: TraceSpan;
  readonly at: number;
}

/** Why the director gave this bot the floor, in words. */
function why(m: Extract<BotMessage, { kind: 'compose' | 'react' }>): string {
  if (m.kind === 'react') return 'director: a reaction to a recent message';
  if (m.mode === 'answer') return `addressed: ${m.target?.speaker ?? 'a person'} mentioned or replied to this bot`;
  if (m.mode === 'reply') return `director: a reply to ${m.target?.speaker ?? 'a member'}${m.mention ? ' (mentioning them)' : ''}`;
  return 'director: a new post on a topic';
}

/** One per chat actor; `enabled` is false when there is neither a tracer nor metrics (no bookkeeping). */
export class TurnWatch {
  readonly enabled: boolean;
  private readonly open = new Map<number, OpenTurn>();
  /** Telegram message id → the turn that sent it (until its record effect ran). */
  private readonly sent = new Map<number, number>();
  private readonly humans = new Map<number, TraceContext>();
  private delivered = 0;
  private reactions = 0;
  private readonly dropped = new Map<string, number>();
  private lastCalled: number | undefined;

  constructor(
    private readonly chatId: string,
    private readonly tracer: Tracer,
    private readonly clock: Clock,
    private readonly metrics: ChatMetrics | undefined,
  ) {
    this.enabled = tracer.enabled || metrics !== undefined;
  }

  /** Where the shell picks up again after a restart: counters from the reloaded state, no open turn. */
  reset(s: ChatState): void {
    for (const t of this.open.values()) {
      t.span.setAttributes({ 'piyasa.turn.outcome': 'restarted' });
      t.span.end();
    }
    this.open.clear();
    this.sent.clear();
    this.snapshot(s);
  }

  /** A message to a bot is about to go out: a new turn's compose or react starts its span; a
   * regeneration is an event on it. Returns the message with the turn's trace on it. */
  toBot(botId: string, message: BotMessage): BotMessage {
    if (message.kind !== 'compose' && message.kind !== 'react') return message;
    let turn = this.open.get(message.turnId);
    if (!turn) {
      for (const old of this.open.values()) this.finish(old, 'superseded');
      const target = message.target;
      const link = target && target.botId === null ? this.humans.get(target.messageId) : undefined;
      const span = this.tracer.start('chat.turn', {
        ...(link ? { links: [link] } : {}),
        attributes: {
          'piyasa.chat.id': this.chatId, 'piyasa.turn.id': message.turnId, 'piyasa.turn.speaker': botId,
          'piyasa.turn.kind': message.kind === 'react' ? 'react' : message.mode, 'piyasa.turn.why': why(message),
          'piyasa.turn.reply_to': target?.messageId, 'piyasa.turn.reply_to_speaker': target?.speaker,
        },
      });
      turn = { turnId: message.turnId, span, at: this.clock.now() };
      this.open.set(message.turnId, turn);
    } else if (message.kind === 'compose' && message.attempt > 0) {
      turn.span.addEvent('dedup.regenerate', { 'piyasa.dedup.verdict': 'near-duplicate of the chat\'s recent messages', 'piyasa.compose.attempt': message.attempt });
    }
    const trace = turn.span.context();
    return trace ? { ...message, trace } : message;
  }

  /** The span of `turnId` (NOOP when untraced) for the Telegram call and the outbox writes. */
  span(turnId: number): TraceSpan | undefined {
    this.lastCalled = turnId;
    return this.open.get(turnId)?.span;
  }

  /** Telegram accepted `messageId` for `turnId`. */
  sentBy(turnId: number, messageId: number): void {
    const turn = this.open.get(turnId);
    if (!turn) return;
    turn.span.setAttributes({ 'piyasa.message.id': messageId });
    this.sent.set(messageId, turnId);
  }

  /** The span a record effect belongs to: the turn that sent the message (or reacted last). */
  recordSpan(m: ChatMessage): TraceSpan | undefined {
    const turnId = m.reaction ? this.lastCalled : this.sent.get(m.messageId);
    if (!m.reaction) this.sent.delete(m.messageId);
    return turnId === undefined ? undefined : this.open.get(turnId)?.span;
  }

  /** A person's message reached the chat: its span continues the listener's trace. */
  human(m: { messageId: number; username: string; trace?: TraceContext; edited?: boolean }): TraceSpan | undefined {
    if (!this.tracer.enabled) return undefined;
    const span = this.tracer.start(m.edited ? 'chat.edit' : 'chat.human', {
      kind: 'consumer', ...(m.trace ? { parent: m.trace } : {}),
      attributes: { 'piyasa.chat.id': this.chatId, 'piyasa.message.id': m.messageId, 'piyasa.message.from': m.username },
    });
    const context = span.context();
    if (context && !m.edited) {
      this.humans.set(m.messageId, context);
      if (this.humans.size > HUMAN_TRACES) this.humans.delete(this.humans.keys().next().value!);
    }
    return span;
  }

  /** After a step's effects ran: turns whose floor is gone end, with what the stats say happened. */
  settle(s: ChatState): void {
    const outcome = this.changes(s);
    for (const turn of this.open.values()) if (s.floor?.turnId !== turn.turnId) this.finish(turn, outcome);
  }

  private finish(turn: OpenTurn, outcome: string): void {
    this.open.delete(turn.turnId);
    turn.span.setAttributes({ 'piyasa.turn.outcome': outcome });
    if (outcome !== 'delivered' && outcome !== 'reacted') turn.span.addEvent('turn.dropped', { 'piyasa.turn.outcome': outcome });
    turn.span.end();
    this.metrics?.turn(this.clock.now() - turn.at, outcome);
  }

  /** Reports what was delivered and dropped since the last look; returns how a turn ending now ended. */
  private changes(s: ChatState): string {
    const st = s.stats;
    let outcome = 'ended';
    if (st.delivered !== this.delivered) {
      for (let i = this.delivered; i < st.delivered; i++) this.metrics?.delivered(false);
      this.delivered = st.delivered;
      outcome = 'delivered';
    }
    if (st.reactions !== this.reactions) {
      for (let i = this.reactions; i < st.reactions; i++) this.metrics?.delivered(true);
      this.reactions = st.reactions;
      outcome = 'reacted';
    }
    for (const reason in st.dropped) {
      const n = st.dropped[reason]!;
      const seen = this.dropped.get(reason) ?? 0;
      if (n === seen) continue;
      for (let i = seen; i < n; i++) this.metrics?.dropped(reason);
      this.dropped.set(reason, n);
      outcome = reason;
    }
    return outcome;
  }

  private snapshot(s: ChatState): void {
    this.delivered = s.stats.delivered;
    this.reactions = s.stats.reactions;
    this.dropped.clear();
    for (const reason in s.stats.dropped) this.dropped.set(reason, s.stats.dropped[reason]!);
  }
}
