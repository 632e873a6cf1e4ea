// The Bot API methods of the sandbox, answered like Telegram: the same result shapes and the same
// error envelope ({ok:false, error_code, description, parameters.retry_after}) and codes.
import { ALLOWED_REACTIONS, TELEGRAM_MAX_MESSAGE_CHARS, createTelegramLimiter, type TelegramLimiter } from '../../../actors/index.ts';
import type { BotRecord, ChatRecord, Sandbox } from './sandbox.ts';
import type { ApiResult } from './types.ts';

type Params = Record<string, unknown>;

const ALLOWED = new Set(ALLOWED_REACTIONS);
const ACTIONS = new Set(['typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note']);
/** Longest long poll Telegram holds (seconds). */
const MAX_POLL_SEC = 50;

const error = (code: number, description: string, retryAfter?: number): ApiResult =>
  ({ ok: false, error_code: code, description, ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}) });
const ok = (result: unknown): ApiResult => ({ ok: true, result });
const bad = (what: string): ApiResult => error(400, `Bad Request: ${what}`);

function int(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

function json(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** Bot API dispatcher of one sandbox; keeps the sandbox's rate-limit bookkeeping. */
export class SandboxApi {
  private readonly limiter: TelegramLimiter | undefined;

  constructor(private readonly sandbox: Sandbox) {
    this.limiter = sandbox.limits === false ? undefined : createTelegramLimiter(sandbox.limits);
  }

  /** Answers one call; `signal` fires when the client hangs up (a long poll is then abandoned). */
  async call(token: string, method: string, params: Params, signal?: AbortSignal): Promise<ApiResult> {
    const bot = this.sandbox.bot(token);
    if (!bot || bot.revoked) return error(401, 'Unauthorized');
    const at = this.sandbox.now();
    const chatId = int(params.chat_id);
    const result = await this.dispatch(bot, method, params, signal);
    this.sandbox.noteRequest({
      at, botId: bot.user.id, method, status: result.ok ? 200 : result.error_code,
      ...(chatId !== undefined ? { chatId } : {}),
      ...(!result.ok && result.parameters?.retry_after !== undefined ? { retryAfterSec: result.parameters.retry_after } : {}),
    });
    return result;
  }

  private async dispatch(bot: BotRecord, method: string, p: Params, signal?: AbortSignal): Promise<ApiResult> {
    switch (method) {
      case 'getMe':
        return ok({ ...bot.user, can_join_groups: true, can_read_all_group_messages: bot.canReadAll, supports_inline_queries: false });
      case 'getUpdates': {
        const limit = Math.min(100, Math.max(1, int(p.limit) ?? 100));
        const timeout = Math.min(MAX_POLL_SEC, Math.max(0, int(p.timeout) ?? 0));
        const polled = bot.updates.poll(int(p.offset), limit, timeout);
        const onAbort = (): void => bot.updates.abandon();
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          return await polled;
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
      }
      case 'setWebhook': {
        const url = typeof p.url === 'string' ? p.url : '';
        if (url === '') {
          bot.updates.setWebhook(undefined);
          return ok(true);
        }
        if (!/^https?:\/\//.test(url)) return bad('bad webhook: invalid URL');
        const secret = typeof p.secret_token === 'string' ? p.secret_token : undefined;
        if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) return bad('secret token contains unallowed characters');
        bot.updates.setWebhook({ url, ...(secret ? { secret } : {}) }, p.drop_pending_updates === true || p.drop_pending_updates === 'true');
        return ok(true);
      }
      case 'deleteWebhook':
        bot.updates.setWebhook(undefined, p.drop_pending_updates === true || p.drop_pending_updates === 'true');
        return ok(true);
      case 'getWebhookInfo':
        return ok(bot.updates.webhookInfo());
      case 'getChat': {
        const c = this.member(bot, p);
        if ('ok' in c) return c;
        return ok({ ...c.chat.chat, ...(c.chat.availableReactions ? { available_reactions: c.chat.availableReactions.map((emoji) => ({ type: 'emoji', emoji })) } : {}) });
      }
      case 'sendMessage':
        return this.sendMessage(bot, p);
      case 'sendChatAction': {
        const c = this.member(bot, p);
        if ('ok' in c) return c;
        if (typeof p.action !== 'string' || !ACTIONS.has(p.action)) return bad('wrong parameter action in request');
        this.sandbox.showTyping(c.chat, bot);
        return ok(true);
      }
      case 'setMessageReaction':
        return this.setMessageReaction(bot, p);
      default:
        return error(404, 'Not Found');
    }
  }

  private member(bot: BotRecord, p: Params): { chat: ChatRecord } | ApiResult {
    const id = int(p.chat_id);
    if (id === undefined) return bad('chat_id is empty');
    const c = this.sandbox.chat(id);
    if (!c) return bad('chat not found');
    if (c.kicked.has(bot.user.id)) return error(403, 'Forbidden: bot was kicked from the supergroup chat');
    if (!c.bots.has(bot.user.id)) return error(403, 'Forbidden: bot is not a member of the supergroup chat');
    return { chat: c };
  }

  private sendMessage(bot: BotRecord, p: Params): ApiResult {
    const m = this.member(bot, p);
    if ('ok' in m) return m;
    const c = m.chat;
    const text = typeof p.text === 'string' ? p.text : '';
    if (text.trim() === '') return bad('message text is empty');
    if (text.length > TELEGRAM_MAX_MESSAGE_CHARS) return bad('message is too long');
    const reply = json(p.reply_parameters) as { message_id?: unknown; allow_sending_without_reply?: unknown } | undefined;
    const replyId = int(reply?.message_id) ?? int(p.reply_to_message_id);
    const target = replyId !== undefined ? c.messages.get(replyId) : undefined;
    if (replyId !== undefined && !target && reply?.allow_sending_without_reply !== true) return bad('message to be replied not found');
    if (this.limiter) {
      const now = this.sandbox.now();
      const allowed = this.limiter.nextAllowedAt(String(bot.user.id), String(c.chat.id), now);
      if (allowed > now) return error(429, `Too Many Requests: retry after ${Math.ceil((allowed - now) / 1000)}`, Math.ceil((allowed - now) / 1000));
      this.limiter.record(String(bot.user.id), String(c.chat.id), now);
    }
    const key = typeof p.piyasa_key === 'string' && p.piyasa_key.length <= 200 ? p.piyasa_key : undefined;
    return ok(this.sandbox.postByBot(c, bot, text, target, key));
  }

  private setMessageReaction(bot: BotRecord, p: Params): ApiResult {
    const m = this.member(bot, p);
    if ('ok' in m) return m;
    const c = m.chat;
    const id = int(p.message_id);
    if (id === undefined || !c.messages.has(id)) return bad('message to react not found');
    const raw = json(p.reaction);
    const list = Array.isArray(raw) ? raw as { type?: unknown; emoji?: unknown }[] : raw === undefined ? [] : undefined;
    if (!list) return bad('REACTION_INVALID');
    if (list.length > 1) return bad('REACTIONS_TOO_MANY');
    const r = list[0];
    if (r && (r.type !== 'emoji' || typeof r.emoji !== 'string' || !ALLOWED.has(r.emoji))) return bad('REACTION_INVALID');
    if (r && c.availableReactions && !c.availableReactions.includes(r.emoji as string)) return bad('REACTION_INVALID');
    this.sandbox.react(c, bot.user, id, r?.emoji as string | undefined);
    return ok(true);
  }
}
