// The contract of the command handlers: one implementation behind every way in — NATS request/reply
// (`piyasa.chat.<id>.cmd`, `piyasa.cmd`), the sandbox page's buttons and the operator console. Each
// way in parses its transport and calls these; none validates or applies a command itself.
import type { CommandReply } from '../../actors/index.ts';

/** Who sent a command, for the log line of every command that changes something. */
export interface CommandCaller {
  /** The NATS user, the console user, or "sandbox" for the demo page. */
  readonly user: string;
  readonly via: 'nats' | 'console' | 'sandbox' | 'cli';
}

export interface CommandService {
  /** A chat command (`{"cmd": "pause"}` …) for `chatId`, answered by that chat's one actor wherever it
   * lives. `body` is untrusted JSON: a malformed one is answered `{ ok: false, error }`, never thrown. */
  chat(chatId: string, body: unknown, caller: CommandCaller): Promise<CommandReply>;
  /** A cluster command (`status`, `bots.add`, `chats.add`, `settings.set` …). Same rules. */
  cluster(body: unknown, caller: CommandCaller): Promise<CommandReply>;
}
