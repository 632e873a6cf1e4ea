// Tracing and counting as layers of the LLM chain. `tracedLlm` wraps the LlmPort in an `llm.generate`
// span; `tracedCompletions` is the outermost layer of one model's chain, a GenAI client span per tier
// tried (OpenTelemetry GenAI conventions: system, request/response model, input/output/cached tokens)
// — a quota refusal or a failure shows as that tier's error; `countedCompletions` is the innermost,
// counting each request that went out by model and outcome. Spans only inside a recording span.
import { SpanKind, SpanStatusCode, context, trace, type Span } from '@opentelemetry/api';
import type { GenerationRequest, GenerationResult, LlmPort } from '../../../actors/index.ts';
import { QuotaRefused } from './quota-layer.ts';
import type { Completion, CompletionCall, CompletionPort } from './types.ts';

/** One request that went out to the provider, as the innermost layer saw it. */
export interface LlmRequest {
  readonly model: string;
  /** 'ok', or the error class that came back ('RateLimited', 'Transient', 'Invalid', 'Fatal'). */
  readonly status: string;
  readonly promptTokens: number;
  readonly cachedTokens: number;
  readonly completionTokens: number;
  readonly ms: number;
}

const GEN_AI_SYSTEM = 'groq';

function recordingParent(): boolean {
  return trace.getSpan(context.active())?.isRecording() === true;
}

/** Why a call failed, as an error.type value. */
function errorType(error: unknown): string {
  if (error instanceof QuotaRefused) return `quota:${error.reason}`;
  return error instanceof Error ? error.name : 'Error';
}

function failed(span: Span, error: unknown): void {
  span.setAttribute('error.type', errorType(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** The GenAI span of one tier's attempt (`chat <model>`), around its whole chain (quota, breaker, retry). */
export function tracedCompletions(inner: CompletionPort, tier: string): CompletionPort {
  return {
    async complete(call: CompletionCall): Promise<Completion> {
      if (!recordingParent()) return inner.complete(call);
      const span = trace.getTracer('piyasa.llm').startSpan(`chat ${call.model}`, {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': 'chat', 'gen_ai.system': GEN_AI_SYSTEM, 'gen_ai.provider.name': GEN_AI_SYSTEM,
          'gen_ai.request.model': call.model, 'gen_ai.request.max_tokens': call.maxTokens, 'gen_ai.request.temperature': call.temperature,
          ...(call.seed !== undefined ? { 'gen_ai.request.seed': call.seed } : {}),
          'piyasa.llm.tier': tier, ...(call.purpose ? { 'piyasa.llm.purpose': call.purpose } : {}),
        },
      });
      try {
        const done = await context.with(trace.setSpan(context.active(), span), () => inner.complete(call));
        span.setAttributes({
          'gen_ai.response.model': done.model, 'gen_ai.usage.input_tokens': done.promptTokens, 'gen_ai.usage.output_tokens': done.completionTokens,
          'gen_ai.usage.cache_read.input_tokens': done.cachedTokens,
        });
        return done;
      } catch (error) {
        failed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  };
}

/** Counts every request that goes out (retries too) through `onRequest`; an event on the active span. */
export function countedCompletions(inner: CompletionPort, onRequest: ((r: LlmRequest) => void) | undefined): CompletionPort {
  return {
    async complete(call: CompletionCall): Promise<Completion> {
      const started = performance.now();
      let status = 'ok';
      let done: Completion | undefined;
      try {
        done = await inner.complete(call);
        return done;
      } catch (error) {
        status = errorType(error);
        throw error;
      } finally {
        const ms = performance.now() - started;
        const span = trace.getSpan(context.active());
        if (span?.isRecording()) span.addEvent('gen_ai.request', { status, duration_ms: Math.round(ms) });
        onRequest?.({ model: call.model, status, promptTokens: done?.promptTokens ?? 0, cachedTokens: done?.cachedTokens ?? 0, completionTokens: done?.completionTokens ?? 0, ms });
      }
    },
  };
}

/** The `llm.generate` span of one draft: which generator wrote it (a model, or 'offline'). */
export function tracedLlm(inner: LlmPort, tierOf: (model: string) => string = (m) => (m === 'offline' ? 'offline' : 'model')): LlmPort {
  return {
    traced: true,
    async generate(req: GenerationRequest): Promise<GenerationResult> {
      if (!recordingParent()) return inner.generate(req);
      const span = trace.getTracer('piyasa.llm').startSpan('llm.generate', {
        attributes: { 'piyasa.bot.id': req.botId, 'piyasa.llm.mode': req.mode, 'piyasa.compose.attempt': req.attempt, 'piyasa.compose.topic': req.topic },
      });
      try {
        const result = await context.with(trace.setSpan(context.active(), span), () => inner.generate(req));
        span.setAttributes({
          'gen_ai.response.model': result.model, 'piyasa.llm.answered_by': tierOf(result.model),
          ...(result.promptTokens !== undefined ? { 'gen_ai.usage.input_tokens': result.promptTokens } : {}),
          ...(result.completionTokens !== undefined ? { 'gen_ai.usage.output_tokens': result.completionTokens } : {}),
        });
        return result;
      } catch (error) {
        failed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  };
}
