// The port the ownership layer decides through: a key-value store with compare-and-set, as a
// JetStream KV bucket is (revisions are the stream's sequence numbers — strictly increasing, so a
// lease's revision is also its fencing token). Reads may be stale: ownership is decided only by writes.
import { PiyasaError } from '../../actors/index.ts';

export interface LeaseEntry {
  readonly value: string;
  readonly revision: number;
}

/** The write lost the race: the key exists (create) or moved on from the revision given (update, delete). */
export class CasConflict extends PiyasaError {
  override readonly name = 'CasConflict';
}

export interface LeaseKv {
  /** Writes `key` if it has no live value; its revision. Throws CasConflict otherwise. */
  create(key: string, value: string): Promise<number>;
  /** Writes `key` if its last revision is `revision`; the new revision. Throws CasConflict otherwise. */
  update(key: string, value: string, revision: number): Promise<number>;
  /** Deletes `key` if its last revision is `revision`. Throws CasConflict otherwise. */
  delete(key: string, revision: number): Promise<void>;
  /** The current entry, as far as this reader knows (possibly stale). */
  get(key: string): Promise<LeaseEntry | undefined>;
}

/** The lease key of a partition. */
export const leaseKey = (partition: number): string => `p.${String(partition).padStart(2, '0')}`;
