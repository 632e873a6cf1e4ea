// The commands of a running node wired in one call: the service over the node, and — with a NATS
// connection — the command subjects served and the chat events published there.
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../../actors/index.ts';
import type { SingleNode } from '../root/single.ts';
import { bridgeChatEvents } from './bridge.ts';
import { serveCommands } from './nats.ts';
import { commandNodeOf, type CommandNodeOptions } from './node.ts';
import { createCommandService } from './service.ts';
import { memoryCatalogStore } from './stores.ts';
import type { CatalogStore, CommandService } from './types.ts';

export interface NodeCommandsOptions extends Omit<CommandNodeOptions, 'logger'> {
  readonly node: SingleNode;
  readonly logger: Logger;
  /** Receives the audit line of every change; the logger by default. */
  readonly audit?: Logger;
  /** Where changes are kept; nowhere by default (memories in the node's in-memory store, if it has one). */
  readonly store?: CatalogStore;
  /** Serve the command subjects and publish the chat events on this connection. */
  readonly nats?: NatsConnection;
  /** Subject prefix on NATS (default "piyasa"). */
  readonly prefix?: string;
  /** Copy the node's chat events from its bus to NATS (default true). A cluster node's bus is NATS:
   * its events are there already. */
  readonly bridge?: boolean;
}

export interface NodeCommands {
  readonly service: CommandService;
  /** Stops serving NATS and applying other nodes' changes. */
  stop(): Promise<void>;
}

export function startNodeCommands(o: NodeCommandsOptions): NodeCommands {
  const { node, logger } = o;
  const target = commandNodeOf(node, { ...o, logger });
  const service = createCommandService({ node: target, store: o.store ?? memoryCatalogStore(node.stores.memories), audit: o.audit ?? logger, logger, now: () => node.clock.now() });
  const served = o.nats ? serveCommands(o.nats, service, { logger, ...(o.prefix ? { prefix: o.prefix } : {}) }) : undefined;
  const unbridge = o.nats && o.bridge !== false ? bridgeChatEvents(node.bus, o.nats, o.prefix) : undefined;
  return {
    service,
    async stop() {
      unbridge?.();
      await served?.stop();
      target.close();
    },
  };
}
