// The lease store of a cluster on NATS: a JetStream KV bucket (history 1, a bucket TTL that clears
// the leases of a cluster that died whole — nats-server 2.9 has no per-key TTL). create/update/delete
// carry the expected revision, so the server decides every race; a lost race is CasConflict.
import { Kvm, type KV } from '@nats-io/kv';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { CasConflict, type LeaseEntry, type LeaseKv } from '../cluster/index.ts';

export interface LeaseBucketOptions {
  /** Bucket TTL: a lease not renewed for this long is gone. Default 10 s. */
  readonly ttlMs?: number;
}

function cas(error: unknown): never {
  if (error instanceof JetStreamApiError && (error.code === JetStreamApiCodes.StreamWrongLastSequence || error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)) {
    throw new CasConflict(error.message);
  }
  throw error;
}

/** LeaseKv on a KV bucket. */
export class NatsLeaseKv implements LeaseKv {
  private constructor(readonly kv: KV) {}

  /** Opens (creating when missing) the bucket `name`. */
  static async open(nc: NatsConnection, name: string, o: LeaseBucketOptions = {}): Promise<NatsLeaseKv> {
    return new NatsLeaseKv(await new Kvm(nc).create(name, { history: 1, ttl: o.ttlMs ?? 10_000 }));
  }

  create(key: string, value: string): Promise<number> {
    return this.kv.create(key, value).catch(cas);
  }

  update(key: string, value: string, revision: number): Promise<number> {
    return this.kv.update(key, value, revision).catch(cas);
  }

  async delete(key: string, revision: number): Promise<void> {
    await this.kv.delete(key, { previousSeq: revision }).catch(cas);
  }

  async get(key: string): Promise<LeaseEntry | undefined> {
    const e = await this.kv.get(key);
    return e && e.operation === 'PUT' ? { value: e.string(), revision: e.revision } : undefined;
  }

  /** Every live lease (status, tests). */
  async all(): Promise<Map<string, LeaseEntry>> {
    const out = new Map<string, LeaseEntry>();
    for await (const key of await this.kv.keys()) {
      const e = await this.get(key);
      if (e) out.set(key, e);
    }
    return out;
  }
}
