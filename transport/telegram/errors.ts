// grammY's errors turned into our typed errors at the boundary, with every bot token taken out of
// the message: 429 → RateLimited, 401/403 → Fatal (revoked token, removed from the group), other
// 4xx → Invalid, 5xx and network → Transient — except a sendMessage whose request may have reached
// Telegram (the connection broke after connecting, no answer in time): OutcomeUnknown, never resent.
import { GrammyError, HttpError } from 'grammy';
import { Fatal, Invalid, OutcomeUnknown, PiyasaError, RateLimited, Transient } from '../../actors/index.ts';

const TOKEN_SHAPE = /(?<!\d)\d{5,}:[A-Za-z0-9_-]{8,}/g;

/** `text` with `tokens` and anything shaped like a bot token masked. */
export function redactTokens(text: string, tokens: readonly string[] = []): string {
  let out = text;
  for (const t of tokens) if (t) out = out.split(t).join('<token>');
  return out.replace(TOKEN_SHAPE, '<token>');
}

/** Why a Fatal happened, for the bot-down handling. */
export type FatalReason = 'unauthorized' | 'forbidden';

export class TelegramFatal extends Fatal {
  override readonly name: string = 'Fatal';
  constructor(message: string, readonly reason: FatalReason) {
    super(message);
  }
}

/** Network errors that happen before a request is written: nothing reached Telegram, a retry is safe. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** The error code behind a failed fetch (grammY's HttpError → fetch's TypeError → its cause). */
function networkCode(error: HttpError): string | undefined {
  let e: unknown = error.error;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Methods whose repeat shows in the group (a second message): sent at most once. */
const ONCE = new Set(['sendMessage']);

/** The typed error for anything a grammY call threw; `tokens` are redacted from the message. */
export function toTyped(error: unknown, method: string, tokens: readonly string[]): PiyasaError {
  if (error instanceof PiyasaError) return error;
  if (error instanceof GrammyError) {
    const what = redactTokens(`${method}: ${error.error_code} ${error.description}`, tokens);
    const code = error.error_code;
    if (code === 429) return new RateLimited(what, Math.max(1, Number(error.parameters.retry_after) || 1) * 1000);
    if (code === 401) return new TelegramFatal(`${what} (the bot token was revoked or is wrong)`, 'unauthorized');
    if (code === 403) return new TelegramFatal(`${what} (the bot was removed from the chat or blocked)`, 'forbidden');
    if (code >= 400 && code < 500) return new Invalid(what);
    return new Transient(what);
  }
  if (error instanceof HttpError) {
    const code = networkCode(error);
    const what = redactTokens(`${method}: ${error.message}${code ? ` (${code})` : ''}`, tokens);
    return ONCE.has(method) && !(code && NOT_SENT.has(code)) ? new OutcomeUnknown(what) : new Transient(what);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new Transient(redactTokens(`${method}: ${message}`, tokens));
}
