// The declarative part of the database: bots, chats, members and settings upserted from the YAML
// config at start (the database is the truth afterwards), bot tokens sealed, the token key checked.
import type { ChatConfig, Emotion, NewBotMemory, Persona } from '../../actors/index.ts';
import type { Database } from './database.ts';
import { TokenKeyError, decryptToken, encryptToken, maskToken } from './tokens.ts';

/** What the config declares (infra/config's Config fits it). */
export interface Declared {
  readonly bots: readonly Persona[];
  readonly chats: readonly ChatConfig[];
  readonly settings: object;
}

/** What the database holds beyond the config: see Catalog.stored. */
export interface StoredCatalog {
  readonly bots: readonly Persona[];
  readonly chats: readonly ChatConfig[];
  readonly removedBots: readonly string[];
  readonly removedChats: readonly string[];
  /** Bots that do not run: disabled ones with the enabled chats they are members of, and removed ones
   * (`removed`, in no chat); bots.enable brings either back. */
  readonly disabledBots: readonly { readonly bot: Persona; readonly chats: readonly string[]; readonly removed?: true }[];
}

const KEY_CHECK = 'token_key_check';
const KEY_CHECK_TEXT = 'piyasa-token-key';

/** Upserts and reads the catalog tables. */
export class Catalog {
  constructor(private readonly db: Database) {}

  private get conn() {
    return this.db.orm.em.getConnection();
  }

  /** Upserts bots (with their stances and holdings), chats, members and settings in one transaction; seeds each new bot's state with
   * its baseline emotion (an existing state — mood and budget — is kept). `now` stamps new states. */
  async upsert(d: Declared, now: number): Promise<void> {
    const conn = this.conn;
    await conn.transactional(async (trx) => {
      const run = (sql: string, params: unknown[]) => conn.execute(sql, params, 'run', trx);
      for (const b of d.bots) {
        await run(`insert into bots (id, handle, name, persona) values (?, ?, ?, ?::jsonb)
          on conflict (id) do update set handle = excluded.handle, name = excluded.name, persona = excluded.persona,
            enabled = bots.enabled or bots.removed_at is not null, removed_at = null, updated_at = now()`,
        [b.id, b.handle, b.name, JSON.stringify(b)]);
        await run(`insert into bot_state (bot_id, emotion, emotion_at, sent_at) values (?, ?::jsonb, ?, '[]'::jsonb) on conflict (bot_id) do nothing`,
          [b.id, JSON.stringify(b.emotionBaseline satisfies Emotion), now]);
        await run(`delete from stances where bot_id = ? and topic not in (select jsonb_array_elements_text(?::jsonb))`, [b.id, JSON.stringify(b.stances.map((x) => x.topic))]);
        for (const st of b.stances) {
          await run(`insert into stances (bot_id, topic, stance_text, confidence, cooldown_until) values (?, ?, ?, ?, ?)
            on conflict (bot_id, topic) do update set stance_text = excluded.stance_text, confidence = excluded.confidence, cooldown_until = excluded.cooldown_until, updated_at = now()`,
          [b.id, st.topic, st.text, st.confidence, st.cooldownUntil !== undefined ? new Date(st.cooldownUntil).toISOString() : null]);
        }
        await run(`delete from holdings where bot_id = ? and symbol not in (select jsonb_array_elements_text(?::jsonb))`, [b.id, JSON.stringify(b.holdings.map((x) => x.symbol))]);
        for (const h of b.holdings) {
          await run(`insert into holdings (bot_id, symbol, avg_price, size, note) values (?, ?, ?, ?, ?)
            on conflict (bot_id, symbol) do update set avg_price = excluded.avg_price, size = excluded.size, note = excluded.note, updated_at = now()`,
          [b.id, h.symbol, h.avgPrice, h.size, h.note ?? null]);
        }
      }
      for (const c of d.chats) {
        await run(`insert into chats (id, title, timezone, config) values (?, ?, ?, ?::jsonb)
          on conflict (id) do update set title = excluded.title, timezone = excluded.timezone, config = excluded.config, enabled = true, updated_at = now()`,
        [c.id, c.title, c.timezone, JSON.stringify(c)]);
        await run('delete from chat_members where chat_id = ? and bot_id not in (select jsonb_array_elements_text(?::jsonb))', [c.id, JSON.stringify(c.members)]);
        for (const m of c.members) await run('insert into chat_members (chat_id, bot_id) values (?, ?) on conflict do nothing', [c.id, m]);
      }
      for (const [key, value] of Object.entries(d.settings)) {
        await run(`insert into settings (key, value) values (?, ?::jsonb) on conflict (key) do update set value = excluded.value, updated_at = now()`,
          [key, JSON.stringify(value)]);
      }
    });
  }

  /** Bots and chats the database runs besides the config's (added by commands), and those removed by
   * commands. Chats come with their members as chat_members holds them. */
  async stored(): Promise<StoredCatalog> {
    const bots = await this.conn.execute<{ id: string; persona: Persona; enabled: boolean; removed: boolean }[]>('select id, persona, enabled, removed_at is not null as removed from bots order by created_at, id');
    const chats = await this.conn.execute<{ id: string; config: ChatConfig; enabled: boolean }[]>('select id, config, enabled from chats order by created_at, id');
    const members = await this.conn.execute<{ chat_id: string; bot_id: string }[]>('select chat_id, bot_id from chat_members order by joined_at, bot_id');
    const of = new Map<string, string[]>();
    for (const m of members) of.set(m.chat_id, [...(of.get(m.chat_id) ?? []), m.bot_id]);
    const enabledChats = chats.filter((c) => c.enabled);
    const chatsOf = (botId: string): string[] => enabledChats.filter((c) => of.get(c.id)?.includes(botId)).map((c) => c.id);
    return {
      bots: bots.filter((b) => b.enabled).map((b) => b.persona),
      chats: enabledChats.map((c) => ({ ...c.config, members: of.get(c.id) ?? [] })),
      removedBots: bots.filter((b) => !b.enabled && b.removed).map((b) => b.id),
      removedChats: chats.filter((c) => !c.enabled).map((c) => c.id),
      disabledBots: bots.filter((b) => !b.enabled).map((b) => (b.removed ? { bot: b.persona, chats: [], removed: true as const } : { bot: b.persona, chats: chatsOf(b.id) })),
    };
  }

  /** A bot added (or added again) while running: upserted and enabled. */
  async saveBot(bot: Persona, now: number): Promise<void> {
    await this.upsert({ bots: [bot], chats: [], settings: {} }, now);
  }

  /** A bot removed while running: off and marked removed (its history stays), out of every chat. */
  async removeBot(botId: string): Promise<void> {
    await this.conn.transactional(async (trx) => {
      await this.conn.execute('update bots set enabled = false, removed_at = now(), updated_at = now() where id = ?', [botId], 'run', trx);
      await this.conn.execute('delete from chat_members where bot_id = ?', [botId], 'run', trx);
      await this.conn.execute(`update chats set config = jsonb_set(config, '{members}', (config->'members') - ?::text), updated_at = now() where jsonb_exists(config->'members', ?)`, [botId, botId], 'run', trx);
    });
  }

  /** A bot disabled while running: off, its memberships, state and memories kept; a restart keeps it
   * off (the YAML's upsert does not enable it again). */
  async disableBot(botId: string): Promise<void> {
    await this.conn.execute('update bots set enabled = false, removed_at = null, updated_at = now() where id = ?', [botId]);
  }

  /** A disabled or removed bot back on (in the chats it is still a member of). */
  async enableBot(botId: string): Promise<void> {
    await this.conn.execute('update bots set enabled = true, removed_at = null, updated_at = now() where id = ?', [botId]);
  }

  /** An operator's memory of a bot, written at once (the bots' own go through the stores' write queue,
   * bot-memories.ts); its id. */
  async addMemory(m: NewBotMemory): Promise<number> {
    const [row] = await this.conn.execute<{ id: string }[]>(
      'insert into memories (bot_id, kind, content, about, relevance, created_at) values (?, ?, ?, ?, ?, ?) returning id',
      [m.botId, m.kind, m.content, m.about ?? null, m.relevance ?? 1, new Date(m.createdAt).toISOString()]);
    return Number(row!.id);
  }

  /** Forgets memory `id` of `botId`; false when that bot has no such memory. */
  async removeMemory(botId: string, id: number): Promise<boolean> {
    const rows = await this.conn.execute<{ id: string }[]>('delete from memories where id = ? and bot_id = ? returning id', [id, botId]);
    return rows.length > 0;
  }

  /** A chat added (or added again) while running: upserted with its members and enabled. */
  async saveChat(chat: ChatConfig, now: number): Promise<void> {
    await this.upsert({ bots: [], chats: [chat], settings: {} }, now);
  }

  /** A chat removed while running: disabled (its history stays). */
  async removeChat(chatId: string): Promise<void> {
    await this.conn.execute('update chats set enabled = false, updated_at = now() where id = ?', [chatId]);
  }

  /** A bot joins a chat while running. */
  async addMember(chatId: string, botId: string): Promise<void> {
    await this.conn.transactional(async (trx) => {
      await this.conn.execute('insert into chat_members (chat_id, bot_id) values (?, ?) on conflict do nothing', [chatId, botId], 'run', trx);
      await this.conn.execute(`update chats set config = jsonb_set(config, '{members}', (config->'members') || to_jsonb(?::text)), updated_at = now() where id = ? and not jsonb_exists(config->'members', ?)`, [botId, chatId, botId], 'run', trx);
    });
  }

  /** A bot leaves a chat while running. */
  async removeMember(chatId: string, botId: string): Promise<void> {
    await this.conn.transactional(async (trx) => {
      await this.conn.execute('delete from chat_members where chat_id = ? and bot_id = ?', [chatId, botId], 'run', trx);
      await this.conn.execute(`update chats set config = jsonb_set(config, '{members}', (config->'members') - ?::text), updated_at = now() where id = ?`, [botId, chatId], 'run', trx);
    });
  }

  /** Stores a bot's token sealed under `key` (and its masked form). */
  async setToken(botId: string, token: string, key: Buffer): Promise<void> {
    await this.checkKey(key);
    const rows = await this.conn.execute<{ id: string }[]>('update bots set token_enc = ?, token_mask = ?, updated_at = now() where id = ? returning id',
      [encryptToken(key, token), maskToken(token), botId]);
    if (!rows.length) throw new Error(`no bot "${botId}" in the database`);
  }

  /** A bot's clear token (for the Telegram adapter), or undefined when none is stored. */
  async token(botId: string, key: Buffer): Promise<string | undefined> {
    const [row] = await this.conn.execute<{ token_enc: string | null }[]>('select token_enc from bots where id = ?', [botId]);
    return row?.token_enc ? decryptToken(key, row.token_enc) : undefined;
  }

  /** Bots as shown to people: the token masked, never in clear. */
  async listBots(): Promise<{ id: string; handle: string; name: string; token: string | null }[]> {
    const rows = await this.conn.execute<{ id: string; handle: string; name: string; token_mask: string | null }[]>('select id, handle, name, token_mask from bots order by id');
    return rows.map((r) => ({ id: r.id, handle: r.handle, name: r.name, token: r.token_mask }));
  }

  /** Checks PIYASA_TOKEN_KEY against the database: a database holding sealed tokens needs the key it
   * was sealed with. The first key seen is remembered (as a sealed check value, never the key). */
  async checkKey(key: Buffer | undefined): Promise<void> {
    const [check] = await this.conn.execute<{ value: string }[]>('select value from settings where key = ?', [KEY_CHECK]);
    const [{ n }] = (await this.conn.execute<{ n: string }[]>('select count(*) as n from bots where token_enc is not null')) as [{ n: string }];
    if (!key) {
      if (check || Number(n) > 0) throw new TokenKeyError('PIYASA_TOKEN_KEY is not set, but the database holds encrypted bot tokens');
      return;
    }
    if (check) {
      if (decryptToken(key, check.value) !== KEY_CHECK_TEXT) throw new TokenKeyError('PIYASA_TOKEN_KEY does not match the key the stored bot tokens were encrypted with');
      return;
    }
    await this.conn.execute(`insert into settings (key, value) values (?, ?::jsonb) on conflict (key) do nothing`, [KEY_CHECK, JSON.stringify(encryptToken(key, KEY_CHECK_TEXT))]);
  }

  /** Every stored setting (the token key check excluded). */
  async settings(): Promise<Record<string, unknown>> {
    const rows = await this.conn.execute<{ key: string; value: unknown }[]>('select key, value from settings where key <> ? order by key', [KEY_CHECK]);
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  /** Writes one setting (validate it first: infra/config knows the rules). */
  async putSetting(key: string, value: unknown): Promise<void> {
    await this.conn.execute(`insert into settings (key, value) values (?, ?::jsonb) on conflict (key) do update set value = excluded.value, updated_at = now()`, [key, JSON.stringify(value)]);
  }
}
