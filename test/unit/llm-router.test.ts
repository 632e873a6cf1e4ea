// The tier router over the whole Groq chain (in-process local server, virtual clock): answers go to
// the smart model, banter to the fast one; failures and malformed output fall through smart → fast →
// offline and never come back as text; calls and tokens are counted; the key is in no log line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GroqLikeServer, VirtualClock, createGroqLlm, createOfflineGenerator, type ChatBody, type ServerFault } from '../../transport/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { PERSONAS, request } from './offline-generator.fixtures.ts';

const KEY = 'gsk_routerTESTkey000111222333';
const FAST = 'openai/gpt-oss-20b';
const SMART = 'openai/gpt-oss-120b';
const mehmet = PERSONAS[0]!;
const ANSWER = { mode: 'answer' as const, target: { speaker: 'deniz', text: 'THYAO alınır mı?', human: true } };

function setup(opts: { faults?: (n: number, body: ChatBody) => ServerFault | undefined; reply?: (body: ChatBody, n: number) => string } = {}) {
  const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));
  const server = new GroqLikeServer({ clock, apiKey: KEY, ...opts });
  const logger = memoryLogger('debug');
  const groq = createGroqLlm({ apiKey: KEY, baseURL: 'http://local.test', fetch: server.fetch, clock, offline: createOfflineGenerator(), fastModel: FAST, smartModel: SMART, logger, retry: { attempts: 1 } });
  return { clock, server, logger, groq };
}

test('an answer to a person goes to the smart model, banter to the fast model; calls and tokens are counted', async () => {
  const { server, groq } = setup();
  const a = await groq.llm.generate(request(mehmet, ANSWER));
  const b = await groq.llm.generate(request(mehmet, { mode: 'new' }));
  assert.is(a.model, SMART);
  assert.is(b.model, FAST);
  assert.equal(server.requests.map((r) => r.model), [SMART, FAST]);
  assert.is(groq.stats.calls, 2);
  assert.is(groq.stats.promptTokens, a.promptTokens! + b.promptTokens!);
  assert.ok(groq.stats.promptTokens > 200);
  assert.equal(groq.stats.served, { smart: 1, fast: 1, offline: 0 });
});

test("a request's memories reach the prompt the model sees", async () => {
  const { server, groq } = setup();
  await groq.llm.generate({ ...request(mehmet, ANSWER), memories: ['deniz: emekliyim, temettü severim'] });
  await groq.llm.generate(request(mehmet, ANSWER));
  const prompts = server.requests.map((r) => JSON.stringify(r.body.messages));
  assert.ok(prompts[0]!.includes('Hatırladıkların: deniz: emekliyim, temettü severim'), prompts[0]);
  assert.not.ok(prompts[1]!.includes('Hatırladıkların'), 'no memories, no section');
});

test('the smart model failing: the answer comes from the fast model; both failing: from the offline generator', async () => {
  const smartDown = setup({ faults: (_n, body) => (body.model === SMART ? 'server-error' : undefined) });
  assert.is((await smartDown.groq.llm.generate(request(mehmet, ANSWER))).model, FAST);
  const allDown = setup({ faults: () => 'server-error' });
  const r = await allDown.groq.llm.generate(request(mehmet, ANSWER));
  assert.is(r.model, 'offline');
  assert.ok(r.text.length > 0);
  assert.is(allDown.groq.stats.fallbacks, 1);
  assert.is(allDown.groq.stats.skipped.Transient, 2);
});

test('malformed output of every kind falls back: it never comes back as the text', async () => {
  const bad = ['{"speak": true, "text": "json"}', '', '<think>düşünüyorum ama bitmedi', 'x'.repeat(600), '```kod```'];
  for (const fault of ['malformed-json', 'wrong-shape', 'empty-choices', 'empty-content'] as const) {
    const { groq } = setup({ faults: () => fault });
    const r = await groq.llm.generate(request(mehmet, { mode: 'new' }));
    assert.is(r.model, 'offline', fault);
  }
  for (const text of bad) {
    const { groq } = setup({ reply: () => text });
    const r = await groq.llm.generate(request(mehmet, ANSWER));
    assert.is(r.model, 'offline', JSON.stringify(text.slice(0, 30)));
    assert.not.equal(r.text, text);
  }
  const { groq } = setup({ reply: () => `${mehmet.name}: "<think>hmm</think>Bence THYAO toparlar."` });
  assert.is((await groq.llm.generate(request(mehmet, ANSWER))).text, 'Bence THYAO toparlar.');
});

test('a 429 blocks the model until its retry-after, without calling it again', async () => {
  const { groq, server, clock } = setup({ faults: (n) => (n === 1 ? 'rate-limit' : undefined) });
  assert.is((await groq.llm.generate(request(mehmet))).model, 'offline');
  assert.is((await groq.llm.generate(request(mehmet))).model, 'offline');
  assert.is(server.requests.length, 1, 'blocked: not sent');
  assert.is(groq.stats.skipped['quota:blocked'], 1);
  await clock.advanceBy(2_000);
  assert.is((await groq.llm.generate(request(mehmet))).model, FAST);
});

test('the API key is in no log line, even with every failure kind', async () => {
  const kinds: ServerFault[] = ['rate-limit', 'server-error', 'malformed-json', 'wrong-shape', 'empty-choices', 'unauthorized', 'model-not-found', 'too-large'];
  let lines = 0;
  for (const fault of kinds) {
    const { groq, logger } = setup({ faults: () => fault });
    await groq.llm.generate(request(mehmet, ANSWER));
    const text = JSON.stringify(logger.lines);
    lines += logger.lines.length;
    assert.ok(logger.lines.some((l) => l.event === 'llm.fallback'), `${fault}: logged`);
    assert.not.ok(text.includes(KEY) || text.includes('routerTESTkey'), `${fault}: key in logs: ${text}`);
  }
  assert.ok(lines >= kinds.length);
});

test('a draft never makes more model calls than its allowance (llmCalls), retries included, and says how many it made', async () => {
  // Retries on (two attempts per tier), both tiers failing: without an allowance an answer costs 4 calls.
  const mk = () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));
    const server = new GroqLikeServer({ clock, apiKey: KEY, faults: () => 'server-error' });
    const groq = createGroqLlm({ apiKey: KEY, baseURL: 'http://local.test', fetch: server.fetch, clock, offline: createOfflineGenerator(), fastModel: FAST, smartModel: SMART, retry: { attempts: 2 } });
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    };
    /** Generate while the virtual clock moves on (the retry layer sleeps on it). */
    const run = async (req: Parameters<typeof groq.llm.generate>[0]) => {
      const out = groq.llm.generate(req);
      await clock.runUntil(clock.now() + 10_000, settle);
      return out;
    };
    return { server, groq, run };
  };
  const free = mk();
  const all = await free.run(request(mehmet, ANSWER));
  assert.is(free.server.requests.length, 4);
  assert.is(all.calls, 4);
  for (const allowance of [0, 1, 3]) {
    const capped = mk();
    const r = await capped.run({ ...request(mehmet, ANSWER), llmCalls: allowance });
    assert.is(capped.server.requests.length, allowance, `allowance ${allowance}`);
    assert.is(r.calls ?? 0, allowance);
    assert.is(r.model, 'offline');
  }
});

test.run();
