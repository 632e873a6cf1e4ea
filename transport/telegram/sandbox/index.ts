// Public face of the Telegram sandbox: a local Bot API server with a live web page of the group.
export { Sandbox, type SandboxBotSpec, type SandboxChatSpec, type SandboxOptions, type HumanPost, type RequestRecord } from './sandbox.ts';
export { SandboxApi } from './api.ts';
export { sandboxRoutes, serveSandbox, type SandboxRoutes, type SandboxServer } from './server.ts';
export type { BotCard, MessageView, SandboxEvent, SandboxSnapshot, TgMessage, TgUpdate, TgUser } from './types.ts';
