// The LLM quota shared by several nodes through one compare-and-set store (in-process here, on the
// virtual clock; test/integration/quota-cluster.test.ts runs three processes on PostgreSQL): together
// they stay within the free tier, one busy node uses what idle ones leave, a dead node's hold leaves
// the minute with the window, refusals on a fresh copy cost no round trip, and a store that fails
// refuses the call rather than send it uncounted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SharedStateStore } from '../../actors/index.ts';
import { MemorySharedState } from '../../persistence/index.ts';
import {
  DEFAULT_PACING, FREE_TIER, GroqLikeServer, QuotaRefused, VirtualClock, createGroqCompletions, sharedBook, withQuota,
  type CompletionCall, type CompletionPort, type QuotaLayer,
} from '../../transport/index.ts';

const D0 = Date.UTC(2026, 10, 23);
const MODEL = 'openai/gpt-oss-20b';
const KEY = 'gsk_unitKEYdoNOTleak0123456789';

const call = (i: number, purpose: 'answer' | 'routine'): CompletionCall => ({
  model: MODEL, maxTokens: 120, temperature: 0.9, purpose,
  messages: [
    { role: 'system', content: 'Sen bir borsa sohbet grubunda yazan bir yatırımcısın. Kısa yaz, Türkçe yaz.'.repeat(4) },
    { role: 'user', content: `Grup: THYAO bugün ${i % 7} puan oynadı, ne dersin? ${'bağlam '.repeat(40)}` },
  ],
});

function nodes(clock: VirtualClock, server: GroqLikeServer, store: SharedStateStore, n: number): QuotaLayer[] {
  return Array.from({ length: n }, (_, i) => {
    const inner = createGroqCompletions({ apiKey: KEY, baseURL: 'http://groq.local', fetch: server.fetch, reasoningEffort: null });
    const book = sharedBook({ store, key: `llm-quota:${MODEL}`, node: `n${i}`, limits: FREE_TIER, pacing: DEFAULT_PACING });
    return withQuota(inner, { clock, limits: FREE_TIER, book });
  });
}

test('three nodes on one quota: within the free tier all day, and the busy node uses what the idle ones leave', async () => {
  const clock = new VirtualClock(D0 + 60_000);
  const server = new GroqLikeServer({ clock, apiKey: KEY, limits: FREE_TIER });
  const store = new MemorySharedState({ record: false });
  const [busy, idle1, idle2] = nodes(clock, server, store, 3);
  const served = [0, 0, 0];
  let i = 0;
  const attempt = async (layer: QuotaLayer, who: number, purpose: 'answer' | 'routine'): Promise<void> => {
    try {
      await layer.complete(call(i++, purpose));
      served[who]!++;
    } catch (error) {
      if (!(error instanceof QuotaRefused)) throw error;
    }
  };
  // The busy node asks every 15 s (an answer one time in five), the idle ones every 20 minutes, all
  // three at the same instant now and then, so their holds race for the same state.
  for (let t = D0 + 60_000; t < D0 + 86_400_000 - 60_000; t += 15_000) {
    await clock.runUntil(t);
    const k = (t - D0) / 15_000;
    const tries = [attempt(busy!, 0, k % 5 === 0 ? 'answer' : 'routine')];
    if (k % 80 === 0) tries.push(attempt(idle1!, 1, 'routine'), attempt(idle2!, 2, 'answer'));
    await Promise.all(tries);
  }
  const refused = server.requests.filter((r) => r.status === 429).length;
  const day = server.usage(MODEL);
  assert.is(refused, 0, 'the server answered 429');
  assert.ok(day.dayRequests <= FREE_TIER.rpd && day.dayTokens <= FREE_TIER.tpd, `the day used ${day.dayRequests} requests, ${day.dayTokens} tokens`);
  assert.is(served[0]! + served[1]! + served[2]!, day.dayRequests, 'every request the server served was counted');
  // A static third each would have capped the busy node at a third of the day's quota.
  const third = Math.min(FREE_TIER.rpd, day.dayTokens / day.dayRequests > 0 ? FREE_TIER.tpd / (day.dayTokens / day.dayRequests) : Infinity) / 3;
  assert.ok(served[0]! > 1.5 * third, `the busy node was served ${served[0]} (a static third: ${Math.floor(third)})`);
  assert.ok(day.dayTokens > 0.7 * FREE_TIER.tpd || day.dayRequests > 0.7 * FREE_TIER.rpd, `only ${day.dayRequests} requests, ${day.dayTokens} tokens of the day were used`);
});

test("a dead node's hold: counted until it leaves the minute (with the slack), its estimate kept for the day", async () => {
  const store = new MemorySharedState();
  const limits = { ...FREE_TIER, rpm: 2 };
  const book = (node: string) => sharedBook({ store, key: 'q', node, limits, pacing: DEFAULT_PACING, minuteSlackMs: 1_000 });
  const [dead, a] = [book('dead'), book('a')];
  const t = D0 + 3_600_000;
  const held = await dead.reserve(t, 500, 'answer');
  assert.ok(held.ok);
  assert.ok((await a.reserve(t + 10, 400, 'answer')).ok);
  const no = await a.reserve(t + 20, 400, 'answer');
  assert.equal(no, { ok: false, reason: 'rpm', retryAt: t + 61_000 });
  assert.is((await a.reserve(t + 60_500, 400, 'answer')).ok, false, 'still inside the slack');
  assert.ok((await a.reserve(t + 61_001, 400, 'answer')).ok, 'the dead hold has left the minute');
  assert.equal(a.remaining(t + 61_002), { requests: FREE_TIER.rpd - 3, tokens: FREE_TIER.tpd - 1_300 }, "the dead node's estimate is still counted for the day");
});

test('refusals on a fresh copy cost no round trip; an old copy is loaded again first', async () => {
  const store = new MemorySharedState();
  const b = sharedBook({ store, key: 'q', node: 'a', limits: { ...FREE_TIER, rpm: 1 }, pacing: DEFAULT_PACING, freshMs: 1_000 });
  const t = D0 + 3_600_000;
  assert.ok((await b.reserve(t, 100, 'answer')).ok);
  const before = store.calls.length;
  for (let i = 1; i <= 20; i++) assert.is((await b.reserve(t + i * 10, 100, 'answer')).ok, false);
  assert.is(store.calls.length, before, 'twenty refusals, no store call');
  assert.is((await b.reserve(t + 5_000, 100, 'answer')).ok, false);
  assert.ok(store.calls.length > before, 'a copy older than freshMs is checked against the store');
});

test('a store that fails: the call is refused (never sent uncounted), and works again when the store does', async () => {
  const clock = new VirtualClock(D0 + 3_600_000);
  const real = new MemorySharedState();
  let down = true;
  const store: SharedStateStore = {
    load: (k) => (down ? Promise.reject(new Error('connection refused')) : real.load(k)),
    swap: (k, v, x) => (down ? Promise.reject(new Error('connection refused')) : real.swap(k, v, x)),
  };
  let sent = 0;
  const inner: CompletionPort = {
    async complete(c) {
      sent++;
      return { text: 'tamam', model: c.model, promptTokens: 50, completionTokens: 10, cachedTokens: 0, rate: {} };
    },
  };
  const layer = withQuota(inner, { clock, limits: FREE_TIER, book: sharedBook({ store, key: 'q', node: 'a', limits: FREE_TIER, pacing: DEFAULT_PACING }) });
  const error = await layer.complete(call(1, 'answer')).catch((e: unknown) => e);
  assert.instance(error, QuotaRefused);
  assert.is((error as QuotaRefused).reason, 'unavailable');
  assert.is(sent, 0);
  down = false;
  await layer.complete(call(2, 'answer'));
  assert.is(sent, 1);
  assert.equal((await real.load<{ dayRequests: number; dayTokens: number }>('q'))?.value.dayRequests, 1);
});

test.run();
