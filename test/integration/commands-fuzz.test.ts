// 1,000 fuzzed command bodies over a real nats-server with a raw client: every one answered with JSON
// (ok true or ok false with a reason), none crashes the node, which answers a status after.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from '@nats-io/transport-node';
import { seededRng, type Rng } from '../../actors/index.ts';
import { CHAT_COMMANDS, CLUSTER_COMMANDS } from '../../infra/commands/index.ts';
import { startNatsServer } from './nats-server.ts';
import { startCommandNode } from './commands-fixture.ts';

const FIELDS = ['cmd', 'bot', 'text', 'replyTo', 'headline', 'symbols', 'impact', 'perMinute', 'valence', 'arousal', 'confidence', 'topic', 'symbol', 'turns', 'chat', 'key', 'value', 'token', 'telegramId', '__proto__', 'constructor'];
// Not destructive ones: the fuzz must not remove the chat it keeps commanding.
const COMMANDS = [...CHAT_COMMANDS, ...CLUSTER_COMMANDS.filter((c) => !c.endsWith('.remove')), 'dance', '', 'PAUSE', 'say ', 'bots.add.x'];

function value(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 2 ? 8 : 11)) {
    case 0: return null;
    case 1: return rng.chance(0.5);
    case 2: return rng.pick([0, -1, 1, 0.5, 1e308, -1e308, 2 ** 53, Number.MIN_VALUE, 61, 3]);
    case 3: return rng.pick(['', 'demo', 'ayse_scalp', 'BTCUSDT', 'BIST:THYAO', 'Makro', '🙂', 'a'.repeat(5_000), '\u0000', '"}', 'nochat']);
    case 4: return Math.floor(rng.range(-1e6, 1e6));
    case 5: return rng.pick(['NaN', 'Infinity', '1e999', '-0']);
    case 6: return rng.range(-2, 2);
    case 7: return 'x'.repeat(rng.int(40));
    case 8: return Array.from({ length: rng.int(5) }, () => value(rng, depth + 1));
    case 9: return Object.fromEntries(Array.from({ length: rng.int(5) }, () => [rng.pick(FIELDS), value(rng, depth + 1)]));
    default: return { cmd: rng.pick(COMMANDS) };
  }
}

/** One body: mostly plausible commands with wrong or random fields, some raw garbage. */
function body(rng: Rng): string | Uint8Array {
  const roll = rng.next();
  if (roll < 0.1) return Uint8Array.from({ length: rng.int(200) }, () => rng.int(256)); // random bytes, often not UTF-8
  if (roll < 0.2) return JSON.stringify(value(rng)).slice(0, 1 + rng.int(60)); // truncated JSON
  if (roll < 0.25) return JSON.stringify(value(rng));
  const o: Record<string, unknown> = { cmd: rng.pick(COMMANDS) };
  for (let i = rng.int(5); i > 0; i--) o[rng.pick(FIELDS)] = value(rng);
  if (rng.chance(0.05)) o.cmd = value(rng);
  return JSON.stringify(o);
}

test('1,000 fuzzed bodies: 1,000 JSON answers, 0 crashes', async () => {
  const server = await startNatsServer();
  const f = await startCommandNode(server.url);
  const client = await connect({ servers: server.url });
  try {
    const rng = seededRng(2026);
    const subjects = ['piyasa.cmd', 'piyasa.chat.demo.cmd', 'piyasa.chat.nochat.cmd', 'piyasa.chat.x_y-z.cmd'];
    let answers = 0;
    let okTrue = 0;
    const problems: string[] = [];
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(Array.from({ length: 50 }, async () => {
        const subject = rng.pick(subjects);
        const b = body(rng);
        try {
          const reply = await client.request(subject, b, { timeout: 20_000 });
          const r = JSON.parse(reply.string()) as { ok?: unknown; error?: unknown };
          if (r.ok === true) okTrue++;
          else if (r.ok !== false || typeof r.error !== 'string' || r.error === '') problems.push(`${subject} ${String(b).slice(0, 80)} → ${reply.string().slice(0, 200)}`);
          answers++;
        } catch (e) {
          problems.push(`${subject} ${String(b).slice(0, 80)} → ${(e as Error).message}`);
        }
      }));
    }
    assert.equal(problems, []);
    assert.is(answers, 1_000);
    assert.ok(okTrue < 1_000, 'most of them are refused');
    assert.not.ok(f.logger.lines.some((l) => l.event === 'command.failed' || l.event === 'nats.request.failed'), 'no handler failed');
    const status = JSON.parse((await client.request('piyasa.chat.demo.cmd', '{"cmd":"status"}', { timeout: 10_000 })).string()) as { ok: boolean };
    assert.is(status.ok, true, 'the node still answers');
    console.log(`fuzz: ${answers} answers, ${okTrue} ok:true, ${answers - okTrue} ok:false`);
  } finally {
    await client.close();
    await f.stop();
    await server.stop();
  }
});

test.run();
