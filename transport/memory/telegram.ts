// In-memory Telegram: per-chat message ids, a record of every send, typing action and reaction,
// and a way to inject human messages. No network; nothing is ever refused for rate.
import { fnv1a, Invalid, TELEGRAM_MAX_MESSAGE_CHARS } from '../../actors/index.ts';
import type {
  Clock, HumanMessage, SendMessageRequest, SentMessage, TelegramPort,
} from '../../actors/index.ts';
import { CallLog, type CallRecord } from './call-log.ts';

/** A bot message as the fake group saw it. */
export interface SentRecord {
  readonly chatId: string;
  readonly botId: string;
  readonly messageId: number;
  readonly text: string;
  readonly replyTo?: number;
  readonly at: number;
  readonly idempotencyKey: string;
}

export interface ActionRecord {
  readonly botId: string;
  readonly chatId: string;
  readonly action: 'typing';
  readonly at: number;
}

export interface ReactionRecord {
  readonly botId: string;
  readonly chatId: string;
  readonly messageId: number;
  readonly emoji: string;
  readonly at: number;
}

/** What a test passes to `human(...)`; the fake fills in the id and the time. */
export interface HumanInput {
  readonly chatId: string;
  /** Defaults to a stable number derived from the username. */
  readonly userId?: number;
  readonly username: string;
  readonly text: string;
  readonly replyTo?: number;
}

/** Telegram's limit on one message's text. */
export const MAX_MESSAGE_LENGTH = TELEGRAM_MAX_MESSAGE_CHARS;

/** A TelegramPort that records everything. Like Telegram with allow_sending_without_reply, an
 * unknown `replyTo` is accepted. Repeated idempotency keys are recorded too; see `duplicates()`. */
export class MemoryTelegram implements TelegramPort {
  readonly sent: SentRecord[] = [];
  readonly actions: ActionRecord[] = [];
  readonly reactions: ReactionRecord[] = [];
  readonly humans: HumanMessage[] = [];
  private readonly log: CallLog;
  private readonly clock: Clock;
  private readonly lastId = new Map<string, number>();
  private readonly handlers = new Set<(m: HumanMessage) => void>();

  /** Messages sent so far (counted even when records are off). */
  sentCount = 0;
  private readonly recording: boolean;
  private readonly handleOf: (botId: string) => string | undefined;

  /** `record: false` keeps counts but no call log and no per-message records (long runs, benchmarks).
   * `handleOf`: a bot's Telegram username, which a person's reply to its message carries (as Telegram's
   * `reply_to_message.from` does; recorded sends only). */
  constructor({ clock, record = true, handleOf }: { clock: Clock; record?: boolean; handleOf?: (botId: string) => string | undefined }) {
    this.clock = clock;
    this.log = new CallLog(clock);
    this.recording = record;
    this.handleOf = handleOf ?? (() => undefined);
  }

  get calls(): readonly CallRecord[] {
    return this.log.calls;
  }

  async sendMessage(request: SendMessageRequest): Promise<SentMessage> {
    if (this.recording) this.log.record('sendMessage', [request]);
    if (request.text.trim() === '') throw new Invalid('message text is empty', 'text');
    if (request.text.length > MAX_MESSAGE_LENGTH) throw new Invalid('message is too long', 'text');
    const messageId = this.nextId(request.chatId);
    const at = this.clock.now();
    const { chatId, botId, text, replyTo, idempotencyKey } = request;
    this.sentCount++;
    if (this.recording) this.sent.push({ chatId, botId, messageId, text, ...(replyTo === undefined ? {} : { replyTo }), at, idempotencyKey });
    return { messageId, at };
  }

  async sendChatAction(botId: string, chatId: string, action: 'typing'): Promise<void> {
    if (!this.recording) return;
    this.log.record('sendChatAction', [botId, chatId, action]);
    this.actions.push({ botId, chatId, action, at: this.clock.now() });
  }

  async setMessageReaction(botId: string, chatId: string, messageId: number, emoji: string): Promise<void> {
    if (!this.recording) return;
    this.log.record('setMessageReaction', [botId, chatId, messageId, emoji]);
    this.reactions.push({ botId, chatId, messageId, emoji, at: this.clock.now() });
  }

  /** A human writes in a group: gets the chat's next message id and the clock's time, is recorded,
   * and is handed synchronously to every `onHuman` handler. */
  human(input: HumanInput): HumanMessage {
    const replied = input.replyTo === undefined ? undefined : this.sent.findLast((s) => s.chatId === input.chatId && s.messageId === input.replyTo);
    const replyToHandle = replied && this.handleOf(replied.botId);
    const message: HumanMessage = {
      chatId: input.chatId,
      messageId: this.nextId(input.chatId),
      userId: input.userId ?? fnv1a(input.username) % 1_000_000_000 + 1,
      username: input.username,
      text: input.text,
      ...(input.replyTo === undefined ? {} : { replyTo: input.replyTo }),
      ...(replyToHandle ? { replyToHandle } : {}),
      at: this.clock.now(),
    };
    this.humans.push(message);
    for (const handler of [...this.handlers]) handler(message);
    return message;
  }

  /** Registers a listener for human messages; returns the function that removes it. */
  onHuman(handler: (m: HumanMessage) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Idempotency keys sent more than once, in order of first use. */
  duplicates(): string[] {
    const counts = new Map<string, number>();
    for (const s of this.sent) counts.set(s.idempotencyKey, (counts.get(s.idempotencyKey) ?? 0) + 1);
    return [...counts].filter(([, n]) => n > 1).map(([key]) => key);
  }

  private nextId(chatId: string): number {
    const id = (this.lastId.get(chatId) ?? 0) + 1;
    this.lastId.set(chatId, id);
    return id;
  }
}
