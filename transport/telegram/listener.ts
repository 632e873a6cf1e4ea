// The humans' side: one listener per token (the chat's listener bot, privacy mode off) receives the
// group's messages — long polling with a persisted offset, or a webhook with `secret_token` — and
// hands each person's message to the node. Only one poller per token, so no 409. Bad input is logged
// once and skipped; 401 and 409 stop the listener with a clear line; other failures back off.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Api, GrammyError } from 'grammy';
import type { Clock, HumanMessage, Logger } from '../../actors/index.ts';
import { CircuitBreaker } from './chain.ts';
import { redactTokens, toTyped, TelegramFatal } from './errors.ts';
import type { OffsetStore } from './offsets.ts';
import { parseUpdate } from './parse.ts';
import { traceUpdate } from './observe.ts';

export interface ListenerOptions {
  readonly token: string;
  readonly apiRoot?: string;
  /** Telegram chat id → config chat id, for the chats this token listens to. */
  readonly chats: ReadonlyMap<number, string>;
  readonly offsets: OffsetStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly onHuman: (message: HumanMessage) => void;
  /** Long-poll seconds. Default 30. */
  readonly timeoutSec?: number;
  /** Webhook instead of polling: Telegram posts to `url` with `secret` in the header. */
  readonly webhook?: { readonly url: string; readonly secret: string };
  /** Answer for a person who writes to the bot privately; ignored when absent. */
  readonly privateNote?: string;
  /** The listener stopped for good (revoked token, another poller). */
  readonly onStopped?: (reason: string) => void;
  /** This bot was removed from one of its groups: it hears nothing there any more. */
  readonly onRemoved?: (chatId: string) => void;
}

/** An update id this far past the offset is logged (Telegram resets ids after a week of silence). */
const JUMP = 1_000_000;
const MAX_BACKOFF_MS = 30_000;
/** Largest webhook body taken (Telegram's updates are far smaller). */
const MAX_WEBHOOK_BODY = 1 << 20;

export class TelegramListener {
  private readonly api: Api;
  private readonly key: string;
  private readonly logged = new Set<string>();
  private readonly noted = new Set<number>();
  private readonly abort = new AbortController();
  private readonly chats: Map<number, string>;
  private offset: number | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  /** Updates handed over and skipped so far (tests, metrics). */
  readonly counts = { humans: 0, skipped: 0, malformed: 0 };

  constructor(private readonly opts: ListenerOptions) {
    this.api = new Api(opts.token, { ...(opts.apiRoot ? { apiRoot: opts.apiRoot } : {}), timeoutSeconds: (opts.timeoutSec ?? 30) + 15 });
    this.api.config.use(new CircuitBreaker(opts.clock).transformer());
    this.key = opts.token.split(':')[0] ?? 'bot';
    this.chats = new Map(opts.chats);
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

  /** Loads the offset and starts polling (or registers the webhook). */
  async start(): Promise<void> {
    this.offset = await this.opts.offsets.load(this.key);
    if (this.opts.webhook) {
      await this.api.setWebhook(this.opts.webhook.url, { secret_token: this.opts.webhook.secret, allowed_updates: ['message', 'edited_message', 'my_chat_member'] });
      return;
    }
    await this.api.deleteWebhook().catch((e: unknown) => this.opts.logger.warn('telegram.listener.delete-webhook', { bot: this.key, error: this.message(e) }));
    this.loop = this.poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.loop;
  }

  /** A node:http handler for the webhook: checks the secret in constant time, then takes the update. */
  webhookHandler(): (req: IncomingMessage, res: ServerResponse) => void {
    const secret = Buffer.from(this.opts.webhook?.secret ?? '');
    return (req, res) => {
      const given = Buffer.from(String(req.headers['x-telegram-bot-api-secret-token'] ?? ''));
      if (secret.length === 0 || given.length !== secret.length || !timingSafeEqual(given, secret)) {
        res.writeHead(401).end();
        this.once('webhook-secret', 'telegram.webhook.bad-secret', {});
        return;
      }
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
        this.take([update]);
        res.writeHead(200).end();
      });
    };
  }

  private async poll(): Promise<void> {
    let backoff = 1_000;
    while (!this.stopped) {
      let updates: unknown;
      try {
        updates = await this.api.getUpdates({ timeout: this.opts.timeoutSec ?? 30, allowed_updates: ['message', 'edited_message', 'my_chat_member'], ...(this.offset !== undefined ? { offset: this.offset } : {}) }, this.abort.signal as Parameters<Api['getUpdates']>[1]);
        backoff = 1_000;
      } catch (error) {
        if (this.stopped) return;
        const fatal = this.fatal(error);
        if (fatal) return this.end(fatal);
        this.opts.logger.warn('telegram.listener.retry', { bot: this.key, error: this.message(error), inMs: backoff });
        await this.pause(backoff);
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        continue;
      }
      const batch = Array.isArray(updates) ? updates : [updates];
      const next = this.take(batch);
      // Nothing confirmable in a non-empty batch (no update ids): pause instead of spinning on it.
      if (next === undefined && batch.length > 0) await this.pause(backoff);
      if (next !== undefined) {
        this.offset = next;
        await this.opts.offsets.save(this.key, next).catch((e: unknown) => this.once('offset-save', 'telegram.listener.offset-not-saved', { error: this.message(e) }));
      }
    }
  }

  /** Handles a batch; returns the offset that confirms it (undefined when nothing moved). */
  private take(updates: readonly unknown[]): number | undefined {
    let next: number | undefined;
    for (const u of updates) {
      const id = typeof u === 'object' && u !== null ? (u as { update_id?: unknown }).update_id : undefined;
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
        this.counts.malformed++;
        this.opts.logger.warn('telegram.update.malformed', { bot: this.key, reason: 'no update_id' });
        continue;
      }
      if (this.offset !== undefined && id < this.offset) continue; // delivered before (a webhook retry)
      const expected = next ?? this.offset;
      if (expected !== undefined && id - expected > JUMP) this.opts.logger.warn('telegram.update.id-jump', { bot: this.key, from: expected, to: id });
      next = Math.max(next ?? 0, id + 1);
      this.handle(u, id);
    }
    if (this.opts.webhook && next !== undefined) this.offset = Math.max(this.offset ?? 0, next);
    return next;
  }

  private handle(update: unknown, id: number): void {
    let v;
    try {
      v = parseUpdate(update, this.chats, this.opts.clock.now());
    } catch (error) {
      v = { kind: 'skip' as const, reason: 'malformed' as const, detail: this.message(error) };
    }
    switch (v.kind) {
      case 'human':
        this.counts.humans++;
        try {
          traceUpdate(v.message, { id, telegramChatId: this.telegramIdOf(v.message.chatId) }, this.opts.onHuman);
        } catch (error) {
          this.opts.logger.error('telegram.listener.handler-failed', { bot: this.key, update: id, error: this.message(error) });
        }
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
          this.api.sendMessage(v.telegramChatId, this.opts.privateNote).catch((e: unknown) => this.opts.logger.debug('telegram.listener.private-note-failed', { error: this.message(e) }));
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

  /** A wait that `stop()` cuts short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.opts.clock.setTimer(ms, resolve);
      this.abort.signal.addEventListener('abort', () => {
        this.opts.clock.clearTimer(timer);
        resolve();
      }, { once: true });
    });
  }

  private fatal(error: unknown): string | undefined {
    if (error instanceof GrammyError && error.error_code === 409) return `listener of bot ${this.key} stopped: another consumer polls this token or a webhook is set (409)`;
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
