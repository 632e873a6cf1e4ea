// Fencing in the database: the partition_fences row of a partition holds the lease revision of its
// newest owner. Taking a partition raises it (refused when a newer owner already did) and settles the
// sends the previous owner left in flight (ambiguous: never resent, debited). A write carries the
// writer's revision; in its transaction the fence rows are read FOR SHARE, so a write commits either
// before a takeover raised the fence or not at all.
import { PiyasaError } from '../../actors/index.ts';
import type { Query } from './sql.ts';

/** A write refused because a newer owner holds its partition (or this node holds it no more). */
export class FencedWrite extends PiyasaError {
  override readonly name = 'FencedWrite';
}

/** The fencing token an entity's writes carry: its partition and the writer's lease revision. */
export interface FenceToken {
  readonly partition: number;
  readonly revision: number;
}

/** Where the store learns the token of each write (the cluster's ownership); undefined: not ours. */
export interface Fencing {
  tokenOf(kind: 'chat' | 'bot', id: string): FenceToken | undefined;
}

/** What a takeover found: the sends the previous owner had in flight, now ambiguous. */
export interface Takeover {
  readonly ambiguous: readonly { readonly key: string; readonly chatId: string; readonly botId: string; readonly at: number }[];
}

/** Locks the fences of the partitions the tokens name (FOR SHARE, until the transaction ends) and
 * returns a test: is a write carrying this token stale (its partition fenced above it)? */
export async function fenceCheck(q: Query, tokens: readonly (FenceToken | undefined)[]): Promise<(t: FenceToken | undefined) => boolean> {
  const partitions = [...new Set(tokens.filter((t) => t !== undefined).map((t) => t.partition))];
  if (partitions.length === 0) return () => false;
  const rows = await q<{ partition: number; revision: string | number }>(
    'select partition, revision from partition_fences where partition = any(?::int[]) for share', [partitions]);
  const fence = new Map(rows.map((r) => [Number(r.partition), Number(r.revision)]));
  return (t) => t !== undefined && (fence.get(t.partition) ?? 0) > t.revision;
}

const RAISE = `insert into partition_fences (partition, revision, node) values (?, ?, ?)
  on conflict (partition) do update set revision = excluded.revision, node = excluded.node, updated_at = now()
    where partition_fences.revision <= excluded.revision
  returning revision`;

const IN_FLIGHT = `update outbox set state = 'ambiguous', updated_at = now()
  where chat_id = any(?::text[]) and state in ('sending', 'pending')
  returning idempotency_key, chat_id, bot_id, at`;

/** Raises the fence of `partition` to `revision` for `node` and settles what its chats had in flight.
 * Undefined when the fence is already higher (a newer owner exists: give the lease back). `debit`
 * charges the ambiguous sends to their bots' budgets in the same transaction. */
export async function raiseFence(q: Query, partition: number, revision: number, node: string, chats: readonly string[], debit: (rows: Takeover['ambiguous']) => Promise<void>): Promise<Takeover | undefined> {
  const raised = await q(RAISE, [partition, revision, node]);
  if (raised.length === 0) return undefined;
  if (chats.length === 0) return { ambiguous: [] };
  const rows = await q<{ idempotency_key: string; chat_id: string; bot_id: string; at: string | number }>(IN_FLIGHT, [[...chats]]);
  const ambiguous = rows.map((r) => ({ key: r.idempotency_key, chatId: r.chat_id, botId: r.bot_id, at: Number(r.at) }));
  if (ambiguous.length) await debit(ambiguous);
  return { ambiguous };
}
