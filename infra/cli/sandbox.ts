// `piyasa sandbox`: the local Bot API server alone, with the config's bots and groups and the live
// page — for pointing any Bot API client (grammY's `apiRoot`) at it. Its tokens are made up per run.
import { ConfigError, DEMO_CONFIG_PATH, httpPort, telegramEnv } from '../config/index.ts';
import { Sandbox, serveSandbox } from '../../transport/index.ts';
import { numberFlag, stringFlag, type Flags } from './args.ts';
import { configOrReport, untilStopped } from './run.ts';
import { populateSandbox } from '../root/telegram.ts';

export async function sandboxCommand(flags: Flags): Promise<number> {
  const file = stringFlag(flags, 'config', DEMO_CONFIG_PATH);
  const port = numberFlag(flags, 'port', httpPort() ?? 8080, { min: 0, integer: true });
  const limits = stringFlag(flags, 'limits', 'telegram');
  if (limits !== 'telegram' && limits !== 'off') throw new Error(`--limits: must be telegram or off (got "${limits}")`);
  const config = configOrReport(file);
  if (!config) return 2;
  let env;
  try {
    env = telegramEnv(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`piyasa sandbox: invalid environment: ${error.message}`);
    return 2;
  }
  const sandbox = new Sandbox(limits === 'off' ? { limits: false } : { limits: config.settings.telegram });
  // The first member of each group hears everyone (it listens for the group); the others only what is addressed to them.
  // With PIYASA_BOT_TOKEN_* (and PIYASA_TELEGRAM_CHAT_*) set, the sandbox takes those: the nodes of a
  // cluster, given the same environment, all talk to this one sandbox.
  const given = env.mode === 'telegram' ? { tokens: env.tokens, chatIds: env.chatIds } : undefined;
  const { tokens, chatIds } = populateSandbox(sandbox, config, (id) => config.chats.some((c) => c.members[0] === id), given);
  // No node here: the cards name the bots, without mood or P&L.
  sandbox.setCards(config.bots.map((b) => ({ username: b.handle, name: b.name })));
  const server = await serveSandbox(sandbox, { port });
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
