// Sends through the outbox: the chat actor claims a send's key before the Telegram call and records
// the outcome after, so no message is sent twice — across retries, restarts and database outages.
import type { Logger, OutboxStore } from '../ports.ts';
import { OutcomeUnknown, errorText } from '../errors.ts';
import type { SendOutcome } from './step.ts';

interface SendEffect {
  readonly turnId: number;
  readonly botId: string;
  readonly text: string;
  readonly replyTo?: number;
  readonly idempotencyKey: string;
}

/** Claims `e`'s key; returns the outcome to use instead of sending, or undefined to go ahead. A claim the
 * database could not answer is a transient failure (the chat retries later); a key already sent or
 * ambiguous is a permanent one (never resent). */
export async function claimSend(outbox: OutboxStore, logger: Logger, chatId: string, e: SendEffect, now: number): Promise<SendOutcome | undefined> {
  let claim;
  try {
    claim = await outbox.begin({
      idempotencyKey: e.idempotencyKey, chatId, botId: e.botId, turnId: e.turnId, text: e.text, at: now,
      ...(e.replyTo !== undefined ? { replyTo: e.replyTo } : {}),
    });
  } catch (error) {
    logger.warn('outbox.unavailable', { chat: chatId, bot: e.botId, key: e.idempotencyKey, error: errorText(error) });
    return { kind: 'failed', turnId: e.turnId, permanent: false, reaction: false };
  }
  if (claim === 'send') return undefined;
  logger.warn('outbox.not-resent', { chat: chatId, bot: e.botId, key: e.idempotencyKey, state: claim });
  return { kind: 'failed', turnId: e.turnId, permanent: true, reaction: false };
}

/** Telegram refused the send: the row becomes `failed`, before any retry claims it again (a row the
 * database could not update stays `sending`, so the retry is refused: never resent blindly). */
export async function sendFailed(outbox: OutboxStore, logger: Logger, key: string, error: unknown): Promise<void> {
  const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  try {
    // A send whose outcome is unknown may have reached Telegram: ambiguous, never resent.
    await (error instanceof OutcomeUnknown ? outbox.ambiguous(key, why) : outbox.failed(key, why));
  } catch (e) {
    logger.warn('outbox.unavailable', { key, error: errorText(e) });
  }
}
