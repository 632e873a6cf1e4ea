// Composition root of a cluster node: the same actors as single.ts, on the NATS bus. Partitions come
// and go with their leases: taking one raises its fence in PostgreSQL, starts its bots and chats and
// serves its messages (its Telegram listeners too, through `onPartition`); losing or handing one over
// stops them. Every durable write carries the partition's lease revision; every send passes the
// dispatch gate. `command(chatId, …)` reaches the chat's one actor wherever it lives.
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { BotStatus, ChatCommand, CommandReply, EntityAddress, TelegramPort } from '../../actors/index.ts';
import {
  Heartbeats, MembershipView, NatsBus, NatsIntake, NatsLeaseKv, Ownership, PARTITIONS, SystemClock, clusterNames,
  encode, ensureBusStream, fencedTelegram, homeChats, type ClusterNames, type FencedTelegram,
} from '../../transport/index.ts';
import type { PgStore } from '../../persistence/index.ts';
import type { ChangeResult, NodeChange } from './changes.ts';
import { createSingleNode, type NodeStores, type SingleNodeOptions } from './single.ts';

/** How fast the cluster notices and moves things. Defaults: heartbeats every 200 ms, a node suspected
 * after 600 ms of silence (3 beats), leases checked every 100 ms, renewed every 2 s, dropped after 8 s
 * unrenewed, gone from the bucket after 10 s; 500 ms to learn the cluster before taking anything; a
 * silent holder that does not answer a ping within 500 ms is taken over (a dead one at once: no one answers). */
export interface ClusterTiming {
  readonly heartbeatMs: number;
  readonly suspectAfterMs: number;
  readonly tickMs: number;
  readonly renewEveryMs: number;
  readonly leaseTtlMs: number;
  readonly warmupMs: number;
  readonly probeTimeoutMs: number;
}

export const CLUSTER_TIMING: ClusterTiming = {
  heartbeatMs: 200, suspectAfterMs: 600, tickMs: 100, renewEveryMs: 2_000, leaseTtlMs: 10_000, warmupMs: 500, probeTimeoutMs: 500,
};

export interface ClusterNodeOptions extends Omit<SingleNodeOptions, 'bus' | 'hosts' | 'remote' | 'stores' | 'script' | 'humans'> {
  readonly nc: NatsConnection;
  readonly nodeId: string;
  /** The cluster's PostgreSQL (one for all nodes): fencing and the takeover go through it. */
  readonly store: PgStore;
  readonly stores: NodeStores;
  /** Names of everything on NATS start with it (tests isolate clusters on one server). Default piyasa. */
  readonly prefix?: string;
  readonly partitions?: number;
  readonly timing?: Partial<ClusterTiming>;
  /** Runs when a partition starts or stops here (Telegram listeners owned with it). */
  readonly onPartition?: { up(partition: number): void | Promise<void>; down(partition: number): void | Promise<void> };
}

export interface ClusterStatus {
  readonly node: string;
  readonly partitions: readonly number[];
  readonly nodes: readonly string[];
  readonly chats: number;
  readonly bots: number;
  readonly ownership: Ownership['stats'];
  /** Writes the database refused for a stale revision, and sends the gate refused. */
  readonly fenced: { readonly writes: number; readonly dispatch: number };
  readonly bus: NatsBus['stats'];
  readonly deadLetters: number;
  readonly sent: number;
}

/** Builds and starts a cluster node; resolves once it takes part (heartbeats, leases). */
export async function startClusterNode(o: ClusterNodeOptions) {
  const timing = { ...CLUSTER_TIMING, ...o.timing };
  const names: ClusterNames = clusterNames(o.prefix);
  const partitions = o.partitions ?? PARTITIONS;
  const wall = new SystemClock();
  const { config, logger, nc, nodeId } = o;
  await ensureBusStream(nc, names, { partitions });
  const kv = await NatsLeaseKv.open(nc, names.leases, { ttlMs: timing.leaseTtlMs });
  const view = new MembershipView({ self: nodeId, suspectAfterMs: timing.suspectAfterMs });
  let node: ReturnType<typeof createSingleNode> | undefined;
  const bus = new NatsBus({
    nc, names, partitions, logger, homeOf: homeChats(config.chats), now: () => wall.now(),
    deadLetters: { put: (l) => node?.deadLetters.put(l), list: () => node?.deadLetters.list() ?? [] },
  });

  // Which entities live in each partition.
  const members = new Map<number, EntityAddress[]>();
  const add = (a: EntityAddress): void => {
    const p = bus.partitionOf(a);
    const list = members.get(p) ?? [];
    if (!list.some((e) => e.kind === a.kind && e.id === a.id)) members.set(p, [...list, a]);
  };
  const remove = (a: EntityAddress): void => {
    const p = bus.partitionOf(a);
    members.set(p, (members.get(p) ?? []).filter((e) => e.kind !== a.kind || e.id !== a.id));
  };
  for (const b of config.bots) add({ kind: 'bot', id: b.id });
  for (const c of config.chats) add({ kind: 'chat', id: c.id });
  const entities = (p: number): EntityAddress[] => members.get(p) ?? [];
  const chatsOf = (p: number): string[] => entities(p).filter((e) => e.kind === 'chat').map((e) => e.id);

  let fenced: FencedTelegram | undefined;
  let heartbeats: Heartbeats | undefined;
  const ownership = new Ownership({
    view, kv, clock: wall, logger, partitions, tickMs: timing.tickMs, renewEveryMs: timing.renewEveryMs,
    expireAfterMs: timing.leaseTtlMs - 2_000, warmupMs: timing.warmupMs,
    probe: (target) => heartbeats!.probe(target),
    hooks: {
      async activate(p, fence) {
        const took = await o.store.takeOver(p, fence, nodeId, chatsOf(p));
        if (!took) return false;
        node!.activate(entities(p));
        bus.own(p);
        await o.onPartition?.up(p);
        logger.info('partition.up', { partition: p, fence, ambiguous: took.ambiguous.length, entities: entities(p).length });
        return true;
      },
      async deactivate(p, why) {
        await o.onPartition?.down(p);
        await bus.disown(p);
        // Handing over: the turn in hand gets a bounded time to finish under this lease (a send still
        // waiting after that is refused at its next attempt by the gate), and what it wrote is
        // committed before the lease goes. Lost or expired: stop, no waiting (nothing may go out).
        const graceful = why === 'released' || why === 'leaving';
        const stopped = node!.deactivate(entities(p));
        if (graceful) {
          await Promise.race([stopped, new Promise((r) => setTimeout(r, why === 'leaving' ? 5_000 : 1_000))]);
          await o.store.writer.drained(2_000);
        }
        logger.info('partition.down', { partition: p, why });
      },
    },
  });
  heartbeats = new Heartbeats({
    nc, names, view, clock: wall, logger, rejects: bus.rejects, partitions, holds: () => ownership.claimed(),
    everyMs: timing.heartbeatMs, probeTimeoutMs: timing.probeTimeoutMs,
  });

  const chatPartition = (chatId: string): number => bus.partitionOf({ kind: 'chat', id: chatId });
  const gate = {
    mayDispatch: (chatId: string) => ownership.mayDispatch(chatPartition(chatId)),
    holds: (chatId: string) => ownership.fenceOf(chatPartition(chatId)) !== undefined,
  };
  o.store.useFencing({
    tokenOf(kind, id) {
      const partition = bus.partitionOf({ kind, id });
      const revision = ownership.fenceOf(partition);
      return revision === undefined ? undefined : { partition, revision };
    },
  });
  const wrap = (t: TelegramPort): TelegramPort => (fenced = fencedTelegram(o.wrapTelegram ? o.wrapTelegram(t) : t, gate, wall));
  node = createSingleNode({
    ...o, bus, stores: { ...o.stores, humanRecorded: (chatId, messageId) => o.store.humanRecorded(chatId, messageId) }, wrapTelegram: wrap, script: false, hosts: () => false,
    humans: { onHuman: () => () => undefined },
  });
  const intake = new NatsIntake(bus);

  bus.serve('chat', async (to, body) => {
    const b = body as { op?: unknown; command?: unknown };
    if (b?.op !== 'command' || typeof b.command !== 'object' || b.command === null) return { ok: false, error: 'expected {"op":"command","command":{…}}' };
    return node!.command(to.id, b.command as ChatCommand);
  });
  bus.serve('bot', async (to, body) => {
    if ((body as { op?: unknown })?.op !== 'status') return { ok: false, error: 'expected {"op":"status"}' };
    const status = await node!.botStatus(to.id);
    return status ? { ok: true, ...status } : { ok: false, error: `no bot "${to.id}" here` };
  });

  const status = (): ClusterStatus => ({
    node: nodeId, partitions: ownership.owned(), nodes: view.live(wall.now()), chats: node!.chats.size, bots: node!.bots.size,
    ownership: { ...ownership.stats }, fenced: { writes: o.store.fencedTotal, dispatch: fenced?.refused ?? 0 },
    bus: { ...bus.stats }, deadLetters: node!.deadLetters.list().length, sent: node!.telegram.sentCount,
  });
  const statusSub: Subscription = nc.subscribe(names.nodeStatus(nodeId), { callback: (_e, m) => void m.respond(encode(status())) });

  /** A change from a command, here or broadcast by another node: every node keeps the catalog and the
   * partitions' member lists; the owner of the new (or enabled) entity's partition starts its actor. */
  async function apply(change: NodeChange): Promise<ChangeResult> {
    const result = await node!.apply(change);
    const entity: EntityAddress | undefined = change.kind === 'bot.add' || change.kind === 'bot.enable' ? { kind: 'bot', id: change.bot.id }
      : change.kind === 'chat.add' ? { kind: 'chat', id: change.chat.id } : undefined;
    if (entity) {
      add(entity);
      if (ownership.fenceOf(bus.partitionOf(entity)) !== undefined) {
        node!.activate([entity]);
        return { ...result, started: [...(result.started ?? []), `${entity.kind}:${entity.id}`] };
      }
    }
    if (change.kind === 'bot.remove' || change.kind === 'bot.disable') remove({ kind: 'bot', id: change.botId });
    if (change.kind === 'chat.remove') remove({ kind: 'chat', id: change.chatId });
    return result;
  }

  node.start();
  heartbeats.start();
  ownership.start();
  let left = false;

  return {
    node, bus, ownership, view, names, intake, status,
    /** May this node act for the chat now (its partition's lease confirmed)? */
    mayDispatch: gate.mayDispatch,
    /** A chat command answered by the chat's one actor, wherever it lives now. */
    async command(chatId: string, command: ChatCommand): Promise<CommandReply> {
      try {
        return (await bus.request({ kind: 'chat', id: chatId }, { op: 'command', command })) as CommandReply;
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
    apply,
    /** A bot's mood and budget, asked of the bot's actor wherever it lives. */
    async botStatus(botId: string): Promise<BotStatus | undefined> {
      const r = await bus.request({ kind: 'bot', id: botId }, { op: 'status' }).catch(() => undefined) as (BotStatus & { ok?: boolean }) | undefined;
      if (!r || r.ok === false) return undefined;
      const { ok: _ok, ...status } = r;
      return status as BotStatus;
    },
    /** The live nodes and the partitions each holds, asked of each (one that does not answer in 1 s is left out). */
    async members(): Promise<readonly { id: string; partitions: readonly number[] }[]> {
      const ids = view.live(wall.now());
      const answers = await Promise.all(ids.map(async (id) => {
        if (id === nodeId) return { id, partitions: ownership.owned() };
        try {
          const m = await nc.request(names.nodeStatus(id), undefined, { timeout: 1_000 });
          return { id, partitions: (JSON.parse(m.string()) as ClusterStatus).partitions };
        } catch {
          return undefined;
        }
      }));
      return answers.filter((a) => a !== undefined);
    },
    /** Graceful leave: the others stop placing partitions here, each partition's turn in hand
     * finishes, its writes are committed, its lease released — its successor takes it at once. */
    async leave(timeoutMs = 15_000): Promise<void> {
      if (left) return;
      left = true;
      view.leaving = true;
      heartbeats!.beat();
      await ownership.leave(timeoutMs);
      heartbeats!.stop();
      statusSub.unsubscribe();
      await bus.close();
      await node!.stop();
    },
  };
}

export type ClusterNode = Awaited<ReturnType<typeof startClusterNode>>;
