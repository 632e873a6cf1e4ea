// The LLM quota shared by three processes over a simulated day, against the local Groq-compatible
// server in free-tier mode: 0 answers of 429, the server's count for the day within every limit, and
// the busy process using far more than a static third. How a day is simulated honestly: the server
// and the three processes run on SystemClock with one origin (clock time T0 at wall time W0) and one
// speed (PIYASA_QUOTA_DAY_SPEED, default 720: a day in two minutes), so they agree on the time without
// talking; the server's rolling minute and UTC day count that time, the processes' quotas too. The
// processes are quota clients with a node's whole LLM chain (not yet `piyasa node`, which is not on
// main): each reserves through one PostgreSQL row per model (compare-and-set), on its own database.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FREE_TIER, GroqLikeServer, SystemClock } from '../../transport/index.ts';
import { DEFAULT_FAST_MODEL, DEFAULT_SMART_MODEL } from '../../infra/config/index.ts';
import { createTestDatabase } from '../contract/pg-db.ts';

const KEY = 'gsk_quotaCLUSTERdoNOTleak0123456';
const DAY = 86_400_000;
const MINUTE = 60_000;
const SPEED = Number(process.env.PIYASA_QUOTA_DAY_SPEED ?? 720);
const NODE = fileURLToPath(new URL('./quota-node.ts', import.meta.url));

interface NodeReport { node: string; drafts: number; calls: number; served: Record<string, number>; skipped: Record<string, number>; tokens: number }

function runNode(args: string[]): Promise<NodeReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', NODE, ...args], { env: { ...process.env, GROQ_API_KEY: KEY }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`quota node ${args[2]} exited ${code}: ${err.slice(-2_000)}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as NodeReport);
    });
  });
}

/** The most of `value` in any window of `windowMs` (own count, not the server's). */
function most(events: readonly { at: number; value: number }[], windowMs: number): number {
  let best = 0, sum = 0;
  for (let i = 0, j = 0; i < events.length; i++) {
    sum += events[i]!.value;
    while (events[i]!.at - events[j]!.at >= windowMs) sum -= events[j++]!.value;
    best = Math.max(best, sum);
  }
  return best;
}

test(`three processes on one quota, a simulated day at ×${SPEED}: no 429, within the free tier, the busy one uses what the idle ones leave`, async () => {
  const t = await createTestDatabase();
  const day0 = Math.floor(Date.UTC(2026, 10, 24) / DAY) * DAY;
  const origin = { wall: Date.now() + 3_000, at: day0 + MINUTE }; // processes start in the 3 s before the day does
  const clock = new SystemClock({ speed: SPEED, origin });
  const server = new GroqLikeServer({ clock, apiKey: KEY, limits: FREE_TIER });
  const baseURL = await server.listen();
  try {
    const until = String(day0 + DAY - 5 * MINUTE);
    const common = [t.url, baseURL];
    const at = [String(origin.wall), String(origin.at), String(SPEED), until];
    const reports = await Promise.all([
      runNode([...common, 'busy', ...at, String(20_000), '30']), // a draft every 20 s, an answer in 30
      runNode([...common, 'idle-1', ...at, String(30 * MINUTE), '4']),
      runNode([...common, 'idle-2', ...at, String(45 * MINUTE), '3']),
    ]);
    const ok = server.requests.filter((r) => r.status === 200);
    const refused = server.requests.filter((r) => r.status === 429);
    assert.is(refused.length, 0, `the server answered 429 ${refused.length} times`);
    assert.ok(server.requests.every((r) => r.authorization === `Bearer ${KEY}`));
    for (const model of [DEFAULT_FAST_MODEL, DEFAULT_SMART_MODEL]) {
      const mine = ok.filter((r) => r.model === model && r.at >= day0 && r.at < day0 + DAY);
      const tokens = mine.reduce((s, r) => s + (r.tokens ?? 0), 0);
      assert.ok(mine.length <= FREE_TIER.rpd, `${model}: ${mine.length} requests in the day`);
      assert.ok(tokens <= FREE_TIER.tpd, `${model}: ${tokens} tokens in the day`);
      assert.ok(most(mine.map((r) => ({ at: r.at, value: 1 })), MINUTE) <= FREE_TIER.rpm, `${model}: RPM passed`);
    }
    const calls = reports.reduce((s, r) => s + r.calls, 0);
    assert.is(calls, server.requests.length, 'every call a node made reached the server once');
    const busy = reports.find((r) => r.node === 'busy')!;
    const fastTokens = ok.filter((r) => r.model === DEFAULT_FAST_MODEL).reduce((s, r) => s + (r.tokens ?? 0), 0);
    assert.ok(fastTokens > 0.6 * FREE_TIER.tpd, `the day's routine quota was hardly used: ${fastTokens} tokens`);
    assert.ok(busy.calls > 0.75 * calls, `the busy node made ${busy.calls} of ${calls} calls`);
    assert.ok(busy.tokens > FREE_TIER.tpd / 3 * 1.3, `the busy node used ${busy.tokens} tokens: no more than a static third would allow`);
    console.log(`  ${reports.map((r) => `${r.node}: ${r.calls} calls, ${r.tokens} tokens, drafts ${r.drafts} (smart ${r.served.smart}, fast ${r.served.fast}, offline ${r.served.offline})`).join('; ')}`);
    console.log(`  server: ${ok.length} served, ${refused.length} × 429; ${DEFAULT_FAST_MODEL} ${fastTokens} tokens of ${FREE_TIER.tpd}`);
  } finally {
    await server.close();
    await t.drop();
  }
});

test.run();
