// The humans' side: one listener per token (the chat's listener bot, privacy mode off) takes the group's
// messages through grammY's own intake — `Bot` with `bot.start()` long polling, or `webhookCallback` with
// the secret token — and records each person's message through the node's HumanIntake before Telegram is
// told: grammY confirms an update (the offset of its next getUpdates, the webhook's 200) only after the
// handler resolved, and the handler resolves only after `record` did. Around grammY (poll-layer.ts): a
// shortest interval between empty polls, a backoff on failures of any shape with the status and body in
// the log line. A stop never lets grammY confirm an update whose record has not resolved.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Bot, GrammyError, webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Clock, HumanIntake, Logger } from '../../actors/index.ts';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerOptions } from './chain.ts';
import { redactTokens, toTyped, TelegramFatal } from './errors.ts';
import { botApiFetch } from './fetch.ts';
import { parseUpdate } from './parse.ts';
import { ListenerStopped, PollLayer, abortable, pause } from './poll-layer.ts';
import { traceUpdate } from './observe.ts';

export interface ListenerOptions {
  readonly token: string;
  readonly apiRoot?: string;
  /** Telegram chat id → config chat id, for the chats this token listens to. */
  readonly chats: ReadonlyMap<number, string>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where each person's message goes; its update is confirmed to Telegram once `record` resolved. */
  readonly intake: HumanIntake;
  /** `InboundUpdate.source`: the bot's numeric id by default (a sandbox adds its run, whose ids restart). */
  readonly source?: string;
  /** Long-poll seconds. Default 30. */
  readonly timeoutSec?: number;
  /** Shortest time between two polls when the first brought nothing (a server that answers at once). Default 100 ms. */
  readonly minPollMs?: number;
  /** The breaker over this listener's calls (defaults of chain.ts). */
  readonly breaker?: Partial<BreakerOptions>;
  /** Webhook instead of polling: Telegram posts to `url` with `secret` in the header. */
  readonly webhook?: { readonly url: string; readonly secret: string };
  /** Answer for a person who writes to the bot privately; ignored when absent. */
  readonly privateNote?: string;
  /** The listener stopped for good (revoked token, another poller). */
  readonly onStopped?: (reason: string) => void;
  /** This bot was removed from one of its groups: it hears nothing there any more. */
  readonly onRemoved?: (chatId: string) => void;
}

const ALLOWED = ['message', 'edited_message', 'my_chat_member'] as const;
/** An update id this far past the previous one is logged. */
const JUMP = 1_000_000;
/** Largest webhook body taken (Telegram's updates are far smaller). */
const MAX_WEBHOOK_BODY = 1 << 20;
/** How long a webhook request waits for its record before answering 500 (Telegram retries it). */
const WEBHOOK_WAIT_MS = 10_000;
/** How long a stop waits for grammY's confirming call. */
const STOP_WAIT_MS = 3_000;

const within = (p: Promise<unknown> | undefined, ms: number): Promise<unknown> =>
  Promise.race([p, new Promise((r) => setTimeout(r, ms).unref())]);

export class TelegramListener {
  private readonly bot: Bot;
  private readonly key: string;
  private readonly source: string;
  private readonly logged = new Set<string>();
  private readonly noted = new Set<number>();
  private readonly abort = new AbortController();
  private readonly chats: Map<number, string>;
  private readonly layer: PollLayer;
  private readonly breaker: CircuitBreaker;
  private hook: ((update: unknown, respond: (json: string) => unknown, header: string, unauthorized: () => unknown) => Promise<unknown>) | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastId: number | undefined;
  /** Updates handed over and skipped so far (tests, metrics). */
  readonly counts = { humans: 0, skipped: 0, malformed: 0 };

  constructor(private readonly opts: ListenerOptions) {
    this.key = opts.token.split(':')[0] ?? 'bot';
    this.source = opts.source ?? this.key;
    this.chats = new Map(opts.chats);
    // The adapter's connect() checks every token with getMe; the listener needs no answer of its own.
    const botInfo = { id: Number(this.key) || 0, is_bot: true, first_name: 'listener', username: `listener_${this.key}` } as UserFromGetMe;
    this.bot = new Bot(opts.token, { botInfo, client: { ...(opts.apiRoot ? { apiRoot: opts.apiRoot } : {}), timeoutSeconds: (opts.timeoutSec ?? 30) + 15, fetch: botApiFetch() } });
    this.layer = new PollLayer({ clock: opts.clock, logger: opts.logger, bot: this.key, minPollMs: opts.minPollMs ?? 100, stop: this.abort.signal, describe: (e) => this.message(e), onMalformed: () => this.counts.malformed++ });
    // Installed innermost first: the breaker counts every HTTP attempt, the layer retries around it.
    this.breaker = new CircuitBreaker(opts.clock, { ...DEFAULT_BREAKER, ...opts.breaker });
    this.bot.api.config.use(this.breaker.transformer());
    this.bot.api.config.use(this.layer.transformer());
    this.bot.use((ctx) => this.take(ctx.update));
    // An update whose handler failed is never confirmed: polling ends and starts again (see poll()).
    this.bot.catch((err) => {
      throw err.error;
    });
  }

  /** Also listen to this chat (taking over from a listener that stopped). */
  listenTo(telegramId: number, chatId: string): void {
    this.chats.set(telegramId, chatId);
  }

  /** The chats it listens to now, as [Telegram id, config id]. */
  chatEntries(): [number, string][] {
    return [...this.chats];
  }

  get token(): string {
    return this.opts.token;
  }

  /** The state of the breaker over this listener's calls (tests, metrics). */
  get breakerState(): string {
    return this.breaker.state;
  }

  /** Starts polling (in the background), or registers the webhook. */
  async start(): Promise<void> {
    if (this.opts.webhook) {
      await this.bot.api.setWebhook(this.opts.webhook.url, { secret_token: this.opts.webhook.secret, allowed_updates: [...ALLOWED] });
      this.hook = webhookCallback(this.bot, 'callback', { secretToken: this.opts.webhook.secret, onTimeout: 'throw', timeoutMilliseconds: WEBHOOK_WAIT_MS }) as typeof this.hook;
      return;
    }
    this.running = this.poll();
  }

  /** Stops taking updates. An update whose record is still waiting stays unconfirmed with Telegram (it
   * comes again next time); what was recorded is confirmed when grammY's poll can be stopped safely. */
  async stop(): Promise<void> {
    if (this.stopped) return this.running;
    this.stopped = true;
    const safe = this.layer.allHandled;
    this.abort.abort(); // cuts pauses short and makes a waiting record give up
    // Otherwise grammY's loop ends on the ListenerStopped of the update being handled, confirming nothing.
    if (safe) await within(this.bot.stop().catch(() => undefined), STOP_WAIT_MS);
    await within(this.running, STOP_WAIT_MS);
  }

  /** A node:http handler for the webhook: grammY checks the secret in constant time and answers 200 only
   * after the update was recorded (500 when it could not be in time: Telegram sends it again). */
  webhookHandler(): (req: IncomingMessage, res: ServerResponse) => void {
    return (req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_WEBHOOK_BODY) {
          res.writeHead(413).end();
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => {
        if (size > MAX_WEBHOOK_BODY) return;
        let update: unknown;
        try {
          update = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          update = undefined;
        }
        const hook = this.hook;
        if (!hook || this.stopped) return void res.writeHead(503).end();
        if (typeof update !== 'object' || update === null || Array.isArray(update)) {
          this.counts.malformed++;
          this.opts.logger.warn('telegram.update.malformed', { bot: this.key, reason: 'webhook body is not an update' });
          return void res.writeHead(200).end();
        }
        let answered = false;
        const header = String(req.headers['x-telegram-bot-api-secret-token'] ?? '');
        hook(update, () => undefined, header, () => {
          answered = true;
          res.writeHead(401).end();
          this.once('webhook-secret', 'telegram.webhook.bad-secret', {});
        }).then(
          () => answered || res.writeHead(200).end(),
          (error: unknown) => {
            if (!answered) res.writeHead(500).end();
            if (!(error instanceof ListenerStopped) && !this.stopped) this.opts.logger.warn('telegram.webhook.not-taken', { bot: this.key, error: this.message(error), note: 'answered 500: Telegram sends it again' });
          },
        );
      });
    };
  }

  /** grammY's long polling, started again after an update whose record failed (it stays unconfirmed). */
  private async poll(): Promise<void> {
    let backoff = 1_000;
    while (!this.stopped) {
      try {
        await this.bot.start({ timeout: this.opts.timeoutSec ?? 30, allowed_updates: [...ALLOWED] });
        return;
      } catch (error) {
        if (this.stopped) return;
        const fatal = this.fatal(error);
        if (fatal) return this.end(fatal);
        this.opts.logger.error('telegram.listener.failed', { bot: this.key, error: this.message(error), inMs: backoff, note: 'the update stays unconfirmed and comes again' });
        await pause(this.opts.clock, backoff, this.abort.signal);
        backoff = Math.min(30_000, backoff * 2);
      }
    }
  }

  /** grammY's middleware: one update (untrusted JSON). Resolves once a person's message is recorded. */
  private async take(update: unknown): Promise<void> {
    if (this.stopped) throw new ListenerStopped();
    const id = (update as { update_id?: unknown }).update_id;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
      this.counts.malformed++;
      this.opts.logger.warn('telegram.update.malformed', { bot: this.key, reason: 'no update_id' });
      return;
    }
    await this.handle(update, id);
    this.layer.handled(id); // not on a throw: that update is not confirmed
  }

  private async handle(update: unknown, id: number): Promise<void> {
    this.noteId(id);
    let v;
    try {
      v = parseUpdate(update, this.chats, this.opts.clock.now());
    } catch (error) {
      v = { kind: 'skip' as const, reason: 'malformed' as const, detail: this.message(error) };
    }
    switch (v.kind) {
      case 'human':
        this.counts.humans++;
        // A person's message starts its own trace (telegram.update), carried on to its chat.
        await abortable(traceUpdate(v.message, { id, telegramChatId: this.telegramIdOf(v.message.chatId) }, (message) => this.opts.intake.record({ source: this.source, updateId: id, message })), this.abort.signal);
        return;
      case 'removed': {
        const chatId = this.chats.get(v.telegramChatId);
        if (String(v.botUserId) !== this.key || chatId === undefined) return;
        this.chats.delete(v.telegramChatId);
        this.opts.logger.error('telegram.listener.removed', { bot: this.key, chat: chatId, reason: `the listener bot was removed from chat ${chatId}` });
        this.opts.onRemoved?.(chatId);
        return;
      }
      case 'private':
        this.counts.skipped++;
        if (this.opts.privateNote && !this.noted.has(v.userId)) {
          this.noted.add(v.userId);
          this.bot.api.sendMessage(v.telegramChatId, this.opts.privateNote).catch((e: unknown) => this.opts.logger.debug('telegram.listener.private-note-failed', { error: this.message(e) }));
        }
        return;
      case 'skip':
        this.counts.skipped++;
        if (v.reason === 'malformed') {
          this.counts.malformed++;
          this.opts.logger.warn('telegram.update.malformed', { bot: this.key, update: id, reason: v.detail ?? 'malformed' });
        } else if (v.reason === 'unknown-chat' || v.reason === 'unknown-type') {
          this.once(`${v.reason}:${v.detail ?? ''}`, `telegram.update.${v.reason}`, { update: id, detail: v.detail ?? '' });
        }
    }
  }

  private telegramIdOf(chatId: string): number | undefined {
    for (const [telegramId, id] of this.chats) if (id === chatId) return telegramId;
    return undefined;
  }

  /** An id below the last one is taken (Telegram picks new ids after a week without updates; the
   * update is new) and said once; a jump far ahead is said once. */
  private noteId(id: number): void {
    const last = this.lastId;
    this.lastId = id;
    if (last === undefined) return;
    if (id < last) this.once(`reset:${id}`, 'telegram.update.id-reset', { from: last, to: id, note: 'taken: the server started its update ids again' });
    else if (id - last > JUMP) this.once(`jump:${id}`, 'telegram.update.id-jump', { from: last, to: id });
  }

  private fatal(error: unknown): string | undefined {
    if (error instanceof GrammyError && error.error_code === 409) return `listener of bot ${this.key} stopped: another consumer polls this token or a webhook is set (409)`;
    if (!(error instanceof GrammyError)) return undefined;
    const e = toTyped(error, 'getUpdates', [this.opts.token]);
    if (e instanceof TelegramFatal) return `listener of bot ${this.key} stopped: ${e.message}`;
    return undefined;
  }

  private end(reason: string): void {
    this.stopped = true;
    this.opts.logger.error('telegram.listener.stopped', { bot: this.key, reason });
    this.opts.onStopped?.(reason);
  }

  private once(key: string, event: string, fields: Record<string, unknown>): void {
    if (this.logged.has(key)) return;
    this.logged.add(key);
    this.opts.logger.warn(event, { bot: this.key, ...fields });
  }

  private message(error: unknown): string {
    return redactTokens(error instanceof Error ? error.message : String(error), [this.opts.token]);
  }
}
