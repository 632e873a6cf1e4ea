// What the nodes of a cluster share beyond the actors' rows: compare-and-set values (the LLM quota of
// each model) and the market's news, which every node reads and applies.
import { Migration } from '@mikro-orm/migrations';

export class ClusterSharedState extends Migration {
  override name = 'Migration20261204000000_cluster_shared';

  override up(): void | Promise<void> {
    this.addSql(`create table "shared_state" ("key" varchar(200) not null, "version" bigint not null, "value" jsonb not null, "updated_at" timestamptz not null default now(), primary key ("key"));`);
    this.addSql(`create table "market_news" ("id" bigserial primary key, "headline" text not null, "symbols" jsonb not null, "impact" double precision not null, "at" bigint not null, "created_at" timestamptz not null default now());`);
  }
}
