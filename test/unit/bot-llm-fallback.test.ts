// A bot whose model keeps repeating itself: the draft, one regeneration with a changed instruction
// (attempt 1), then the offline generator (attempt 2, which the LLM router never sends to a model).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ActorSystem, SimulatedMarket, botActorName, botBehavior, seededRng,
  type ChatActorMessage, type ComposeRequest, type GenerationRequest, type LlmPort,
} from '../../actors/index.ts';
import { GroqLikeServer, VirtualClock, createGroqLlm, createOfflineGenerator } from '../../transport/index.ts';
import { MemoryBotStateStore, MemoryDeadLetters } from '../../persistence/index.ts';
import { DEMO_CONFIG_PATH, loadConfig } from '../../infra/config/index.ts';
import { memoryLogger } from '../../infra/log.ts';

const config = loadConfig(DEMO_CONFIG_PATH);
const START = Date.UTC(2026, 10, 23, 9, 0, 0); // 12:00 Istanbul
const ali = { ...config.bots.find((b) => b.id === 'ali_ekonomist')!, minGapSec: 1 };
const SAME = 'Enflasyon verisi beklentinin üstünde geldi, faiz indirimi gecikir bence.';

async function bot(llm: (clock: VirtualClock) => LlmPort) {
  const clock = new VirtualClock(START);
  const replies: ChatActorMessage[] = [];
  const market = new SimulatedMarket(clock, seededRng(1));
  const env = {
    clock, rng: seededRng(2), llm: llm(clock), market, store: new MemoryBotStateStore(), logger: memoryLogger('error'), universe: market.symbols,
    settings: { lengthProfile: config.settings.lengthProfile, dedup: config.settings.dedup, humanReserve: 2 },
    persona: (id: string) => (id === ali.id ? ali : undefined),
    toChat: (_chat: string, m: ChatActorMessage) => void replies.push(m),
  };
  const system = new ActorSystem({ clock, deadLetters: new MemoryDeadLetters(), logger: env.logger });
  const ref = system.spawn(botActorName(ali.id), botBehavior(env));
  let turn = 0;
  const compose = async (): Promise<Extract<ChatActorMessage, { kind: 'draft' }>> => {
    const req: ComposeRequest = {
      kind: 'compose', turnId: ++turn, chatId: 'demo', chatTitle: 'Piyasa Sohbet', timeZone: 'Europe/Istanbul', mode: 'new', mention: false,
      transcript: [], topicPool: ['Makro'], recentTopics: [], attempt: 0,
    };
    system.tell(ref, req);
    await system.settle();
    const d = replies.at(-1)!;
    assert.is(d.kind, 'draft');
    const draft = d as Extract<ChatActorMessage, { kind: 'draft' }>;
    system.tell(ref, { kind: 'delivered', turnId: draft.turnId, chatId: 'demo', text: draft.text, at: clock.now() });
    await system.settle();
    await clock.advanceBy(5_000, () => system.settle());
    return draft;
  };
  return { compose };
}

test('a model that repeats itself: regeneration, then the offline generator writes the line', async () => {
  const server = { requests: [] as GenerationRequest[], http: undefined as GroqLikeServer | undefined };
  const b = await bot((clock) => {
    const groq = (server.http = new GroqLikeServer({ clock, reply: () => SAME }));
    const chain = createGroqLlm({ apiKey: 'gsk_x', baseURL: 'http://local', fetch: groq.fetch, clock, offline: createOfflineGenerator(), fastModel: 'f', smartModel: 's' });
    return { generate: (r) => (server.requests.push(r), chain.llm.generate(r)) };
  });
  const first = await b.compose();
  assert.is(first.text, SAME);
  assert.is(first.attempt, 0);
  const second = await b.compose();
  assert.not.equal(second.text, SAME, 'the repeat is never handed to the chat');
  assert.is(second.attempt, 2, 'written on the last try');
  assert.equal(server.requests.slice(1).map((r) => r.attempt), [0, 1, 2]);
  assert.is(server.http!.requests.length, 3, 'the last try costs no model call');
  assert.match(JSON.stringify(server.http!.requests[2]!.body), /farklı bir açıdan/, 'the regeneration asked for a different angle');
  assert.match(server.requests[2]!.persona.name, /Ali/);
});

test.run();
