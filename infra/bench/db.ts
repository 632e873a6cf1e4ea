// `piyasa bench db`: sustained delivered-message writes per second on PostgreSQL. Each message is
// claimed (its outbox row written `sending`, awaited, as before a Telegram call) and then delivered —
// message row + outbox row sent + budget debit — awaiting its commit as the chat actor does; the
// deliveries of many chats share a transaction (group commit, a batch per transaction).
import { randomBytes } from 'node:crypto';
import { Catalog, Database, PgStore } from '../../persistence/index.ts';
import { DEFAULT_SETTINGS } from '../config/index.ts';
import { jsonLogger } from '../log.ts';
import { numberFlag, stringFlag, type Flags } from '../cli/args.ts';
import { Progress } from './progress.ts';
import type { Persona } from '../../actors/index.ts';

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0;
}

export async function dbBench(flags: Flags): Promise<number> {
  const server = stringFlag(flags, 'server', 'postgresql://postgres@127.0.0.1:5432');
  const messages = numberFlag(flags, 'messages', 50_000, { min: 1, integer: true });
  const chats = numberFlag(flags, 'chats', 100, { min: 1, integer: true });
  const bots = numberFlag(flags, 'bots', 1_000, { min: 1, integer: true });
  const batch = numberFlag(flags, 'batch', 500, { min: 1, integer: true });
  const pool = numberFlag(flags, 'pool', 8, { min: 2, integer: true });
  const name = `piyasa_bench_${randomBytes(4).toString('hex')}`;
  const logger = jsonLogger('warn');
  const commits: number[] = [];
  const sizes: number[] = [];
  const db = await Database.open(`${server}/${name}`, { create: true, poolSize: pool });
  console.log(`piyasa bench db — node ${process.version}, ${messages} messages from ${bots} bots in ${chats} chats (each chat sends one at a time), batches ≤ ${batch}, pool ${pool}, database ${name}`);
  try {
    await db.migrate();
    const personas = Array.from({ length: bots }, (_, i) => ({
      id: `b${i}`, handle: `b${i}_bot`, name: `Bot ${i}`, emotionBaseline: { valence: 0, arousal: 0.5, confidence: 0.5, irritation: 0 }, stances: [], holdings: [],
    })) as unknown as Persona[];
    await new Catalog(db).upsert({ bots: personas, chats: [], settings: DEFAULT_SETTINGS }, 0);
    const store = new PgStore(db, logger, { batch, onCommit: (n, ms) => (sizes.push(n), commits.push(ms)) });
    const progress = new Progress('db');
    let next = 0;
    let done = 0;
    const t0 = performance.now();
    const at0 = Date.now();
    // One sequencer per chat, as in the engine: claim, send (nothing here), deliver and wait for the commit.
    await Promise.all(Array.from({ length: chats }, async (_, c) => {
      for (let turn = 1; ; turn++) {
        const i = next++;
        if (i >= messages) return;
        const botId = `b${i % bots}`;
        const at = at0 + i;
        const key = `c${c}:${botId}:${turn}`;
        const text = `bench message ${i} from ${botId}`;
        if (await store.begin({ idempotencyKey: key, chatId: `c${c}`, botId, turnId: turn, text, at }) !== 'send') throw new Error(`claim refused: ${key}`);
        await store.delivered({ idempotencyKey: key, message: { seq: turn, chatId: `c${c}`, messageId: turn, botId, speaker: botId, text, at } });
        done++;
        if (store.writer.backlog > 20 * batch) await store.writer.drained(); // back-pressure, like a full mailbox
        progress.update(done - store.writer.backlog, messages, performance.now() - t0);
      }
    }));
    await store.writer.drained(60_000);
    const wallMs = performance.now() - t0;
    progress.done();
    const [{ n }] = (await db.orm.em.getConnection().execute<{ n: string }[]>(`select count(*) as n from outbox o join messages m using (idempotency_key) where o.state = 'sent'`)) as [{ n: string }];
    const sorted = [...commits].sort((a, b) => a - b);
    console.log(`delivered ${n} messages in ${(wallMs / 1000).toFixed(2)} s: ${Math.round(Number(n) / (wallMs / 1000))} delivered messages/s`);
    console.log(`commits: ${commits.length} transactions, mean ${Math.round(sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length))} messages each; commit latency p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms`);
    await store.close();
    return Number(n) === messages ? 0 : 1;
  } finally {
    await db.close();
    const admin = await Database.open(`${server}/postgres`);
    await admin.orm.em.getConnection().execute(`drop database if exists "${name}" with (force)`);
    await admin.close();
  }
}
