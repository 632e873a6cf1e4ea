// The transformer chain's parts on a virtual clock: the breaker's half-open trial (failure reopens,
// success closes), retry_after waited out and capped, the local limits, and answers that are not the
// Bot API's shape turned into Telegram-shaped errors with their HTTP status and body.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTelegramLimiter } from '../../actors/index.ts';
import { redact } from '../../infra/log.ts';
import { CircuitBreaker, VirtualClock, botApiFetch, limitsTransformer, redactTokens, retryAfterTransformer } from '../../transport/index.ts';

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
type Res = { ok: true; result: unknown } | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };
const call = (t: unknown, prev: () => Promise<Res>): Promise<Res> => (t as (p: unknown, m: string, x: unknown) => Promise<Res>)(prev, 'sendMessage', { chat_id: -1 });

test('breaker: opens at the threshold, one trial after the cooldown, a failed trial reopens, a good one closes', async () => {
  const clock = new VirtualClock(0);
  const b = new CircuitBreaker(clock, { threshold: 2, cooldownMs: 1_000 });
  const t = b.transformer();
  let calls = 0;
  const bad = async (): Promise<Res> => (calls++, { ok: false, error_code: 500, description: 'x' });
  const good = async (): Promise<Res> => (calls++, { ok: true, result: 1 });
  await call(t, bad);
  await call(t, bad);
  assert.is(b.state, 'open');
  assert.is((await call(t, good)).ok, false);
  assert.is(calls, 2, 'open: no call');
  await clock.advanceBy(1_000, flush);
  await call(t, bad);
  assert.is(calls, 3, 'one trial');
  assert.is(b.state, 'open', 'a failed trial reopens');
  await clock.advanceBy(1_000, flush);
  assert.is((await call(t, good)).ok, true);
  assert.is(b.state, 'closed');
  // 4xx answers are not failures.
  for (let i = 0; i < 5; i++) await call(t, async () => ({ ok: false, error_code: 400, description: 'Bad Request' }));
  assert.is(b.state, 'closed');
});

test('retry_after: waited out and retried within the cap; past the cap the 429 goes back at once', async () => {
  const clock = new VirtualClock(0);
  const t = retryAfterTransformer(clock, { maxRetryAfterSec: 5, maxAttempts: 3 });
  const at: number[] = [];
  let n = 0;
  const p = call(t, async () => (at.push(clock.now()), n++ === 0 ? { ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 3 } } : { ok: true, result: 1 }));
  await clock.advanceBy(3_000, flush);
  assert.is((await p).ok, true);
  assert.equal(at, [0, 3_000]);
  const long = await call(t, async () => (at.push(clock.now()), { ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 60 } }));
  assert.is(long.ok, false);
  assert.is(at.length, 3);
  // The window is open for 60 s: the next call is refused locally, with no request.
  const refused = await call(t, async () => (at.push(clock.now()), { ok: true, result: 1 }));
  assert.is(refused.ok ? 0 : refused.error_code, 429);
  assert.is(at.length, 3);
});

test('limits: a send past Telegram\'s limit waits when short, is refused locally when long', async () => {
  const clock = new VirtualClock(0);
  const limiter = createTelegramLimiter({ perChatPerSec: 1, perBotPerChatPerMin: 2, perBotPerSec: 30 });
  const t = limitsTransformer(limiter, 'b', clock, 2_000);
  let sent = 0;
  const ok = async (): Promise<Res> => (sent++, { ok: true, result: 1 });
  await call(t, ok);
  const second = call(t, ok);
  await clock.advanceBy(1_000, flush);
  await second;
  assert.is(sent, 2);
  const third = await call(t, ok);
  assert.is(third.ok ? 0 : third.error_code, 429, 'the per-minute limit is ~58 s away: refused');
  assert.is(sent, 2);
});

test('answers that are not the Bot API\'s shape become errors with the HTTP status and body; the rest pass', async () => {
  const answer = (status: number, statusText: string, body: string) => async () => ({ status, statusText, text: async () => body, json: async () => JSON.parse(body) }) as unknown as Response;
  const json = async (f: typeof fetch) => (await f('http://x/botT/getChat')).json();
  assert.equal(await json(botApiFetch(answer(500, 'Internal Server Error', '{"message":"unknown method"}'))),
    { ok: false, error_code: 500, description: 'HTTP 500 Internal Server Error: {"message":"unknown method"}' });
  assert.equal(await json(botApiFetch(answer(502, 'Bad Gateway', '<html>\n<body>nginx</body>\n</html>'))),
    { ok: false, error_code: 502, description: 'HTTP 502 Bad Gateway: <html> <body>nginx</body> </html>' });
  assert.equal(await json(botApiFetch(answer(503, '', ''))), { ok: false, error_code: 503, description: 'HTTP 503: (empty body)' });
  const telegram = { ok: false, error_code: 400, description: 'Bad Request: chat not found' };
  assert.equal(await json(botApiFetch(answer(400, 'Bad Request', JSON.stringify(telegram)))), telegram, 'Telegram\'s own errors pass as they are');
  const good = { status: 200, json: async () => ({ ok: true, result: 1 }) } as unknown as Response;
  assert.is(await botApiFetch(async () => good)('http://x'), good, '2xx untouched');
});

test('redaction masks tokens', () => {
  assert.is(redactTokens('GET /bot123456:abcdefghij_KLM/sendMessage'), 'GET /bot<token>/sendMessage');
  assert.is(redactTokens('x 1:short y', ['1:short']), 'x <token> y');
  // The log's second line of defence catches a token inside a Bot API URL too.
  assert.not.match(redact('{"url":"https://api.telegram.org/bot1234567:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ/getMe"}'), /AAbbCC/);
});

test.run();
