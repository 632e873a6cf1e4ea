// The cluster's fence: per partition, the lease revision of its newest owner. A node that takes a
// partition raises it first; every durable write for the partition's chats and bots carries the
// writer's revision and is refused when it is older (a stale owner cannot write or claim a send).
import { Migration } from '@mikro-orm/migrations';

export class ClusterFences extends Migration {
  override name = 'Migration20261204100000_cluster_fences';

  override up(): void | Promise<void> {
    this.addSql(`create table "partition_fences" ("partition" int not null, "revision" bigint not null, "node" varchar(64) not null, "updated_at" timestamptz not null default now(), primary key ("partition"));`);
    this.addSql(`create index "outbox_chat_id_state_index" on "outbox" ("chat_id", "state");`);
  }
}
