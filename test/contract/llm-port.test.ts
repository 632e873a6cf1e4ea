// The LlmPort contract, run against the offline generator and against the Groq router (over the
// in-process local server): every request gets one non-empty line that passes the content rules, a
// model name and token counts; regenerations differ; the text never carries a speaker label.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyContentRules, type GenerationRequest, type LlmPort } from '../../actors/index.ts';
import { GroqLikeServer, VirtualClock, createGroqLlm, createOfflineGenerator } from '../../transport/index.ts';
import { PERSONAS, request } from '../unit/offline-generator.fixtures.ts';

const ports: [string, () => LlmPort][] = [
  ['offline generator', () => createOfflineGenerator()],
  ['Groq router', () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));
    const server = new GroqLikeServer({ clock });
    return createGroqLlm({ apiKey: 'gsk_contract', baseURL: 'http://local', fetch: server.fetch, clock, offline: createOfflineGenerator(), fastModel: 'openai/gpt-oss-20b', smartModel: 'openai/gpt-oss-120b' }).llm;
  }],
];

const requests = (): GenerationRequest[] => PERSONAS.flatMap((p, i) => [
  request(p, { mode: 'new', seed: i + 1 }),
  request(p, { mode: 'reply', seed: i + 11, target: { speaker: PERSONAS[(i + 1) % PERSONAS.length]!.name, text: 'THYAO bugün güçlü', human: false } }),
  request(p, { mode: 'answer', seed: i + 21, target: { speaker: 'deniz', text: 'dolar nereye gider?', human: true } }),
]);

for (const [name, make] of ports) {
  test(`${name}: one clean line per request, with a model name and token counts`, async () => {
    const llm = make();
    for (const req of requests()) {
      const r = await llm.generate(req);
      assert.ok(r.text.trim().length > 0, `${req.botId} ${req.mode}: empty`);
      assert.not.match(r.text, /\n/);
      assert.ok(applyContentRules(r.text).ok, `${req.botId}: "${r.text}" fails the content rules`);
      assert.not.match(r.text, new RegExp(`^${req.persona.name}\\s*:`));
      assert.ok(r.model.length > 0);
      assert.ok((r.promptTokens ?? 0) >= 0 && (r.completionTokens ?? 0) >= 0);
    }
  });

  test(`${name}: a regeneration (attempt 1) writes a different line`, async () => {
    const llm = make();
    let differs = 0;
    for (const req of requests().slice(0, 9)) {
      const a = await llm.generate(req);
      const b = await llm.generate({ ...req, attempt: 1 });
      if (a.text !== b.text) differs++;
    }
    assert.ok(differs >= 8, `only ${differs} of 9 regenerations differ`);
  });
}

test.run();
