// The audit trail of commands: a decorator over the CommandService that records who sent which
// command that changes something, to what, when, and whether it was done. Read-only commands
// (`status`) are not recorded.
import type { CommandCaller, CommandService } from '../commands/types.ts';
import type { ConsoleStore } from './auth/store.ts';

const READ_ONLY = new Set(['status']);
const MAX_DETAIL = 2_000;

function cmdOf(body: unknown): string {
  const cmd = (body as { cmd?: unknown } | null)?.cmd;
  return typeof cmd === 'string' ? cmd.slice(0, 40) : '?';
}

/** The body as recorded: bounded, and never a field that looks like a secret. */
function detail(body: unknown): unknown {
  const text = JSON.stringify(body, (k, v: unknown) => (/token|password|secret/i.test(k) ? '***' : v)) ?? 'null';
  return text.length <= MAX_DETAIL ? JSON.parse(text) : { truncated: text.slice(0, MAX_DETAIL) };
}

/** Which entity a cluster command names, for the audit's "target" column. */
function targetOf(body: unknown): string | undefined {
  const b = (body ?? {}) as Record<string, unknown>;
  for (const key of ['id', 'bot', 'chat', 'key']) if (typeof b[key] === 'string') return b[key];
  for (const key of ['bot', 'chat']) {
    const inner = b[key] as { id?: unknown } | undefined;
    if (typeof inner?.id === 'string') return inner.id;
  }
  return undefined;
}

/** `service` with every changing command recorded in `store`'s audit trail. */
export function auditedCommands(service: CommandService, store: Pick<ConsoleStore, 'audit'>): CommandService {
  const record = async (caller: CommandCaller, action: string, target: string | undefined, body: unknown, ok: boolean, error?: string) => {
    await store.audit({ actor: `${caller.user} (${caller.via})`, action, ...(target ? { target } : {}), detail: { body: detail(body), ...(error ? { error } : {}) }, ok });
  };
  return {
    async chat(chatId, body, caller) {
      const reply = await service.chat(chatId, body, caller);
      const cmd = cmdOf(body);
      if (!READ_ONLY.has(cmd)) await record(caller, `chat.${cmd}`, chatId, body, reply.ok, reply.ok ? undefined : reply.error);
      return reply;
    },
    async cluster(body, caller) {
      const reply = await service.cluster(body, caller);
      const cmd = cmdOf(body);
      if (!READ_ONLY.has(cmd)) await record(caller, cmd, targetOf(body), body, reply.ok, reply.ok ? undefined : reply.error);
      return reply;
    },
  };
}
