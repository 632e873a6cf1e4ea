// The groq-sdk adapter: one chat completion per call, no retries of its own (our retry layer caps
// retry-after; groq-sdk does not), a per-attempt timeout, the response's shape checked, and every
// vendor error mapped to our typed errors. The API key never appears in an error message.
import Groq, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'groq-sdk';
import { Fatal, Invalid, RateLimited, Transient } from '../../../actors/index.ts';
import type { Completion, CompletionCall, CompletionPort, RateHeaders } from './types.ts';
import { parseDuration } from './quota.ts';

export interface GroqAdapterOptions {
  readonly apiKey: string;
  /** Server root; groq-sdk appends /openai/v1/chat/completions. Default https://api.groq.com. */
  readonly baseURL?: string;
  /** Per attempt. Default 15 000 ms. */
  readonly timeoutMs?: number;
  /** Injected fetch (the local server's in-process fetch in simulations). */
  readonly fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** gpt-oss models reason before answering; low keeps it short. Sent only to gpt-oss models (others
   * refuse the parameter). Default 'low'; null sends none. */
  readonly reasoningEffort?: 'low' | 'medium' | 'high' | null;
}

/** Models that take `reasoning_effort` low/medium/high. */
const REASONING_MODEL = /(^|\/)gpt-oss/;

/** groq-sdk's default server root. */
export const GROQ_API_ROOT = 'https://api.groq.com';

/** Used when a 429 carries no usable retry-after. */
export const DEFAULT_RETRY_AFTER_MS = 1_000;

const num = (h: Headers, name: string): number | undefined => {
  const v = h.get(name);
  const n = v === null || v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/** Groq's x-ratelimit-* headers, read defensively (a compatible server may send none). */
export function rateHeaders(h: Headers): RateHeaders {
  const out: Record<string, number | undefined> = {
    limitRequests: num(h, 'x-ratelimit-limit-requests'),
    remainingRequests: num(h, 'x-ratelimit-remaining-requests'),
    resetRequestsMs: parseDuration(h.get('x-ratelimit-reset-requests')),
    limitTokens: num(h, 'x-ratelimit-limit-tokens'),
    remainingTokens: num(h, 'x-ratelimit-remaining-tokens'),
    resetTokensMs: parseDuration(h.get('x-ratelimit-reset-tokens')),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as RateHeaders;
}

/** retry-after-ms, then retry-after (seconds or an HTTP date), as milliseconds from `now`. */
export function retryAfterMs(h: Headers | undefined, now: number): number | undefined {
  if (!h) return undefined;
  const ms = num(h, 'retry-after-ms');
  if (ms !== undefined) return Math.max(0, ms);
  const raw = h.get('retry-after');
  if (!raw) return undefined;
  const sec = Number(raw);
  if (Number.isFinite(sec)) return Math.max(0, sec * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Cut a vendor message to one short line and mask the key (and anything shaped like one). */
export function scrub(text: string, apiKey: string): string {
  let out = text.replace(/\s+/g, ' ').trim();
  if (apiKey) out = out.split(apiKey).join('***');
  out = out.replace(/\b(gsk|sk)_[A-Za-z0-9]{8,}\b/g, '$1_***');
  return out.length > 200 ? `${out.slice(0, 199)}…` : out;
}

/** Map whatever groq-sdk (or the body parser under it) threw to our error classes. */
export function mapError(error: unknown, model: string, apiKey: string, timeoutMs: number, now: number): Error {
  if (error instanceof APIConnectionTimeoutError) return new Transient(`LLM ${model}: no answer within ${timeoutMs} ms`);
  if (error instanceof APIUserAbortError) return new Transient(`LLM ${model}: request aborted`);
  if (error instanceof APIConnectionError) return new Transient(`LLM ${model}: connection failed`);
  if (error instanceof APIError) {
    const status = error.status as number | undefined;
    const body = error.error as { error?: { message?: unknown }; message?: unknown } | undefined;
    const vendor = typeof body?.error?.message === 'string' ? body.error.message : typeof body?.message === 'string' ? body.message : error.message.replace(/^\d{3}\s*/, '');
    const msg = `LLM ${model}: ${status ?? '?'} ${scrub(vendor, apiKey)}`;
    const headers = error.headers instanceof Headers ? error.headers : undefined;
    if (status === 429) return new RateLimited(msg, retryAfterMs(headers, now) ?? DEFAULT_RETRY_AFTER_MS);
    if (status === 401 || status === 403) return new Fatal(msg);
    if (status === 404) return new Fatal(msg); // a retired or unknown model: the next model, not a retry
    if (status === 408 || status === 409 || (status !== undefined && status >= 500)) return new Transient(msg);
    if (status === 413) return new Invalid(msg, 'request.size'); // this one prompt is over TPM
    return new Invalid(msg, 'request'); // 400, 422, other 4xx: the provider refuses what we send
  }
  if (error instanceof SyntaxError) return new Invalid(`LLM ${model}: malformed JSON in the response`, 'response');
  if (error instanceof Transient || error instanceof Invalid || error instanceof Fatal) return error;
  return new Transient(`LLM ${model}: ${scrub(error instanceof Error ? `${error.name}: ${error.message}` : String(error), apiKey)}`);
}

interface ChoiceShape { message?: { content?: unknown } }
interface CompletionShape {
  choices?: unknown;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown; prompt_tokens_details?: { cached_tokens?: unknown } | null };
  model?: unknown;
}

/** Check the body is a chat completion with one non-empty text; Invalid otherwise. */
export function readCompletion(data: unknown, model: string, rate: RateHeaders): Completion {
  if (typeof data !== 'object' || data === null) throw new Invalid(`LLM ${model}: response is not a JSON object`, 'response');
  const body = data as CompletionShape;
  if (!Array.isArray(body.choices)) throw new Invalid(`LLM ${model}: response has no choices array`, 'response.choices');
  if (body.choices.length === 0) throw new Invalid(`LLM ${model}: response has empty choices`, 'response.choices');
  const content = (body.choices[0] as ChoiceShape | null)?.message?.content;
  if (typeof content !== 'string') throw new Invalid(`LLM ${model}: choice has no text content`, 'response.choices[0].message.content');
  if (content.trim() === '') throw new Invalid(`LLM ${model}: empty completion`, 'response.choices[0].message.content');
  const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
  return {
    text: content, model: typeof body.model === 'string' && body.model ? body.model : model,
    promptTokens: n(body.usage?.prompt_tokens), completionTokens: n(body.usage?.completion_tokens),
    cachedTokens: Math.min(n(body.usage?.prompt_tokens), n(body.usage?.prompt_tokens_details?.cached_tokens)), rate,
  };
}

export interface GroqCompletions extends CompletionPort {
  /** HTTP requests in flight (a benchmark on a virtual clock waits for them before moving time). */
  inflight(): number;
}

/** The adapter. Throws Invalid at construction when the key is missing (groq-sdk would throw its own). */
export function createGroqCompletions(opts: GroqAdapterOptions): GroqCompletions {
  if (!opts.apiKey) throw new Invalid('GROQ_API_KEY is empty', 'GROQ_API_KEY');
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const client = new Groq({
    // Everything explicit: groq-sdk would otherwise read GROQ_BASE_URL and GROQ_LOG from the
    // environment itself, and only infra/config reads the environment.
    apiKey: opts.apiKey, baseURL: opts.baseURL ?? GROQ_API_ROOT, maxRetries: 0, timeout: timeoutMs, logLevel: 'off',
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const effort = opts.reasoningEffort === undefined ? 'low' : opts.reasoningEffort;
  let active = 0;
  return {
    inflight: () => active,
    async complete(call: CompletionCall): Promise<Completion> {
      active++;
      try {
        const { data, response } = await client.chat.completions.create({
          model: call.model,
          messages: call.messages.map((m) => ({ role: m.role, content: m.content })) as Groq.Chat.ChatCompletionMessageParam[],
          max_completion_tokens: call.maxTokens, temperature: call.temperature,
          ...(call.stop?.length ? { stop: call.stop.slice(0, 4) } : {}),
          ...(call.seed !== undefined ? { seed: call.seed } : {}),
          ...(effort && REASONING_MODEL.test(call.model) ? { reasoning_effort: effort, include_reasoning: false } : {}),
        }, { maxRetries: 0, timeout: timeoutMs }).withResponse();
        return readCompletion(data, call.model, rateHeaders(response.headers));
      } catch (error) {
        throw mapError(error, call.model, opts.apiKey, timeoutMs, Date.now());
      } finally {
        active--;
      }
    },
  };
}
