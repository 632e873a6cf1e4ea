// Structured logging: one JSON line per event on stderr, with a level filter, carrying `trace_id` and
// `span_id` when written inside a span. Secrets are never passed in; as a second line of defence
// anything that looks like a bot token or an API key is masked.
import { context, trace } from '@opentelemetry/api';
import type { LogFields, Logger } from '../actors/index.ts';

export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

const TOKEN = /(?<!\d)\d{6,12}:[A-Za-z0-9_-]{30,}/g; // not \b: a token follows "bot" in URLs
const API_KEY = /\b(gsk|sk)_[A-Za-z0-9]{16,}\b/g;

/** Mask anything shaped like a Telegram bot token or an LLM API key. */
export function redact(text: string): string {
  return text.replace(TOKEN, (t) => `${t.slice(0, 4)}…:***`).replace(API_KEY, '$1_***');
}

/** A logger writing JSON lines through `write` (stderr by default). */
export function jsonLogger(level: Level = 'info', write: (line: string) => void = (l) => process.stderr.write(l + '\n'), clock: () => number = Date.now): Logger {
  const emit = (lvl: Level) => (event: string, fields?: LogFields): void => {
    if (RANK[lvl] < RANK[level]) return;
    const span = trace.getSpan(context.active());
    const ids = span?.isRecording() ? { trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId } : undefined;
    write(redact(JSON.stringify({ t: new Date(clock()).toISOString(), level: lvl, event, ...ids, ...fields })));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A logger that keeps its lines in memory (tests assert on them). */
export function memoryLogger(level: Level = 'debug'): Logger & { readonly lines: { level: Level; event: string; fields?: LogFields }[] } {
  const lines: { level: Level; event: string; fields?: LogFields }[] = [];
  const emit = (lvl: Level) => (event: string, fields?: LogFields): void => {
    if (RANK[lvl] >= RANK[level]) lines.push({ level: lvl, event, ...(fields ? { fields } : {}) });
  };
  return { lines, debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
