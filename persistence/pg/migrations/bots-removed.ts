// A bot disabled (paused in place: it keeps its chats, and a restart keeps it off, whatever the YAML
// says) apart from a bot removed (out of every chat; a YAML that declares it brings it back): both are
// `enabled = false`, a removed one has `removed_at`. Rows disabled before this were removed.
import { Migration } from '@mikro-orm/migrations';

export class BotsRemoved extends Migration {
  override name = 'Migration20261205000000_bots_removed';

  override up(): void | Promise<void> {
    this.addSql('alter table "bots" add column "removed_at" timestamptz null;');
    this.addSql('update "bots" set "removed_at" = "updated_at" where not "enabled";');
  }

  override down(): void | Promise<void> {
    this.addSql('alter table "bots" drop column "removed_at";');
  }
}
