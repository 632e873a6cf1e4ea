// The provider-neutral call under the LlmPort: one chat completion on one named model. The groq-sdk
// adapter implements it; retry, breaker and quota are layers around it; the router turns a
// GenerationRequest into calls on it.

/** One message of a chat completion (Groq rejects `name`, so speakers go inside `content`). */
export interface PromptMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface CompletionCall {
  readonly model: string;
  readonly messages: readonly PromptMessage[];
  /** Cap on the completion, reasoning included (gpt-oss reasons before it answers). */
  readonly maxTokens: number;
  readonly temperature: number;
  /** Cut the completion where the model starts writing another member's line. */
  readonly stop?: readonly string[];
  readonly seed?: number;
  /** What the call is for: answers to people may use the quota reserve, routine turns may not. */
  readonly purpose?: 'answer' | 'routine';
  /** Most requests this call may make, retries included (the turn's remaining allowance). */
  readonly maxAttempts?: number;
  /** Counts the requests this call made (the innermost layer adds one per request). */
  readonly meter?: { calls: number };
}

/** Groq's x-ratelimit-* headers: `requests` are per day (RPD), `tokens` per minute (TPM). */
export interface RateHeaders {
  readonly limitRequests?: number;
  readonly remainingRequests?: number;
  /** Milliseconds until the request allowance is back. */
  readonly resetRequestsMs?: number;
  readonly limitTokens?: number;
  readonly remainingTokens?: number;
  readonly resetTokensMs?: number;
}

export interface Completion {
  /** The completion's text as the provider gave it (not yet sanitised). */
  readonly text: string;
  readonly model: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Prompt tokens served from the provider's prompt cache (free against rate limits). */
  readonly cachedTokens: number;
  readonly rate: RateHeaders;
}

export interface CompletionPort {
  /** One attempt, or several when wrapped in the retry layer. Rejects only with the typed errors of
   * actors/errors.ts (Transient, RateLimited, Invalid, Fatal). */
  complete(call: CompletionCall): Promise<Completion>;
}
