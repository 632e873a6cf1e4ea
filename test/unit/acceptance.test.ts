// The old system's behaviour-level acceptance cases (seed-system.md §i) that concern the single-node
// engine, one focused test each. Covered elsewhere: 2 and 7 (chat-step.test.ts), 3, 4 and 6
// (director.test.ts), 8 (topic.test.ts), 9 (content.test.ts), 12 (reaction.test.ts), and 1 and 13
// again over whole simulated days (test/sim). Not this stage's: 11 (persona refresh is a prompt
// matter: the LLM issue), 15–18 (RBAC, system checks, dashboard: no such API here), 19 (circuit
// breakers: the Telegram and LLM adapters).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  budgetAllows, chatMeanTurnSec, chatStep, createChatState, createTelegramLimiter, inRanges, nextTurnDelayMs, prune,
  readDelayMs, recordSend, seededRng, typingMs, type ChatEffect, type ComposeRequest, type HumanMessage, type Rng,
} from '../../actors/index.ts';
import { MemoryBus } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, loadConfig, parseConfig } from '../../infra/config/index.ts';

const config = loadConfig(DEMO_CONFIG_PATH);
const HOUR = 3_600_000;

/** An Rng whose draws are all `v` (to pin jitter and exponential draws). */
const fixed = (v: number): Rng => ({ next: () => v, int: (n) => Math.floor(v * n), range: (a, b) => a + v * (b - a), chance: (p) => v < p, pick: (xs) => xs[0]!, fork: () => fixed(v) });

test('case 1: a bot never sends more than its hourly limit in any rolling 60 minutes (reactions and answers count)', () => {
  const limits = { hourlyLimit: 12, minGapMs: 20_000 };
  let b = { sentAt: [] as readonly number[] };
  const sent: number[] = [];
  const rng = seededRng(1);
  for (let t = 0; t < 6 * HOUR; t += rng.int(40_000)) {
    if (budgetAllows(prune(b, t), t, limits)) {
      b = recordSend(b, t); // every kind of send goes through the same budget
      sent.push(t);
    }
  }
  for (const t of sent) assert.ok(sent.filter((x) => x >= t && x < t + HOUR).length <= 12);
  assert.ok(sent.length >= 60, `only ${sent.length} sends in six hours`);
});

test('case 3: active hours crossing midnight, and an empty list means always', () => {
  const at = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00+03:00`);
  assert.ok(inRanges(['22:00-02:00'], at('23:30'), 'Europe/Istanbul'));
  assert.ok(inRanges(['22:00-02:00'], at('01:59'), 'Europe/Istanbul'));
  assert.not.ok(inRanges(['22:00-02:00'], at('02:00'), 'Europe/Istanbul'));
  assert.ok(inRanges([], at('04:00'), 'Europe/Istanbul'));
});

test('case 5 (now: partitions): an entity always maps to the same partition, so exactly one owner hosts it', () => {
  const a = new MemoryBus({ partitions: 64 });
  const b = new MemoryBus({ partitions: 64 });
  for (const id of config.bots.map((x) => x.id)) assert.is(a.partitionOf({ kind: 'bot', id }), b.partitionOf({ kind: 'bot', id }));
});

test('case 10: delay and typing math — Poisson turns scaled by prime hours and pace, clamped; typing from length', () => {
  assert.is(chatMeanTurnSec({ baseTurnSec: 30, primeTurnSec: 18, paceScale: 1, inPrime: false }), 30);
  assert.is(chatMeanTurnSec({ baseTurnSec: 30, primeTurnSec: 18, paceScale: 1, inPrime: true }), 18);
  assert.is(chatMeanTurnSec({ baseTurnSec: 30, primeTurnSec: 18, paceScale: 2, inPrime: false }), 15);
  // Exp(mean) at the median draw is mean·ln 2; the jitter at 0.5 is × 1.0.
  assert.is(nextTurnDelayMs({ meanSec: 20, minSec: 2, maxSec: 180 }, fixed(0.5)), Math.round(20 * Math.LN2 * 1000));
  assert.is(nextTurnDelayMs({ meanSec: 1000, minSec: 2, maxSec: 180 }, fixed(0.999)), 180_000);
  const speed = config.bots[0]!.speed;
  assert.ok(typingMs('kısa', speed, 1, fixed(0.5)) >= 1000);
  assert.ok(typingMs('bu biraz daha uzun bir mesaj, birkaç kelime daha ekleyelim ki süre uzasın', speed, 1, fixed(0.5)) > typingMs('kısa bir not', speed, 1, fixed(0.5)));
  assert.ok(readDelayMs('x'.repeat(400), speed, fixed(0.5)) <= 8000);
});

test('case 13: a human message is recorded without a bot; a mention is answered by that bot, threaded, before anything else', () => {
  const personas = config.bots.map((p) => ({ ...p, activeHours: [] }));
  const s = createChatState({ ...config.chats[0]!, primeHours: [] }, { ...config.settings, typing: false, reactionProbability: 0 }, personas, [], createTelegramLimiter());
  const env = { now: Date.UTC(2026, 10, 23, 9), rng: seededRng(3) };
  const human: HumanMessage = { chatId: 'demo', messageId: 41, userId: 7, username: 'deniz', text: `@${personas[4]!.handle} THYAO desteği neresi?`, at: env.now };
  const fx = chatStep(s, { kind: 'human', message: human }, env);
  const record = fx.find((e): e is Extract<ChatEffect, { kind: 'record' }> => e.kind === 'record')!;
  assert.is(record.message.botId, null);
  assert.is(record.message.speaker, 'deniz');
  const compose = chatStep(s, { kind: 'tick' }, env).find((e) => e.kind === 'tellBot' && e.message.kind === 'compose') as Extract<ChatEffect, { kind: 'tellBot' }>;
  assert.is(compose.botId, personas[4]!.id);
  const turnId = (compose.message as { turnId: number }).turnId;
  const draft = chatStep(s, { kind: 'draft', turnId, botId: personas[4]!.id, text: 'Deniz, THYAO için 285 destek gibi duruyor', topic: 'BIST', mood: 'sakin', attempt: 0 }, env);
  const send = draft.find((e) => e.kind === 'send') as Extract<ChatEffect, { kind: 'send' }>;
  assert.is(send.replyTo, 41);
});

test('case 14: the message-length profile is normalised to sum 1', () => {
  const yaml = `
settings: { lengthProfile: { short: 5, medium: 3, long: 2 } }
bots:
  - { id: b1, name: B, handle: bot_one, tone: sakin, risk: low, watchlist: [USDTRY], signaturePhrases: [selam],
      style: { emojiRate: 0, length: short, slangRate: 0, typoRate: 0 },
      speed: { readCps: 10, typingWpm: 30, talkativeness: 0.5, baseDelaySec: 30, delayMultiplier: 1 } }
chats:
  - { id: c1, title: C, members: [b1] }
`;
  const p = parseConfig(yaml, 'x.yaml').settings.lengthProfile;
  assert.ok(Math.abs(p.short + p.medium + p.long - 1) < 1e-9);
  assert.ok(Math.abs(p.short - 0.5) < 1e-9 && Math.abs(p.long - 0.2) < 1e-9);
});

test('case 20: the transcript a bot sees is chronological, humans labelled with their username', () => {
  const personas = config.bots.map((p) => ({ ...p, activeHours: [] }));
  const s = createChatState({ ...config.chats[0]!, primeHours: [] }, { ...config.settings, typing: false, reactionProbability: 0 }, personas, [], createTelegramLimiter());
  const env = { now: Date.UTC(2026, 10, 23, 9), rng: seededRng(4) };
  for (let i = 0; i < 3; i++) chatStep(s, { kind: 'human', message: { chatId: 'demo', messageId: i + 1, userId: 7, username: `kisi${i}`, text: `satır ${i} hakkında`, at: env.now + i } }, env);
  const compose = chatStep(s, { kind: 'tick' }, env).find((e) => e.kind === 'tellBot' && e.message.kind === 'compose') as Extract<ChatEffect, { kind: 'tellBot' }>;
  const transcript = (compose.message as ComposeRequest).transcript;
  assert.equal(transcript.map((m) => m.speaker), ['kisi0', 'kisi1', 'kisi2']);
  assert.ok(transcript.every((m, i) => i === 0 || m.at >= transcript[i - 1]!.at));
});

test.run();
