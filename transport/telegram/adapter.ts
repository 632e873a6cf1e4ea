// The Telegram port on grammY: one send-only `Api` per persona bot (no polling, so no 409), each with
// the transformer chain of chain.ts. Idempotency keys make a repeated send return the first result;
// a revoked token or a removal from a group takes that bot out cleanly, once, while the others go on.
import { Api, type Transformer } from 'grammy';
import type { ReactionTypeEmoji } from 'grammy/types';
import {
  createTelegramLimiter, normalizeReaction, Fatal, Invalid,
  type Clock, type Logger, type SendMessageRequest, type SentMessage, type TelegramLimits, type TelegramPort,
} from '../../actors/index.ts';
import { CircuitBreaker, DEFAULT_BREAKER, DEFAULT_RETRY, limitsTransformer, retryAfterTransformer, type BreakerOptions, type RetryOptions } from './chain.ts';
import { TelegramFatal, toTyped } from './errors.ts';
import { botApiFetch } from './fetch.ts';
import { countTransformer, traceTransformer, type TelegramRequest } from './observe.ts';
import { SystemClock } from '../clock.ts';

export interface TelegramBotSpec {
  readonly botId: string;
  readonly token: string;
  /** The persona's handle; getMe is checked against it at `connect()`. */
  readonly username?: string;
}

export interface TelegramChatSpec {
  /** The chat's id in the config. */
  readonly chatId: string;
  /** Its Telegram id (negative for groups). */
  readonly telegramId: number;
  /** Bot ids that belong in it (checked by `connect()`); every bot when absent. */
  readonly members?: readonly string[];
}

export interface GrammyTelegramOptions {
  readonly bots: readonly TelegramBotSpec[];
  readonly chats: readonly TelegramChatSpec[];
  /** Bot API root without a trailing slash; Telegram's by default, the sandbox's URL offline. */
  readonly apiRoot?: string;
  /** Stamps `SentMessage.at` (the node's clock, which may run sped up in a demo). */
  readonly clock: Clock;
  /** Times the waits on Telegram (limits, retry_after, breaker): wall time. Default the system clock. */
  readonly wallClock?: Clock;
  readonly logger: Logger;
  /** Telegram's limits enforced before sending (defaults: 1/s per chat, 20/min per bot per group, 30/s per bot). */
  readonly limits?: Partial<TelegramLimits>;
  readonly retry?: Partial<RetryOptions>;
  readonly breaker?: Partial<BreakerOptions>;
  /** HTTP timeout of one call (s). Default 30. */
  readonly timeoutSeconds?: number;
  /** Pass each send's idempotency key along (`piyasa_key`): only the Piyasa sandbox reads it, to
   * record sends by key (duplicate checks in cluster tests). Default false. */
  readonly sendKeys?: boolean;
  /** Checked right before every attempt of a send or a reaction (after any wait for a limit or a
   * retry_after): false refuses it as 409 — nothing goes out. A cluster node passes "may this node
   * act for the chat now", so a retry cannot go out after the chat moved elsewhere. */
  readonly gate?: (chatId: string) => boolean;
  /** A bot is out: of every chat (`chatId` undefined: token revoked) or of one (removed). Called once. */
  readonly onBotDown?: (botId: string, reason: string, chatId?: string) => void;
  /** Every HTTP request to the Bot API (retries too), for the node's metrics. */
  readonly onRequest?: (request: TelegramRequest) => void;
}

interface BotHandle {
  readonly spec: TelegramBotSpec;
  readonly api: Api;
  readonly breaker: CircuitBreaker;
}

/** Keys remembered for idempotent sends. */
const KEEP_KEYS = 10_000;

export class GrammyTelegram implements TelegramPort {
  private readonly bots = new Map<string, BotHandle>();
  private readonly chatIds = new Map<string, number>();
  private readonly members = new Map<string, readonly string[] | undefined>();
  private readonly tokens: string[];
  private readonly sent = new Map<string, Promise<SentMessage>>();
  /** botId → why it is out of every chat; `botId chatId` → why it is out of that chat. */
  private readonly down = new Map<string, string>();
  private readonly reactions = new Map<string, ReadonlySet<string> | undefined>();
  private readonly opts: GrammyTelegramOptions;
  private readonly limiter: ReturnType<typeof createTelegramLimiter>;
  private readonly wall: Clock;

  constructor(opts: GrammyTelegramOptions) {
    this.opts = opts;
    this.tokens = [];
    this.limiter = createTelegramLimiter(opts.limits);
    this.wall = opts.wallClock ?? new SystemClock();
    for (const c of opts.chats) this.addChat(c);
    for (const spec of opts.bots) this.addBot(spec);
  }

  /** A bot to send as (at construction, or added while running: the `bots.add` command). */
  addBot(spec: TelegramBotSpec): void {
    const api = new Api(spec.token, { ...(this.opts.apiRoot ? { apiRoot: this.opts.apiRoot } : {}), timeoutSeconds: this.opts.timeoutSeconds ?? 30, fetch: botApiFetch() });
    const breaker = new CircuitBreaker(this.wall, { ...DEFAULT_BREAKER, ...this.opts.breaker });
    // Installed innermost first: the last one installed is the outermost.
    if (this.opts.gate) api.config.use(this.gateTransformer(this.opts.gate));
    api.config.use(countTransformer(spec.botId, this.opts.onRequest));
    api.config.use(breaker.transformer());
    api.config.use(retryAfterTransformer(this.wall, { ...DEFAULT_RETRY, ...this.opts.retry }));
    api.config.use(limitsTransformer(this.limiter, spec.botId, this.wall));
    api.config.use(traceTransformer(spec.botId));
    this.tokens.push(spec.token);
    this.bots.set(spec.botId, { spec, api, breaker });
  }

  /** A chat to send into (at construction, or added while running: the `chats.add` command). */
  addChat(spec: TelegramChatSpec): void {
    this.chatIds.set(spec.chatId, spec.telegramId);
    this.members.set(spec.chatId, spec.members);
  }

  /** The innermost layer: each attempt of a send or reaction asks the gate first. */
  private gateTransformer(gate: (chatId: string) => boolean): Transformer {
    const byTelegramId = new Map([...this.chatIds].map(([id, tg]) => [String(tg), id]));
    return async (prev, method, payload, signal) => {
      if (method !== 'sendMessage' && method !== 'setMessageReaction') return prev(method, payload, signal);
      const chatId = byTelegramId.get(String((payload as { chat_id?: unknown }).chat_id));
      if (chatId !== undefined && !gate(chatId)) {
        return { ok: false as const, error_code: 409, description: `Conflict: this node does not own chat ${chatId} now (fenced); nothing was sent` };
      }
      return prev(method, payload, signal);
    };
  }

  /** Checks every token (getMe, against the persona's handle) and every chat (getChat: membership,
   * allowed reactions). Returns the problems found; bots that fail are taken out. */
  async connect(): Promise<string[]> {
    const problems: string[] = [];
    for (const { spec, api } of this.bots.values()) {
      try {
        const me = await api.getMe();
        if (spec.username && me.username?.toLowerCase() !== spec.username.toLowerCase()) problems.push(`${spec.botId}: the token belongs to @${me.username ?? '?'}, not @${spec.username}`);
      } catch (error) {
        const e = this.fail(spec.botId, undefined, error, 'getMe');
        problems.push(`${spec.botId}: ${e.message}`);
        continue;
      }
      for (const [chatId, telegramId] of this.chatIds) {
        if (!(this.members.get(chatId)?.includes(spec.botId) ?? true)) continue;
        const failed = await this.readReactions(spec.botId, chatId);
        const out = this.isDown(spec.botId, chatId);
        if (out) problems.push(`${spec.botId} in ${chatId}: ${out}`);
        else if (failed) problems.push(`${spec.botId} in ${chatId}: ${failed} (the chat's allowed reactions are unknown; it goes on)`);
      }
    }
    return problems;
  }

  /** Why the bot cannot send into the chat, if it cannot. */
  isDown(botId: string, chatId: string): string | undefined {
    return this.down.get(botId) ?? this.down.get(`${botId} ${chatId}`);
  }

  sendMessage(request: SendMessageRequest): Promise<SentMessage> {
    const done = this.sent.get(request.idempotencyKey);
    if (done) return done;
    const promise = this.call(request.botId, request.chatId, 'sendMessage', async (api, chat) => {
      const options = {
        ...(request.replyTo !== undefined ? { reply_parameters: { message_id: request.replyTo, allow_sending_without_reply: true } } : {}),
        ...(this.opts.sendKeys ? { piyasa_key: request.idempotencyKey } : {}),
      };
      const m = await api.sendMessage(chat, request.text, options);
      return { messageId: m.message_id, at: this.opts.clock.now() };
    });
    this.sent.set(request.idempotencyKey, promise);
    // A failed send may be tried again under the same key; only delivered ones are remembered.
    promise.catch(() => this.sent.delete(request.idempotencyKey));
    if (this.sent.size > KEEP_KEYS) this.sent.delete(this.sent.keys().next().value!);
    return promise;
  }

  async sendChatAction(botId: string, chatId: string, action: 'typing'): Promise<void> {
    await this.call(botId, chatId, 'sendChatAction', (api, chat) => api.sendChatAction(chat, action));
  }

  async setMessageReaction(botId: string, chatId: string, messageId: number, emoji: string): Promise<void> {
    const bare = normalizeReaction(emoji);
    // Checked before the call: Telegram would answer 400 REACTION_INVALID, and a 400 is never retried.
    if (!bare) throw new Invalid(`setMessageReaction: ${JSON.stringify(emoji)} is not an allowed reaction`, 'emoji');
    const allowed = this.reactions.get(chatId);
    if (allowed && !allowed.has(bare)) throw new Invalid(`setMessageReaction: ${bare} is not allowed in this chat`, 'emoji');
    try {
      await this.call(botId, chatId, 'setMessageReaction', (api, chat) => api.setMessageReaction(chat, messageId, [{ type: 'emoji', emoji: bare as ReactionTypeEmoji['emoji'] }]));
    } catch (error) {
      // The group's allowed reactions may have changed: read them again for the next time.
      if (error instanceof Invalid && /REACTION_INVALID/.test(error.message)) void this.readReactions(botId, chatId);
      throw error;
    }
  }

  /** Reads the chat's allowed reactions; returns why it could not (any failure, typed and redacted). */
  private async readReactions(botId: string, chatId: string): Promise<string | undefined> {
    const bot = this.bots.get(botId);
    const telegramId = this.chatIds.get(chatId);
    if (!bot || telegramId === undefined) return undefined;
    try {
      const chat = await bot.api.getChat(telegramId);
      const available = 'available_reactions' in chat ? chat.available_reactions : undefined;
      this.reactions.set(chatId, available ? new Set(available.flatMap((r) => (r.type === 'emoji' ? [r.emoji] : []))) : undefined);
      return undefined;
    } catch (error) {
      return this.fail(botId, chatId, error, 'getChat').message;
    }
  }

  private async call<T>(botId: string, chatId: string, method: string, fn: (api: Api, chat: number) => Promise<T>): Promise<T> {
    const bot = this.bots.get(botId);
    if (!bot) throw new Invalid(`${method}: no Telegram token configured for bot "${botId}"`, 'botId');
    const chat = this.chatIds.get(chatId);
    if (chat === undefined) throw new Invalid(`${method}: chat "${chatId}" has no Telegram chat id`, 'chatId');
    const out = this.isDown(botId, chatId);
    if (out) throw new Fatal(`${method}: ${out}`);
    try {
      return await fn(bot.api, chat);
    } catch (error) {
      throw this.fail(botId, chatId, error, method);
    }
  }

  /** Types the error; a Fatal takes the bot out (of every chat for 401, of this chat for 403). */
  private fail(botId: string, chatId: string | undefined, error: unknown, method: string): Error {
    const e = toTyped(error, method, this.tokens);
    if (e instanceof TelegramFatal) {
      const everywhere = e.reason === 'unauthorized' || chatId === undefined;
      const key = everywhere ? botId : `${botId} ${chatId}`;
      if (!this.down.has(key)) {
        const reason = everywhere ? `bot ${botId} stopped: its token was revoked or is wrong (401)` : `bot ${botId} stopped in chat ${chatId}: it was removed from the group (403)`;
        this.down.set(key, reason);
        this.opts.logger.error('telegram.bot-down', { bot: botId, ...(everywhere ? {} : { chat: chatId }), reason, error: e.message });
        this.opts.onBotDown?.(botId, reason, everywhere ? undefined : chatId);
      }
    }
    return e;
  }

  /** The breaker's state of one bot (tests, metrics). */
  breakerState(botId: string): string | undefined {
    return this.bots.get(botId)?.breaker.state;
  }
}
