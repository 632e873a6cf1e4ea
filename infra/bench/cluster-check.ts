// The checks a cluster run ends with, computed from what the sandbox recorded and what the database
// holds — not from the nodes' own counters: sends per outbox key (a key twice is a duplicate), the
// people's messages the sandbox took that never reached the messages table, and writes the database
// accepted with a lease revision older than a fence already raised for their partition (from the
// nodes' partition.up lines). Written from the rules, sharing no code with what it checks.
import type { ClusterRun } from './cluster-run.ts';
import type { NodeEvent } from './cluster-proc.ts';

export interface ClusterCheck {
  readonly sends: number;
  readonly duplicateKeys: readonly string[];
  readonly withoutKey: number;
  readonly humans: number;
  /** `<chat>/<Telegram message id>` of each person's message with no row. */
  readonly lostHumans: readonly string[];
  readonly staleWrites: readonly string[];
}

/** The partition of a chat, recomputed here (FNV-1a of "chat:<id>" mod 64, as DESIGN §4 fixes it). */
function partitionOfChat(chatId: string, partitions = 64): number {
  let h = 0x811c9dc5;
  const s = `chat:${chatId}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % partitions;
}

/** `humans`: the people's messages written through the sandbox, by chat (their Telegram ids). */
export async function checkCluster(run: ClusterRun, humans: ReadonlyMap<string, readonly number[]>, events: readonly NodeEvent[]): Promise<ClusterCheck> {
  const sends = await run.sends();
  const perKey = new Map<string, number>();
  for (const s of sends) if (s.key) perKey.set(s.key, (perKey.get(s.key) ?? 0) + 1);
  const duplicateKeys = [...perKey].filter(([, n]) => n > 1).map(([k]) => k);

  const lostHumans: string[] = [];
  let total = 0;
  for (const [chat, ids] of humans) {
    total += ids.length;
    const rows = await run.query<{ tg: string }>('select telegram_message_id as tg from messages where chat_id = ? and bot_id is null', [chat]);
    const have = new Set(rows.map((r) => Number(r.tg)));
    for (const id of ids) if (!have.has(id)) lostHumans.push(`${chat}/${id}`);
  }

  // Fences raised, by partition: (revision, when the new owner reported it up).
  const raised = new Map<number, { rev: number; at: number }[]>();
  for (const e of events) {
    if (e.event !== 'partition.up') continue;
    const p = Number(e.fields.partition);
    raised.set(p, [...(raised.get(p) ?? []), { rev: Number(e.fields.fence), at: e.at }]);
  }
  const rows = await run.query<{ key: string; chat: string; rev: string; at: Date }>(
    `select idempotency_key as key, chat_id as chat, owner_revision as rev, updated_at as at from outbox where state = 'sent'`);
  const staleWrites: string[] = [];
  for (const r of rows) {
    const written = new Date(r.at).getTime();
    const newer = (raised.get(partitionOfChat(r.chat)) ?? []).find((f) => f.rev > Number(r.rev) && f.at < written);
    if (newer) staleWrites.push(`${r.key} (revision ${r.rev}, written after fence ${newer.rev} was up)`);
  }
  return { sends: sends.length, duplicateKeys, withoutKey: sends.filter((s) => !s.key).length, humans: total, lostHumans, staleWrites };
}

/** One kill -9 measured from the nodes' lines: detection (the first survivor's `node.down` for the
 * victim) and failover (every partition the victim held up again somewhere), in ms after `killAt`. */
export async function measureKill(run: ClusterRun, victim: string, held: readonly number[], killAt: number, timeoutMs = 20_000): Promise<{ detection: number | undefined; failover: number }> {
  const survivors = [...run.nodes.entries()].filter(([id, p]) => id !== victim && p.alive).map(([, p]) => p);
  const downs = await Promise.all(survivors.map((p) => p.waitFor((e) => e.event === 'node.down' && e.fields.node === victim && e.at >= killAt, timeoutMs).catch(() => undefined)));
  const seen = downs.filter((d) => d !== undefined).map((d) => d.at - killAt);
  let failover = 0;
  const end = Date.now() + timeoutMs;
  for (const partition of held) {
    for (;;) {
      const up = [...run.nodes.values()].flatMap((n) => n.events).find((e) => e.event === 'partition.up' && Number(e.fields.partition) === partition && e.at >= killAt);
      if (up) {
        failover = Math.max(failover, up.at - killAt);
        break;
      }
      if (Date.now() > end) throw new Error(`partition ${partition} of ${victim} not served again within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { detection: seen.length ? Math.min(...seen) : undefined, failover };
}
