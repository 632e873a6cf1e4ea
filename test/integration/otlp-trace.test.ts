// One message, one trace, exported over OTLP/HTTP (protobuf) from a real `piyasa start` to a receiver
// in the test: the director's turn, the composition, the LLM call (the local Groq-compatible server
// over HTTP: model and token attributes) and the Telegram call (a sandbox standing in for Telegram,
// real tokens) with the right parents; a person's mention and its answer linked; the message rows'
// trace ids equal the traces' ids. With recognisable secrets set, none of them is in any byte the
// receiver got, nor in any line the node printed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GroqLikeServer, Sandbox, serveSandbox } from '../../transport/index.ts';
import { createTestDatabase, type TestDatabase } from '../contract/pg-db.ts';
import { fastConfig, piyasa } from './piyasa-run.ts';
import { startOtlpReceiver, traceTree, type OtlpReceiver } from './otlp-receiver.ts';

const BOTS = ['ali_ekonomist', 'can_chartist', 'fatma_temettu'];
const GROUP = -1004455667788;
const GROQ_KEY = 'gsk_TRACEtestKEY0123456789abcdefXYZ';
const NATS_PASSWORD = 'natsSECRETpassword-4711';
const TOKEN_KEY = '7e57c0de'.repeat(8);
// Fresh bot ids each run: a listener keeps its offset per bot id (in .piyasa/) across runs.
const BASE = 6_000_000_001 + Math.floor(Math.random() * 1e8) * 10;
const TOKENS = BOTS.map((id, i) => `${BASE + i}:SECRET-${id.replace(/_/g, '-')}-tokenvalue-xyz`);

let db: TestDatabase;
let receiver: OtlpReceiver;
let dir: string;
test.before(async () => {
  db = await createTestDatabase();
  receiver = await startOtlpReceiver();
  dir = mkdtempSync(path.join(tmpdir(), 'piyasa-otlp-'));
});
test.after(async () => {
  await receiver.close();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('a mention and its answer: one trace per message over OTLP, correct parentage, linked, stored on the rows, no secret anywhere', async () => {
  const groq = new GroqLikeServer({ apiKey: GROQ_KEY });
  const groqUrl = await groq.listen();
  const sandbox = new Sandbox({ limits: false });
  const env: Record<string, string> = {};
  BOTS.forEach((id, i) => {
    env[`PIYASA_BOT_TOKEN_${id.toUpperCase()}`] = TOKENS[i]!;
    sandbox.addBot({ token: TOKENS[i]!, username: `${id}_bot`, firstName: id, canReadAll: i === 0 });
  });
  const { yaml } = fastConfig(BOTS, 40);
  const file = path.join(dir, 'fast.yaml');
  writeFileSync(file, yaml);
  // The handles of the demo bots are what the sandbox knows them by.
  const handles = yaml.match(/handle: \w+/g)!.map((h) => h.slice(8));
  sandbox.addChat({ id: GROUP, title: 'İz grubu', bots: handles });
  const server = await serveSandbox(sandbox, { port: 0 });
  let question: number | undefined;
  try {
    const run = await piyasa(['start', '--config', file, '--seed', '5', '--log-level', 'debug'], {
      env: {
        ...env, PIYASA_TELEGRAM_CHAT_DEMO: String(GROUP), TELEGRAM_API_ROOT: server.url,
        DATABASE_URL: db.url, PIYASA_TOKEN_KEY: TOKEN_KEY, GROQ_API_KEY: GROQ_KEY, GROQ_BASE_URL: groqUrl,
        NATS_USER: 'piyasa-node', NATS_PASSWORD, PIYASA_NODE_ID: 'node-a',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_SERVICE_NAME: 'piyasa-test',
      },
      timeoutMs: 60_000,
      until: () => {
        // Once the bots talk, a person mentions one; stop when its threaded answer is in the group.
        if (question === undefined && sandbox.messages(GROUP).some((m) => m.from.is_bot)) {
          question = sandbox.human({ chatId: GROUP, username: 'deniz', text: `@${handles[1]} EREGL için destek neresi?` }).message_id;
        }
        return question !== undefined && sandbox.messages(GROUP).some((m) => m.from.is_bot && m.reply_to_message?.message_id === question);
      },
    });
    assert.is(run.code, 0, run.stderr.slice(-2000));
    assert.equal(receiver.rejected, [], 'every export decoded');
    const answer = sandbox.messages(GROUP).find((m) => m.from.is_bot && m.reply_to_message?.message_id === question)!;
    const spans = receiver.spans;

    // The answer's trace: found by its Telegram call.
    const send = spans.find((s) => s.name === 'telegram.sendMessage' && s.attributes['telegram.message.id'] === answer.message_id);
    assert.ok(send, 'the answer\'s telegram.sendMessage span was exported');
    const t = traceTree(spans, send.traceId);
    const roots = t.spans.filter((s) => !s.parentSpanId);
    assert.is(roots.length, 1, 'one root');
    const turn = roots[0]!;
    assert.is(turn.name, 'chat.turn');
    assert.is(turn.attributes['piyasa.turn.kind'], 'answer');
    assert.is(turn.attributes['piyasa.turn.speaker'], BOTS[1]);
    assert.is(turn.attributes['piyasa.turn.reply_to'], question);
    assert.match(String(turn.attributes['piyasa.turn.why']), /^addressed: deniz/);
    assert.is(turn.attributes['piyasa.turn.outcome'], 'delivered');
    assert.is(t.parentOf(send)?.spanId, turn.spanId, 'Telegram call under the turn');
    assert.is(send.kind, '3', 'a client span');
    assert.is(send.attributes['http.response.status_code'], 200);
    const compose = t.named('bot.compose');
    assert.is(compose.length, 1, 'one composition in the turn\'s trace');
    assert.is(t.parentOf(compose[0]!)?.spanId, turn.spanId, 'composition under the turn');
    assert.is(compose[0]!.attributes['piyasa.compose.outcome'], 'draft');
    const llm = t.named(/^chat /);
    assert.ok(llm.length >= 1, 'a GenAI span');
    const answered = llm.find((s) => s.status.code === '0')!;
    assert.ok(t.under(answered, compose[0]!), 'the LLM call under the composition');
    assert.is(answered.attributes['gen_ai.system'], 'groq');
    assert.is(answered.attributes['gen_ai.operation.name'], 'chat');
    assert.is(answered.attributes['gen_ai.request.model'], 'openai/gpt-oss-120b');
    assert.is(answered.attributes['piyasa.llm.tier'], 'smart');
    assert.type(answered.attributes['gen_ai.response.model'], 'string');
    assert.ok(Number(answered.attributes['gen_ai.usage.input_tokens']) > 0, 'input tokens');
    assert.ok(Number(answered.attributes['gen_ai.usage.output_tokens']) > 0, 'output tokens');
    assert.type(answered.attributes['gen_ai.usage.cache_read.input_tokens'], 'number');
    for (const name of ['outbox.begin', 'outbox.delivered']) {
      const w = t.named(name);
      assert.is(w.length, 1, name);
      assert.is(t.parentOf(w[0]!)?.spanId, turn.spanId, `${name} under the turn`);
    }
    // No composition anywhere started a trace of its own: each is the child of a turn in its trace.
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    for (const c of spans.filter((s) => s.name === 'bot.compose')) {
      const parent = byId.get(c.parentSpanId);
      assert.ok(parent?.name === 'chat.turn' && parent.traceId === c.traceId, 'a composition under its turn');
    }

    // The person's message: a trace of its own (listener → chat), linked from the answer's turn.
    const update = spans.find((s) => s.name === 'telegram.update' && s.attributes['telegram.message.id'] === question);
    assert.ok(update, 'the person\'s message has its trace');
    assert.is(update.parentSpanId, '', 'it starts a trace');
    const human = traceTree(spans, update.traceId).named('chat.human');
    assert.is(human.length, 1);
    assert.is(human[0]!.parentSpanId, update.spanId, 'the chat continues the listener\'s trace');
    assert.ok(update.traceId !== send.traceId);
    assert.equal(turn.links, [{ traceId: update.traceId, spanId: human[0]!.spanId }], 'the answer links to the person\'s message');

    // The rows carry the traces' ids.
    const sql = (await db.open()).orm.em.getConnection();
    const rows = await sql.execute<{ bot_id: string | null; telegram_message_id: string; trace_id: string | null }[]>(
      'select bot_id, telegram_message_id, trace_id from messages where telegram_message_id in (?, ?)', [answer.message_id, question]);
    assert.is(rows.find((r) => r.bot_id !== null)?.trace_id, send.traceId, 'the answer\'s row');
    assert.is(rows.find((r) => r.bot_id === null)?.trace_id, update.traceId, 'the person\'s row');
    const traced = await sql.execute<{ n: string; t: string }[]>('select count(*) as n, count(trace_id) as t from messages where bot_id is not null and not reaction');
    assert.is(traced[0]!.t, traced[0]!.n, 'every bot message row has its trace id');

    // Resource: who made the spans.
    assert.is(send.resource['service.name'], 'piyasa-test');
    assert.is(send.resource['service.instance.id'], 'node-a');
    assert.type(send.resource['service.version'], 'string');
    assert.ok(groq.requests.length > 0 && groq.requests.every((r) => r.authorization === `Bearer ${GROQ_KEY}`), 'the key was used');

    // No secret in any byte exported, nor in anything the node printed (debug logs included).
    const exported = Buffer.concat(receiver.bodies).toString('latin1');
    const printed = run.stdout + run.stderr;
    const decoded = JSON.stringify(spans, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    const secrets = [GROQ_KEY, GROQ_KEY.slice(4, 20), NATS_PASSWORD, TOKEN_KEY, TOKEN_KEY.slice(0, 16), ...TOKENS, ...TOKENS.map((tk) => tk.split(':')[1]!)];
    for (const secret of secrets) {
      assert.not.ok(exported.includes(secret), `a secret in the exported spans: ${secret.slice(0, 6)}…`);
      assert.not.ok(decoded.includes(secret), `a secret in a decoded span: ${secret.slice(0, 6)}…`);
      assert.not.ok(printed.includes(secret), `a secret in the node's output: ${secret.slice(0, 6)}…`);
    }
    assert.ok(receiver.bodies.length > 0 && run.stderr.includes('"event":"db.ready"'), 'there was something to scan');
  } finally {
    await server.close();
    await groq.close();
  }
});

test.run();
