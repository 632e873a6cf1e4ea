// People's messages as the listeners take them from Telegram (`inbound`): written before Telegram is
// told (offset advanced, webhook answered), unique per (source, update id) so a redelivery is recorded
// once, and marked handled when the chat recorded the message — a restart replays the rest.
import { Migration } from '@mikro-orm/migrations';

export class IntakeSchema extends Migration {
  override name = 'Migration20261204200000_intake';

  override up(): void | Promise<void> {
    this.addSql(`create table "inbound" ("id" bigserial primary key, "source" varchar(64) not null, "update_id" bigint not null, "chat_id" varchar(64) not null, "message_id" bigint not null, "edited" boolean not null default false, "message" jsonb not null, "fingerprint" varchar(32) not null, "handled" boolean not null default false, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "inbound" add constraint "inbound_source_update_id_unique" unique ("source", "update_id");`);
    this.addSql(`create index "inbound_pending_index" on "inbound" ("chat_id", "message_id") where not "handled";`);
  }
}
