// `piyasa sandbox`: the local Bot API server alone, with the config's bots and groups and the live
// page — for pointing any Bot API client (grammY's `apiRoot`) at it. Its tokens are made up per run.
import { Sandbox, serveSandbox } from '../../transport/index.ts';
import type { Flags } from './args.ts';
import { sandboxInputs } from './inputs.ts';
import { untilStopped } from './run.ts';
import { populateSandbox } from '../root/telegram.ts';

export async function sandboxCommand(flags: Flags): Promise<number> {
  const { config, port, host, allowedHosts, limits, telegram: env } = sandboxInputs(flags);
  const sandbox = new Sandbox(limits === 'off' ? { limits: false } : { limits: config.settings.telegram });
  // The first member of each group hears everyone (it listens for the group); the others only what is addressed to them.
  // With PIYASA_BOT_TOKEN_* (and PIYASA_TELEGRAM_CHAT_*) set, the sandbox takes those: the nodes of a
  // cluster, given the same environment, all talk to this one sandbox.
  const given = env.mode === 'telegram' ? { tokens: env.tokens, chatIds: env.chatIds } : undefined;
  const { tokens, chatIds } = populateSandbox(sandbox, config, (id) => config.chats.some((c) => c.members[0] === id), given);
  // No node here: the cards name the bots, without mood or P&L.
  sandbox.setCards(config.bots.map((b) => ({ username: b.handle, name: b.name })));
  const server = await serveSandbox(sandbox, { port, host, hosts: allowedHosts });
  console.log(`Telegram Bot API sandbox at ${server.url} — the page: ${server.url}/ — Ctrl+C stops.`);
  console.log(`groups: ${config.chats.map((c) => `${c.title} (${chatIds.get(c.id)})`).join(', ')}`);
  if (given) console.log(`bot tokens: the ${tokens.size} from PIYASA_BOT_TOKEN_* (not shown)`);
  else {
    console.log('sandbox-only bot tokens (valid here, nowhere else):');
    for (const b of config.bots) console.log(`  @${b.handle.padEnd(22)} ${tokens.get(b.id)}`);
  }
  await untilStopped();
  await server.close();
  return 0;
}
