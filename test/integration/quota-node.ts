// One process of the three-process quota test (quota-cluster.test.ts): a node's whole LLM chain (tier
// router, quota, breaker, retry, groq-sdk) on the cluster's shared quota in PostgreSQL, asking for
// drafts at its own pace through a simulated day, on a clock every process shares (same origin, same
// speed). Prints its counters as one JSON line when the day is over.
import { PERSONAS, request } from '../unit/offline-generator.fixtures.ts';
import { Database, PgSharedState } from '../../persistence/index.ts';
import { SystemClock, createGroqLlm, createOfflineGenerator } from '../../transport/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { DEFAULT_FAST_MODEL, DEFAULT_SMART_MODEL } from '../../infra/config/index.ts';

const [url, baseURL, node, originWall, originAt, speed, until, everyMs, answerEvery] = process.argv.slice(2);
const clock = new SystemClock({ speed: Number(speed), origin: { wall: Number(originWall), at: Number(originAt) } });
const db = await Database.open(url!, { poolSize: 2 });
const groq = createGroqLlm({
  apiKey: process.env.GROQ_API_KEY!, baseURL: baseURL!, clock, offline: createOfflineGenerator(), logger: memoryLogger('error'),
  fastModel: DEFAULT_FAST_MODEL, smartModel: DEFAULT_SMART_MODEL, reasoningEffort: null,
  // The provider counts a request when it arrives: on this fast clock a few wall milliseconds of
  // latency are seconds, so our minute stays open 30 simulated seconds longer than theirs.
  sharedQuota: { store: new PgSharedState(db), node: node!, minuteSlackMs: 30_000 },
});

let n = 0;
while (clock.now() < Number(until)) {
  n++;
  const persona = PERSONAS[n % PERSONAS.length]!;
  const answer = n % Number(answerEvery) === 0;
  await groq.llm.generate(request(persona, {
    mode: answer ? 'answer' : 'new', seed: n, step: n,
    ...(answer ? { target: { speaker: 'deniz', text: `@${persona.handle} bugün THYAO alınır mı sence?`, human: true } } : {}),
  }));
  await clock.sleep(Number(everyMs));
}
const s = groq.stats;
console.log(JSON.stringify({ node, drafts: s.requests, calls: s.calls, served: s.served, skipped: s.skipped, tokens: s.promptTokens - s.cachedTokens + s.completionTokens }));
await db.close();
