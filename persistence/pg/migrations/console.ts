// The operator console's tables: its users (roles, scrypt password hashes, optional TOTP, lockout),
// their sessions (only a hash of each session token is kept) and the audit trail of every change.
import { Migration } from '@mikro-orm/migrations';

export class ConsoleSchema extends Migration {
  override name = 'Migration20261204300000_console';

  override up(): void | Promise<void> {
    this.addSql(`create table "console_users" ("id" serial primary key, "username" varchar(64) not null, "role" text not null, "password_hash" text not null, "totp_secret" text null, "totp_last_step" bigint null, "active" boolean not null default true, "failed_logins" int not null default 0, "locked_until" timestamptz null, "last_login_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "console_users" add constraint "console_users_username_unique" unique ("username");`);
    this.addSql(`alter table "console_users" add constraint "console_users_role_check" check ("role" in ('viewer', 'operator', 'admin'));`);

    this.addSql(`create table "console_sessions" ("id" varchar(64) not null, "user_id" int not null references "console_users" ("id") on delete cascade, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null, "last_seen_at" timestamptz not null default now(), "user_agent" varchar(300) null, primary key ("id"));`);
    this.addSql(`create index "console_sessions_user_id_index" on "console_sessions" ("user_id");`);

    this.addSql(`create table "console_audit" ("id" bigserial primary key, "at" timestamptz not null default now(), "actor" varchar(64) not null, "action" varchar(64) not null, "target" varchar(200) null, "detail" jsonb null, "ok" boolean not null default true);`);
    this.addSql(`create index "console_audit_at_index" on "console_audit" ("at");`);
  }

  override down(): void | Promise<void> {
    this.addSql('drop table if exists "console_audit";');
    this.addSql('drop table if exists "console_sessions";');
    this.addSql('drop table if exists "console_users";');
  }
}
