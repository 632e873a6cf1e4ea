// An LlmPort decorator that records every request and its outcome, for assertions in tests.
import type { Clock, GenerationRequest, GenerationResult, LlmPort } from '../../actors/index.ts';
import type { CallRecord } from './call-log.ts';

/** One generate() call; `result` or `error` is filled in when it settles. */
export interface LlmCall extends CallRecord {
  readonly request: GenerationRequest;
  result?: GenerationResult;
  error?: unknown;
  /** Clock time when it settled. */
  settledAt?: number;
}

/** Wraps any LlmPort and records requests and results (`calls`); errors pass through unchanged. */
export class RecordingLlm implements LlmPort {
  readonly calls: LlmCall[] = [];
  constructor(private readonly inner: LlmPort, private readonly env: { clock?: Pick<Clock, 'now'> } = {}) {}

  async generate(request: GenerationRequest): Promise<GenerationResult> {
    const call: LlmCall = { method: 'generate', args: [request], at: this.now(), request };
    this.calls.push(call);
    try {
      call.result = await this.inner.generate(request);
      return call.result;
    } catch (error) {
      call.error = error;
      throw error;
    } finally {
      call.settledAt = this.now();
    }
  }

  private now(): number {
    return this.env.clock?.now() ?? 0;
  }
}
