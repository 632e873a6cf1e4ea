// The groq-sdk adapter over HTTP against the local Groq-compatible server, one test per failure kind:
// each vendor failure becomes our typed error after exactly one request (groq-sdk's retries are off),
// our retry layer caps retry-after, and the API key appears in no error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Fatal, Invalid, RateLimited, Transient } from '../../actors/index.ts';
import { GroqLikeServer, SystemClock, createGroqCompletions, withRetry, type CompletionCall, type ServerFault } from '../../transport/index.ts';

const KEY = 'gsk_testKEY0123456789abcdefSECRET';
const CALL: CompletionCall = { model: 'openai/gpt-oss-20b', messages: [{ role: 'system', content: 'Sen Mehmet.' }, { role: 'user', content: 'THYAO ne olur?' }], maxTokens: 120, temperature: 0.9 };
const errors: unknown[] = [];

async function withServer<T>(fault: ServerFault | undefined, fn: (server: GroqLikeServer, baseURL: string) => Promise<T>, opts: { retryAfterSec?: number } = {}): Promise<T> {
  const server = new GroqLikeServer({ apiKey: KEY, faults: () => fault, ...opts });
  const baseURL = await server.listen();
  try {
    return await fn(server, baseURL);
  } finally {
    await server.close();
  }
}

async function failure(fault: ServerFault, opts: { retryAfterSec?: number; timeoutMs?: number } = {}): Promise<{ error: unknown; requests: number; ms: number }> {
  return withServer(fault, async (server, baseURL) => {
    const llm = createGroqCompletions({ apiKey: KEY, baseURL, timeoutMs: opts.timeoutMs ?? 2_000 });
    const t0 = Date.now();
    const error = await llm.complete(CALL).then(() => undefined, (e: unknown) => e);
    errors.push(error);
    return { error, requests: server.requests.length, ms: Date.now() - t0 };
  }, opts);
}

test('a completion: text, usage and the x-ratelimit headers; the key goes only in the Authorization header', async () => {
  await withServer(undefined, async (server, baseURL) => {
    const llm = createGroqCompletions({ apiKey: KEY, baseURL });
    const c = await llm.complete(CALL);
    assert.ok(c.text.length > 10, c.text);
    assert.is(c.model, 'openai/gpt-oss-20b');
    assert.ok(c.promptTokens > 0 && c.completionTokens > 0);
    assert.is(c.rate.limitRequests, 1000);
    assert.is(c.rate.remainingRequests, 999);
    assert.is(c.rate.limitTokens, 8000);
    assert.ok(c.rate.remainingTokens! < 8000 && c.rate.resetTokensMs! > 0);
    const r = server.requests[0]!;
    assert.is(r.authorization, `Bearer ${KEY}`);
    assert.is(r.body.max_completion_tokens, 120);
    assert.is(r.body.reasoning_effort, 'low');
    assert.is(r.body.include_reasoning, false);
    await llm.complete({ ...CALL, model: 'qwen/qwen3.6-27b' });
    assert.not.ok('reasoning_effort' in server.requests[1]!.body, 'reasoning parameters only for gpt-oss');
    assert.not.ok(JSON.stringify(r.body).includes(KEY));
    assert.is(c.cachedTokens, 0);
    const again = await llm.complete(CALL);
    assert.is(server.requests.at(-1)!.model, CALL.model);
    assert.ok(again.cachedTokens > 0 && again.cachedTokens < again.promptTokens, 'the same system prefix is served from the prompt cache');
  });
});

test('429 with retry-after → RateLimited carrying the wait, after one request', async () => {
  const { error, requests } = await failure('rate-limit', { retryAfterSec: 7 });
  assert.instance(error, RateLimited);
  assert.is((error as RateLimited).retryAfterMs, 7_000);
  assert.is(requests, 1);
});

test('5xx → Transient, after one request', async () => {
  const { error, requests } = await failure('server-error');
  assert.instance(error, Transient);
  assert.match((error as Error).message, /503/);
  assert.is(requests, 1);
});

test('a hanging server → Transient when the per-attempt timeout runs out', async () => {
  const { error, requests, ms } = await failure('hang', { timeoutMs: 300 });
  assert.instance(error, Transient);
  assert.match((error as Error).message, /within 300 ms/);
  assert.is(requests, 1);
  assert.ok(ms >= 280 && ms < 2_000, `took ${ms} ms`);
});

test('malformed JSON, a wrong shape, empty choices and empty content → Invalid', async () => {
  for (const fault of ['malformed-json', 'wrong-shape', 'empty-choices', 'empty-content'] as const) {
    const { error, requests } = await failure(fault);
    assert.instance(error, Invalid, fault);
    assert.is(requests, 1, fault);
  }
});

test('a request too large for TPM (413) → Invalid; a bad key (401) and a retired model (404) → Fatal', async () => {
  const large = (await failure('too-large')).error;
  assert.instance(large, Invalid);
  assert.is((large as Invalid).path, 'request.size');
  assert.not.instance((await failure('too-large')).error, Fatal);
  assert.instance((await failure('unauthorized')).error, Fatal);
  const gone = (await failure('model-not-found')).error as Error;
  assert.instance(gone, Fatal);
  assert.match(gone.message, /gpt-oss-20b/);
});

test('server latency: within the per-attempt timeout the answer arrives late; past it the attempt is a Transient', async () => {
  const server = new GroqLikeServer({ latencyMs: 150 });
  const baseURL = await server.listen();
  try {
    const t0 = Date.now();
    const ok = await createGroqCompletions({ apiKey: KEY, baseURL, timeoutMs: 2_000 }).complete(CALL);
    assert.ok(ok.text.length > 0 && Date.now() - t0 >= 140, `answered after ${Date.now() - t0} ms`);
    const late = await createGroqCompletions({ apiKey: KEY, baseURL, timeoutMs: 50 }).complete(CALL).then(() => undefined, (e: unknown) => e);
    errors.push(late);
    assert.instance(late, Transient);
    assert.match((late as Error).message, /within 50 ms/);
  } finally {
    await server.close();
  }
});

test('nobody listening → Transient (connection failed)', async () => {
  const server = new GroqLikeServer();
  const baseURL = await server.listen();
  await server.close();
  const error = await createGroqCompletions({ apiKey: KEY, baseURL, timeoutMs: 1_000 }).complete(CALL).then(() => undefined, (e: unknown) => e);
  errors.push(error);
  assert.instance(error, Transient);
});

test('our retry layer: a 503 then success is one completion from two requests', async () => {
  const server = new GroqLikeServer({ faults: (n) => (n === 1 ? 'server-error' : undefined) });
  const baseURL = await server.listen();
  try {
    const llm = withRetry(createGroqCompletions({ apiKey: KEY, baseURL }), { clock: new SystemClock(), attempts: 2, backoffMs: 10 });
    const c = await llm.complete(CALL);
    assert.ok(c.text.length > 0);
    assert.is(server.requests.length, 2);
  } finally {
    await server.close();
  }
});

test('our retry layer: a short retry-after is waited out, a long one (an hour) is not waited at all', async () => {
  const short = new GroqLikeServer({ faults: (n) => (n === 1 ? 'rate-limit' : undefined), retryAfterSec: 0.2 });
  let baseURL = await short.listen();
  try {
    const t0 = Date.now();
    await withRetry(createGroqCompletions({ apiKey: KEY, baseURL }), { clock: new SystemClock(), maxRetryAfterMs: 2_000 }).complete(CALL);
    assert.is(short.requests.length, 2);
    assert.ok(Date.now() - t0 >= 190, 'waited the retry-after');
  } finally {
    await short.close();
  }
  const long = new GroqLikeServer({ faults: () => 'rate-limit', retryAfterSec: 3_600 });
  baseURL = await long.listen();
  try {
    const t0 = Date.now();
    const error = await withRetry(createGroqCompletions({ apiKey: KEY, baseURL }), { clock: new SystemClock(), maxRetryAfterMs: 2_000 }).complete(CALL).then(() => undefined, (e: unknown) => e);
    errors.push(error);
    assert.instance(error, RateLimited);
    assert.is((error as RateLimited).retryAfterMs, 3_600_000);
    assert.is(long.requests.length, 1);
    assert.ok(Date.now() - t0 < 1_000, `waited ${Date.now() - t0} ms`);
  } finally {
    await long.close();
  }
});

test('the API key appears in no error message, stack or serialisation', () => {
  assert.ok(errors.length >= 10, `only ${errors.length} errors collected`);
  for (const e of errors) {
    const err = e as Error;
    const text = `${String(err)} ${err.stack ?? ''} ${JSON.stringify(err)} ${JSON.stringify(Object.entries(err))}`;
    assert.not.ok(text.includes(KEY), `key leaked in ${err.name}: ${err.message}`);
    assert.not.ok(text.includes('SECRET'), `part of the key leaked in ${err.name}`);
  }
});

test.run();
