// Trace and span ids for the SDK, cut from a pool of random hex: one crypto fill and one hex encoding
// per 4 KiB of randomness instead of a buffer write and a native hex call per id (the SDK's
// RandomIdGenerator), on the path of every span. The ids are W3C's: lowercase hex, never all zeros.
import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace';

const POOL_BYTES = 4096;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

export class PooledIdGenerator implements IdGenerator {
  #hex = '';
  #pos = 0;

  generateTraceId(): string {
    const id = this.take(32);
    return id === ZERO_TRACE ? this.generateTraceId() : id;
  }

  generateSpanId(): string {
    const id = this.take(16);
    return id === ZERO_SPAN ? this.generateSpanId() : id;
  }

  private take(chars: number): string {
    if (this.#pos + chars > this.#hex.length) {
      this.#hex = randomFillSync(Buffer.allocUnsafe(POOL_BYTES)).toString('hex');
      this.#pos = 0;
    }
    return this.#hex.slice(this.#pos, (this.#pos += chars));
  }
}
