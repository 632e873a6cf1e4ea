// The cluster's shared state on PostgreSQL: SharedStateStore on `shared_state` (a compare-and-set is
// one UPDATE … WHERE version = ?), and NewsLog on `market_news` (a bigserial cursor every node reads).
import type { NewsItem, NewsLog, SharedStateStore, Versioned } from '../../actors/index.ts';
import type { Database } from './database.ts';
import { Sql } from './sql.ts';

/** Create-if-absent for version 0, otherwise bump the version only if it is still the one read. */
const CREATE = `insert into shared_state (key, version, value) values (?, 1, ?::jsonb) on conflict (key) do nothing returning version`;
const SWAP = `update shared_state set value = ?::jsonb, version = version + 1, updated_at = now() where key = ? and version = ? returning version`;

export class PgSharedState implements SharedStateStore {
  private readonly sql: Sql;
  constructor(db: Database) {
    this.sql = new Sql(db);
  }

  async load<T>(key: string): Promise<Versioned<T> | undefined> {
    const [row] = await this.sql.query<{ version: string; value: T }>(`select version, value from shared_state where key = ?`, [key]);
    return row && { version: Number(row.version), value: row.value };
  }

  async swap<T>(key: string, version: number, value: T): Promise<number | undefined> {
    const json = JSON.stringify(value);
    const [row] = version === 0
      ? await this.sql.query<{ version: string }>(CREATE, [key, json])
      : await this.sql.query<{ version: string }>(SWAP, [json, key, version]);
    return row ? Number(row.version) : undefined;
  }
}

export class PgNewsLog implements NewsLog {
  private readonly sql: Sql;
  constructor(db: Database) {
    this.sql = new Sql(db);
  }

  async append(news: Omit<NewsItem, 'id'>): Promise<NewsItem> {
    const [row] = await this.sql.query<{ id: string }>(`insert into market_news (headline, symbols, impact, at) values (?, ?::jsonb, ?, ?) returning id`,
      [news.headline, JSON.stringify(news.symbols), news.impact, news.at]);
    return { ...news, id: `news-${row!.id}` };
  }

  async since(cursor: number): Promise<{ items: readonly NewsItem[]; cursor: number }> {
    const rows = await this.sql.query<{ id: string; headline: string; symbols: string[]; impact: number; at: string }>(
      `select id, headline, symbols, impact, at from market_news where id > ? order by id limit 500`, [cursor]);
    const items = rows.map((r) => ({ id: `news-${r.id}`, headline: r.headline, symbols: r.symbols, impact: Number(r.impact), at: Number(r.at) }));
    return { items, cursor: rows.length ? Number(rows[rows.length - 1]!.id) : cursor };
  }
}
