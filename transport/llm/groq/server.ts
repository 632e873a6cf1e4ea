// A local Groq-compatible server: POST /openai/v1/chat/completions with Groq's response shape, usage
// and x-ratelimit-* headers, plus faults on demand (429 with retry-after, 5xx, hangs, malformed JSON,
// wrong shapes, empty choices) and a free-tier quota mode. Tests and `piyasa bench llm` use it, over
// HTTP on 127.0.0.1 or in-process through `fetch` (no socket, for virtual-clock simulations).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../../actors/index.ts';
import { SystemClock } from '../../clock.ts';
import { fakeReply } from './server-reply.ts';

export const COMPLETIONS_PATH = '/openai/v1/chat/completions';

export type ServerFault =
  | 'rate-limit' | 'server-error' | 'hang' | 'malformed-json' | 'wrong-shape' | 'empty-choices'
  | 'empty-content' | 'unauthorized' | 'model-not-found' | 'too-large';

export interface ServerLimits { readonly rpm: number; readonly rpd: number; readonly tpm: number; readonly tpd: number }

export interface GroqServerOptions {
  /** Time for latency and quota windows. Default: the system clock. */
  readonly clock?: Clock;
  /** Delay before each answer, on `clock`. Default 0. */
  readonly latencyMs?: number;
  /** The fault for the n-th request (1-based), or none. Replaceable later with `setFaults`. */
  readonly faults?: (n: number, body: ChatBody) => ServerFault | undefined;
  /** `retry-after` (seconds) of a 'rate-limit' fault. Default 2. */
  readonly retryAfterSec?: number;
  /** Enforce Groq-like limits per model and answer 429 past them (RPM/TPM rolling minute, RPD/TPD per UTC day). */
  readonly limits?: ServerLimits;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  readonly apiKey?: string;
  /** Models that exist (others get 404 model_not_found). Default: any. */
  readonly models?: readonly string[];
  /** The assistant text for a request. Default: varied Turkish market banter derived from the prompt. */
  readonly reply?: (body: ChatBody, n: number) => string;
}

export interface ChatBody {
  readonly model?: unknown;
  readonly messages?: unknown;
  readonly max_completion_tokens?: unknown;
  readonly max_tokens?: unknown;
  readonly [key: string]: unknown;
}

export interface ServedRequest {
  readonly n: number;
  readonly at: number;
  readonly model: string;
  readonly body: ChatBody;
  readonly authorization: string | undefined;
  readonly status: number | 'hang';
  readonly fault?: ServerFault | 'quota';
  /** Tokens a successful request counted toward the limits (cached prompt tokens excluded). */
  readonly tokens?: number;
}

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

/** Rough token count the way a tokenizer would land for Turkish chat text (about 4 chars a token). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function promptTokensOf(body: ChatBody): number {
  const messages = Array.isArray(body.messages) ? body.messages as { content?: unknown }[] : [];
  return messages.reduce((sum, m) => sum + 4 + estimateTokens(typeof m.content === 'string' ? m.content : ''), 0);
}

const fmtDuration = (ms: number): string => (ms >= MINUTE ? `${Math.floor(ms / MINUTE)}m${((ms % MINUTE) / 1000).toFixed(2)}s` : `${(ms / 1000).toFixed(2)}s`);
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  ({ status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const apiError = (status: number, message: string, type: string, code?: string, headers?: Record<string, string>): Reply =>
  json(status, { error: { message, type, ...(code ? { code } : {}) } }, headers);

class ModelUsage {
  /** System prefixes seen, with when: Groq's prompt cache (cached tokens do not count toward limits). */
  readonly prefixes = new Map<string, number>();
  minute: { at: number; tokens: number }[] = [];
  day = -1;
  dayRequests = 0;
  dayTokens = 0;
  roll(now: number): void {
    const day = Math.floor(now / DAY);
    if (day !== this.day) {
      this.day = day;
      this.dayRequests = 0;
      this.dayTokens = 0;
    }
    this.minute = this.minute.filter((m) => m.at > now - MINUTE);
  }
  minuteTokens(): number {
    return this.minute.reduce((s, m) => s + m.tokens, 0);
  }
}

/** The server; `listen()` serves it over HTTP, `fetch` serves it in-process. */
export class GroqLikeServer {
  readonly requests: ServedRequest[] = [];
  readonly #clock: Clock;
  #faults: GroqServerOptions['faults'];
  readonly #usage = new Map<string, ModelUsage>();
  #server: http.Server | undefined;
  readonly #hanging = new Set<() => void>();

  constructor(private readonly opts: GroqServerOptions = {}) {
    this.#clock = opts.clock ?? new SystemClock();
    this.#faults = opts.faults;
  }

  setFaults(faults: GroqServerOptions['faults']): void {
    this.#faults = faults;
  }

  /** Answer one request. Resolves to undefined for a hang (it never answers until the caller gives up). */
  async handle(method: string, path: string, headers: Record<string, string | undefined>, raw: string, signal?: AbortSignal): Promise<Reply | undefined> {
    const n = this.requests.length + 1;
    const now = this.#clock.now();
    let body: ChatBody = {};
    try {
      body = JSON.parse(raw) as ChatBody;
    } catch {
      // answered below as a 400, like Groq
    }
    const model = typeof body.model === 'string' ? body.model : '';
    const note = (status: number | 'hang', fault?: ServedRequest['fault'], tokens?: number): void => {
      this.requests.push({ n, at: now, model, body, authorization: headers.authorization, status, ...(fault ? { fault } : {}), ...(tokens !== undefined ? { tokens } : {}) });
    };
    if (method !== 'POST' || path !== COMPLETIONS_PATH) {
      note(404);
      return apiError(404, `Unknown request URL: ${method} ${path}`, 'invalid_request_error', 'unknown_url');
    }
    if (this.opts.latencyMs) await this.#clock.sleep(this.opts.latencyMs);
    const fault = this.#faults?.(n, body);
    if ((this.opts.apiKey !== undefined && headers.authorization !== `Bearer ${this.opts.apiKey}`) || fault === 'unauthorized') {
      note(401, fault);
      return apiError(401, 'Invalid API Key', 'invalid_request_error', 'invalid_api_key');
    }
    if (!Array.isArray(body.messages) || model === '') {
      note(400);
      return apiError(400, "'messages' and 'model' are required", 'invalid_request_error');
    }
    if ((this.opts.models && !this.opts.models.includes(model)) || fault === 'model-not-found') {
      note(404, fault);
      return apiError(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
    }
    switch (fault) {
      case 'hang':
        note('hang', fault);
        await new Promise<void>((resolve) => {
          this.#hanging.add(resolve);
          signal?.addEventListener('abort', () => resolve(), { once: true });
        });
        return undefined;
      case 'rate-limit': {
        note(429, fault);
        const retry = this.opts.retryAfterSec ?? 2;
        return apiError(429, `Rate limit reached for model \`${model}\`. Please try again in ${retry}s.`, 'tokens', 'rate_limit_exceeded', { 'retry-after': String(retry), ...this.#rateHeaders(model, now) });
      }
      case 'server-error':
        note(503, fault);
        return apiError(503, 'Service Unavailable', 'internal_server_error');
      case 'too-large':
        note(413, fault);
        return apiError(413, `Request too large for model \`${model}\` on tokens per minute (TPM): Limit 8000, Requested 9100`, 'tokens', 'rate_limit_exceeded');
      case 'malformed-json':
        note(200, fault);
        return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"chatcmpl-x","choices":[{"message":{"content":"yar' };
      case 'wrong-shape':
        note(200, fault);
        return json(200, { id: 'chatcmpl-x', object: 'chat.completion', result: 'bu bir sohbet tamamlaması değil' });
      case 'empty-choices':
        note(200, fault);
        return json(200, { id: 'chatcmpl-x', object: 'chat.completion', model, choices: [], usage: { prompt_tokens: promptTokensOf(body), completion_tokens: 0, total_tokens: promptTokensOf(body) } });
      default:
        break;
    }
    const promptTokens = promptTokensOf(body);
    const cachedTokens = this.#cached(model, now, body);
    const cap = Number(body.max_completion_tokens ?? body.max_tokens ?? 1024);
    const limited = this.#overLimit(model, now, promptTokens - cachedTokens + cap);
    if (limited) {
      note(429, 'quota');
      return apiError(429, `Rate limit reached for model \`${model}\` on ${limited.what}. Please try again in ${Math.ceil(limited.retryMs / 1000)}s.`, 'tokens', 'rate_limit_exceeded',
        { 'retry-after': String(Math.ceil(limited.retryMs / 1000)), ...this.#rateHeaders(model, now) });
    }
    const text = fault === 'empty-content' ? '' : (this.opts.reply ?? fakeReply)(body, n);
    const completionTokens = Math.min(cap, estimateTokens(text) + 12); // a little hidden reasoning
    this.#count(model, now, promptTokens - cachedTokens + completionTokens);
    note(200, fault, promptTokens - cachedTokens + completionTokens);
    return json(200, {
      id: `chatcmpl-${n}`, object: 'chat.completion', created: Math.floor(now / 1000), model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens, prompt_tokens_details: { cached_tokens: cachedTokens } },
      x_groq: { id: `req_${n}` },
    }, this.#rateHeaders(model, now));
  }

  /** A fetch that calls the handler directly (what groq-sdk's `fetch` option takes). */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const reply = await this.handle(init?.method ?? 'GET', url.pathname, headers, typeof init?.body === 'string' ? init.body : '', init?.signal ?? undefined);
    if (!reply) throw Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  };

  /** Serve over HTTP on 127.0.0.1 (an ephemeral port by default); resolves to the base URL for groq-sdk. */
  async listen(port = 0): Promise<string> {
    const server = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => {
        const abort = new AbortController();
        res.on('close', () => abort.abort());
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        void this.handle(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x').pathname, headers, raw, abort.signal).then((reply) => {
          if (!reply || res.destroyed) return;
          res.writeHead(reply.status, reply.headers).end(reply.body);
        });
      });
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Stop serving: hanging requests are dropped, open connections closed. */
  async close(): Promise<void> {
    for (const release of this.#hanging) release();
    this.#hanging.clear();
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Requests and tokens this server counted for `model` today (for quota assertions). */
  usage(model: string): { dayRequests: number; dayTokens: number; day: number } {
    const u = this.#usage.get(model);
    return { dayRequests: u?.dayRequests ?? 0, dayTokens: u?.dayTokens ?? 0, day: u?.day ?? -1 };
  }

  #model(model: string, now: number): ModelUsage {
    let u = this.#usage.get(model);
    if (!u) this.#usage.set(model, (u = new ModelUsage()));
    u.roll(now);
    return u;
  }

  /** Tokens of a system message this model saw in the last two hours (then it is cached now too). */
  #cached(model: string, now: number, body: ChatBody): number {
    const first = (Array.isArray(body.messages) ? body.messages[0] : undefined) as { role?: unknown; content?: unknown } | undefined;
    if (first?.role !== 'system' || typeof first.content !== 'string') return 0;
    const u = this.#model(model, now);
    const seen = u.prefixes.get(first.content);
    u.prefixes.set(first.content, now);
    return seen !== undefined && now - seen < 2 * 3_600_000 ? 4 + estimateTokens(first.content) : 0;
  }

  #count(model: string, now: number, tokens: number): void {
    const u = this.#model(model, now);
    u.dayRequests++;
    u.dayTokens += tokens;
    u.minute.push({ at: now, tokens });
  }

  #overLimit(model: string, now: number, tokens: number): { what: string; retryMs: number } | undefined {
    const l = this.opts.limits;
    if (!l) return undefined;
    const u = this.#model(model, now);
    const toMidnight = DAY - (now % DAY);
    const minuteFree = u.minute.length ? u.minute[0]!.at + MINUTE - now : MINUTE;
    if (u.dayRequests + 1 > l.rpd) return { what: `requests per day (RPD): Limit ${l.rpd}, Used ${u.dayRequests}`, retryMs: toMidnight };
    if (u.dayTokens + tokens > l.tpd) return { what: `tokens per day (TPD): Limit ${l.tpd}, Used ${u.dayTokens}, Requested ${tokens}`, retryMs: toMidnight };
    if (u.minute.length + 1 > l.rpm) return { what: `requests per minute (RPM): Limit ${l.rpm}`, retryMs: minuteFree };
    if (u.minuteTokens() + tokens > l.tpm) return { what: `tokens per minute (TPM): Limit ${l.tpm}, Used ${u.minuteTokens()}, Requested ${tokens}`, retryMs: minuteFree };
    return undefined;
  }

  #rateHeaders(model: string, now: number): Record<string, string> {
    const l = this.opts.limits ?? { rpm: 30, rpd: 1_000, tpm: 8_000, tpd: 200_000 };
    const u = this.#model(model, now);
    const minuteFree = u.minute.length ? u.minute[0]!.at + MINUTE - now : 0;
    return {
      'x-ratelimit-limit-requests': String(l.rpd),
      'x-ratelimit-remaining-requests': String(Math.max(0, l.rpd - u.dayRequests)),
      'x-ratelimit-reset-requests': fmtDuration(u.dayRequests ? DAY / l.rpd : 0),
      'x-ratelimit-limit-tokens': String(l.tpm),
      'x-ratelimit-remaining-tokens': String(Math.max(0, l.tpm - u.minuteTokens())),
      'x-ratelimit-reset-tokens': fmtDuration(minuteFree),
    };
  }
}
