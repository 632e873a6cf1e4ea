// Tracing and counting as grammY transformer layers. The outermost layer makes a
// `telegram.<method>` span (a child of the active span only: typing and start-up calls outside a
// turn make none) covering the limits, the retry_after waits and every attempt; the innermost one
// counts each HTTP request by method and status and notes it on that span. The token is in neither:
// a transformer sees the method and the payload, never the URL.
import type { Transformer } from 'grammy';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { redactTokens } from './errors.ts';

/** One HTTP request to the Bot API as the innermost layer saw it. */
export interface TelegramRequest {
  readonly botId: string;
  readonly method: string;
  /** HTTP-like: 200, Telegram's error_code, or 0 when no answer came (network, timeout). */
  readonly status: number;
  readonly retryAfterSec?: number;
  readonly ms: number;
}

type Payload = { readonly chat_id?: unknown; readonly reply_parameters?: { readonly message_id?: unknown } };
type Result = { readonly message_id?: unknown };

/** The span around one Bot API call of `botId`, attempts and waits included. */
export function traceTransformer(botId: string): Transformer {
  return async (prev, method, payload, signal) => {
    const parent = trace.getSpan(context.active());
    if (!parent?.isRecording()) return prev(method, payload, signal);
    const p = payload as Payload;
    const span = trace.getTracer('piyasa.telegram').startSpan(`telegram.${method}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'telegram.method': method, 'piyasa.bot.id': botId,
        ...(p.chat_id !== undefined ? { 'telegram.chat.id': String(p.chat_id) } : {}),
        ...(typeof p.reply_parameters?.message_id === 'number' ? { 'telegram.reply_to': p.reply_parameters.message_id } : {}),
      },
    });
    try {
      const res = await context.with(trace.setSpan(context.active(), span), () => prev(method, payload, signal));
      if (res.ok) {
        const id = (res.result as Result | undefined)?.message_id;
        span.setAttributes({ 'http.response.status_code': 200, ...(typeof id === 'number' ? { 'telegram.message.id': id } : {}) });
      } else {
        const retryAfter = res.parameters?.retry_after;
        span.setAttributes({ 'http.response.status_code': res.error_code, ...(retryAfter !== undefined ? { 'telegram.retry_after': retryAfter } : {}) });
        span.setStatus({ code: SpanStatusCode.ERROR, message: redactTokens(res.description) });
      }
      return res;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: redactTokens(error instanceof Error ? `${error.name}: ${error.message}` : String(error)) });
      throw error;
    } finally {
      span.end();
    }
  };
}

/** Counts every HTTP request (retries too) through `onRequest`, and notes it on the active span. */
export function countTransformer(botId: string, onRequest: ((r: TelegramRequest) => void) | undefined): Transformer {
  return async (prev, method, payload, signal) => {
    const started = performance.now();
    let status = 0;
    let retryAfterSec: number | undefined;
    try {
      const res = await prev(method, payload, signal);
      status = res.ok ? 200 : res.error_code;
      if (!res.ok) retryAfterSec = res.parameters?.retry_after;
      return res;
    } finally {
      const ms = performance.now() - started;
      const span = trace.getSpan(context.active());
      if (span?.isRecording()) span.addEvent('http.request', { 'http.response.status_code': status, ...(retryAfterSec !== undefined ? { 'telegram.retry_after': retryAfterSec } : {}), 'duration_ms': Math.round(ms) });
      onRequest?.({ botId, method, status, ms, ...(retryAfterSec !== undefined ? { retryAfterSec } : {}) });
    }
  };
}

/** A person's message taken from an update: a new trace (`telegram.update`, the consumer of the
 * update) whose context the message carries to its chat. Ends when the message was handed over. */
export function traceUpdate<M extends { readonly chatId: string; readonly messageId: number }, R>(message: M, update: { id: number; telegramChatId?: number }, hand: (message: M) => R): R {
  const span = trace.getTracer('piyasa.telegram').startSpan('telegram.update', {
    kind: SpanKind.CONSUMER, root: true,
    attributes: {
      'telegram.update_id': update.id, 'piyasa.chat.id': message.chatId, 'piyasa.message.id': message.messageId,
      ...(update.telegramChatId !== undefined ? { 'telegram.chat.id': String(update.telegramChatId), 'telegram.message.id': message.messageId } : {}),
    },
  });
  if (!span.isRecording()) return hand(message);
  const c = span.spanContext();
  const traceparent = `00-${c.traceId}-${c.spanId}-${(c.traceFlags & 1) === 1 ? '01' : '00'}`;
  try {
    return hand({ ...message, trace: { traceparent } });
  } finally {
    span.end();
  }
}
