// `piyasa sandbox`: the local Bot API server alone, with the config's bots and groups and the live
// page — for pointing any Bot API client (grammY's `apiRoot`) at it. Its tokens are made up per run.
import { randomBytes } from 'node:crypto';
import { DEMO_CONFIG_PATH, httpPort } from '../config/index.ts';
import { Sandbox, serveSandbox } from '../../transport/index.ts';
import { numberFlag, stringFlag, type Flags } from './args.ts';
import { configOrReport, untilStopped } from './run.ts';

export async function sandboxCommand(flags: Flags): Promise<number> {
  const file = stringFlag(flags, 'config', DEMO_CONFIG_PATH);
  const port = numberFlag(flags, 'port', httpPort() ?? 8080, { min: 0, integer: true });
  const limits = stringFlag(flags, 'limits', 'telegram');
  if (limits !== 'telegram' && limits !== 'off') throw new Error(`--limits: must be telegram or off (got "${limits}")`);
  const config = configOrReport(file);
  if (!config) return 2;
  const sandbox = new Sandbox(limits === 'off' ? { limits: false } : { limits: config.settings.telegram });
  const tokens = config.bots.map((b, i) => {
    const token = `${7_000_000_001 + i}:${randomBytes(24).toString('base64url')}`;
    sandbox.addBot({ token, username: b.handle, firstName: b.name, canReadAll: config.chats.some((c) => c.members[0] === b.id) });
    return { handle: b.handle, token };
  });
  const chats = config.chats.map((c, i) => sandbox.addChat({ id: -1_001_000_000_001 - i, title: c.title, bots: c.members.map((id) => config.bots.find((b) => b.id === id)!.handle) }));
  // No node here: the cards name the bots, without mood or P&L.
  sandbox.setCards(config.bots.map((b) => ({ username: b.handle, name: b.name })));
  const server = await serveSandbox(sandbox, { port });
  console.log(`Telegram Bot API sandbox at ${server.url} — the page: ${server.url}/ — Ctrl+C stops.`);
  console.log(`groups: ${chats.map((c) => `${c.title} (${c.id})`).join(', ')}`);
  console.log('sandbox-only bot tokens (valid here, nowhere else):');
  for (const t of tokens) console.log(`  @${t.handle.padEnd(22)} ${t.token}`);
  await untilStopped();
  await server.close();
  return 0;
}
