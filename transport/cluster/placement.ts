// Where entities live in a cluster: a fixed number of partitions, a bot in its home chat's partition
// (so a bot and the chat it talks in most share a node), and which live node owns each partition —
// rendezvous hashing with a load cap, so every node computes the same balanced table from the same
// set of live nodes and a join or a leave moves about 1/N of the partitions. Pure functions.
import { fnv1a, type EntityAddress } from '../../actors/index.ts';

/** Partitions of a cluster unless configured otherwise (≈10× the nodes a cluster is expected to have). */
export const PARTITIONS = 64;

/** A bot's home chat: the first chat it is a member of (undefined for a bot in no chat). */
export type HomeOf = (botId: string) => string | undefined;

/** Home chats from the config's chats (each bot → the first chat listing it). */
export function homeChats(chats: readonly { readonly id: string; readonly members: readonly string[] }[]): HomeOf {
  const home = new Map<string, string>();
  for (const c of chats) for (const b of c.members) if (!home.has(b)) home.set(b, c.id);
  return (botId) => home.get(botId);
}

/** The partition of an entity: a chat by its id, a bot by its home chat's id (its own id when homeless). */
export function partitionOf(address: EntityAddress, partitions: number, homeOf: HomeOf): number {
  const chat = address.kind === 'chat' ? address.id : homeOf(address.id);
  return chat !== undefined ? fnv1a(`chat:${chat}`) % partitions : fnv1a(`bot:${address.id}`) % partitions;
}

/** A well-mixed 32-bit score of (node, partition) — fnv1a alone clusters on similar names. */
export function score(node: string, partition: number): number {
  let h = fnv1a(`${node}#${partition}`);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The owner of every partition among `nodes`: pairs (partition, node) are taken best score first,
 * each node up to ⌈P/N⌉ partitions — rendezvous hashing with a load bound. Deterministic in the
 * set of nodes (their order does not matter); empty nodes → every entry undefined.
 */
export function placement(nodes: readonly string[], partitions: number): (string | undefined)[] {
  const owners = new Array<string | undefined>(partitions).fill(undefined);
  const live = [...new Set(nodes)].sort();
  if (live.length === 0) return owners;
  const cap = Math.ceil(partitions / live.length);
  const pairs: { p: number; node: string; s: number }[] = [];
  for (let p = 0; p < partitions; p++) for (const node of live) pairs.push({ p, node, s: score(node, p) });
  pairs.sort((a, b) => b.s - a.s || a.p - b.p || (a.node < b.node ? -1 : 1));
  const load = new Map<string, number>();
  let left = partitions;
  for (const { p, node } of pairs) {
    if (owners[p] !== undefined || (load.get(node) ?? 0) >= cap) continue;
    owners[p] = node;
    load.set(node, (load.get(node) ?? 0) + 1);
    if (--left === 0) break;
  }
  return owners;
}
