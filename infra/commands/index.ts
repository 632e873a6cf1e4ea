// Public face of infra/commands: the command service (chat and cluster commands), its NATS edge, and
// where command changes are kept.
export type { CatalogStore, CommandCaller, CommandNode, CommandService, NodeView } from './types.ts';
export { createCommandService, type CommandServiceOptions } from './service.ts';
export { CHAT_COMMANDS } from './chat.ts';
export { CLUSTER_COMMANDS } from './cluster.ts';
export { MAX_BODY_BYTES } from './body.ts';
export { serveCommands, natsCaller, COMMAND_QUEUE, type CommandEdgeOptions } from './nats.ts';
export { bridgeChatEvents } from './bridge.ts';
export { commandNodeOf, applyChangesFrom, CHANGE_SUBJECT, type CommandNodeOptions } from './node.ts';
export { memoryCatalogStore, pgCatalogStore } from './stores.ts';
export { startNodeCommands, type NodeCommands, type NodeCommandsOptions } from './run.ts';
