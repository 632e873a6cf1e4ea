// Typed errors made at the boundary. Supervisors and retry layers decide by class; vendor errors
// never leak inward. Messages must never contain secrets (bot tokens, API keys).

export class PiyasaError extends Error {
  override readonly name: string = 'PiyasaError';
}

/** Worth retrying as it is (network blip, 5xx, timeout). */
export class Transient extends PiyasaError {
  override readonly name: string = 'Transient';
}

/** The other side asked us to wait `retryAfterMs` before trying again. */
export class RateLimited extends PiyasaError {
  override readonly name: string = 'RateLimited';
  constructor(message: string, readonly retryAfterMs: number) {
    super(message);
  }
}

/** The input is wrong; retrying the same thing cannot help. */
export class Invalid extends PiyasaError {
  override readonly name: string = 'Invalid';
  constructor(message: string, readonly path?: string) {
    super(message);
  }
}

/** Cannot go on (revoked token, removed from the group, misconfiguration). */
export class Fatal extends PiyasaError {
  override readonly name: string = 'Fatal';
}

/** An error's message without its stack (logs and dead letters never carry stacks). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The request may or may not have taken effect (the connection broke after it was sent, no answer
 * came in time): it is never retried blindly — a chat message is sent at most once. */
export class OutcomeUnknown extends PiyasaError {
  override readonly name: string = 'OutcomeUnknown';
}

/** A message an actor does not understand: rejected, never a crash loop. */
export class MalformedMessage extends Invalid {
  override readonly name: string = 'MalformedMessage';
}

/** The target actor's mailbox is at its bound; the message went to the dead letters. */
export class MailboxFull extends PiyasaError {
  override readonly name: string = 'MailboxFull';
}
