// A sandbox on an ephemeral port with three bots in one group, and the adapter pointed at it.
import { Sandbox, serveSandbox, GrammyTelegram, SystemClock, type GrammyTelegramOptions, type SandboxOptions, type SandboxServer } from '../../transport/index.ts';
import { memoryLogger } from '../../infra/log.ts';

export const GROUP = -1001234567890;
export const BOTS = [
  { botId: 'ayse', token: '111111:ayse-secret-token-aaaaaaaaaaaaaaaaaaaaaaaaa', username: 'ayse_scalp_bot', firstName: 'Ayşe Scalper' },
  { botId: 'ali', token: '222222:ali-secret-token-bbbbbbbbbbbbbbbbbbbbbbbbbbb', username: 'ali_ekonomist_bot', firstName: 'Ali Hoca' },
  { botId: 'can', token: '333333:can-secret-token-ccccccccccccccccccccccccccc', username: 'can_chartist_bot', firstName: 'Can Teknik' },
] as const;

export interface Fixture {
  readonly sandbox: Sandbox;
  readonly server: SandboxServer;
  readonly telegram: GrammyTelegram;
  readonly logger: ReturnType<typeof memoryLogger>;
  readonly down: { botId: string; reason: string; chatId?: string }[];
  close(): Promise<void>;
}

export async function fixture(opts: { sandbox?: SandboxOptions; adapter?: Partial<GrammyTelegramOptions>; availableReactions?: string[] } = {}): Promise<Fixture> {
  const sandbox = new Sandbox(opts.sandbox ?? { limits: false });
  for (const b of BOTS) sandbox.addBot({ token: b.token, username: b.username, firstName: b.firstName, canReadAll: b.botId === 'ayse' });
  sandbox.addChat({ id: GROUP, title: 'Piyasa Test', bots: BOTS.map((b) => b.username), ...(opts.availableReactions ? { availableReactions: opts.availableReactions } : {}) });
  const server = await serveSandbox(sandbox, { port: 0 });
  const logger = memoryLogger('debug');
  const down: Fixture['down'] = [];
  const telegram = new GrammyTelegram({
    bots: BOTS.map((b) => ({ botId: b.botId, token: b.token, username: b.username })),
    chats: [{ chatId: 'g', telegramId: GROUP }],
    apiRoot: server.url,
    clock: new SystemClock(),
    logger,
    limits: { perChatPerSec: 1000, perBotPerChatPerMin: 1000, perBotPerSec: 1000 },
    onBotDown: (botId, reason, chatId) => down.push({ botId, reason, ...(chatId ? { chatId } : {}) }),
    ...opts.adapter,
  });
  return { sandbox, server, telegram, logger, down, close: () => server.close() };
}

/** Resolves when `check` holds, polling every 10 ms; fails after `ms`. */
export async function until(check: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every token of the fixture, for "never in a log line or error" checks. */
export const TOKENS: readonly string[] = BOTS.map((b) => b.token);
