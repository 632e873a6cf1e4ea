// A node as the command service sees it: its chats' commands, its catalog, and changes applied here
// and shared with the other nodes on the bus subject `piyasa.cluster.change` (on one node the bus is
// in-process and nobody else hears it).
import type { BusPort, Logger } from '../../actors/index.ts';
import type { SingleNode } from '../root/single.ts';
import type { ChangeResult, NodeChange } from '../root/changes.ts';
import type { CommandNode, NodeView } from './types.ts';

/** Subject of the change events every node applies. */
export const CHANGE_SUBJECT = 'piyasa.cluster.change';

interface ChangeEvent {
  readonly origin: string;
  readonly change: NodeChange;
}

export interface CommandNodeOptions {
  readonly id: string;
  readonly logger: Logger;
  /** Applies a change here (the Telegram root's, which also tells Telegram); the node's by default. */
  readonly apply?: (change: NodeChange) => Promise<ChangeResult>;
  readonly check?: (change: NodeChange) => string | undefined;
  readonly llmUsage?: () => object | undefined;
  readonly members?: () => Promise<readonly NodeView[]>;
  /** Reaches a chat's actor (a cluster node's, by request to the chat's owner); the node's own by default. */
  readonly command?: CommandNode['command'];
  /** A bot's status wherever it runs; the node's own by default. */
  readonly botStatus?: CommandNode['botStatus'];
}

/** Applies the changes other nodes publish on `bus`; returns the unsubscribe function. */
export function applyChangesFrom(bus: BusPort, id: string, apply: (change: NodeChange) => Promise<ChangeResult>, logger: Logger): () => void {
  return bus.subscribe(CHANGE_SUBJECT, (_subject, payload) => {
    const e = payload as Partial<ChangeEvent> | undefined;
    if (!e || typeof e.change !== 'object' || e.origin === id) return;
    apply(e.change).catch((error: unknown) => logger.error('change.not-applied', { origin: e.origin, kind: e.change?.kind, error: error instanceof Error ? error.message : String(error) }));
  });
}

/** `node` behind the CommandNode interface; `close()` stops applying other nodes' changes. */
export function commandNodeOf(node: SingleNode, o: CommandNodeOptions): CommandNode & { close(): void } {
  const apply = o.apply ?? node.apply;
  const close = applyChangesFrom(node.bus, o.id, apply, o.logger);
  return {
    id: o.id,
    partitions: node.bus.partitions,
    command: o.command ?? node.command,
    botStatus: o.botStatus ?? node.botStatus,
    catalog: node.catalog,
    apply,
    broadcast: (change) => node.bus.publish(CHANGE_SUBJECT, { origin: o.id, change } satisfies ChangeEvent),
    hosted: () => ({ bots: node.bots.size, chats: node.chats.size }),
    ...(o.check ? { check: o.check } : {}),
    ...(o.llmUsage ? { llmUsage: o.llmUsage } : {}),
    ...(o.members ? { members: o.members } : {}),
    close,
  };
}
