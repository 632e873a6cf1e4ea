// The outbox's state indexes cover only the rows not yet sent: a delivery marks its row sent (a
// non-HOT update, a new entry in every full index), and nothing looks sent rows up by state — the
// restart's recovery, a takeover's in-flight sends and the console's counts ask for the other states.
import { Migration } from '@mikro-orm/migrations';

export class OutboxInFlight extends Migration {
  override name = 'Migration20261206000000_outbox_in_flight';

  override up(): void | Promise<void> {
    this.addSql(`drop index if exists "outbox_state_index";`);
    this.addSql(`create index "outbox_state_index" on "outbox" ("state") where "state" <> 'sent';`);
    this.addSql(`drop index if exists "outbox_chat_id_state_index";`);
    this.addSql(`create index "outbox_chat_id_in_flight_index" on "outbox" ("chat_id") where "state" in ('sending', 'pending');`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "outbox_chat_id_in_flight_index";`);
    this.addSql(`create index "outbox_chat_id_state_index" on "outbox" ("chat_id", "state");`);
    this.addSql(`drop index if exists "outbox_state_index";`);
    this.addSql(`create index "outbox_state_index" on "outbox" ("state");`);
  }
}
