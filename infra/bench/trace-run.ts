// Child process of `piyasa bench engine --tracing compare`: one measured run of the engine with
// tracing off or on (exporting over OTLP/HTTP to the given receiver), after a warm-up run in the same
// mode, in a fresh process so neither mode inherits the other's heap or compiled code.
import { otelSettings } from '../config/index.ts';
import { memoryLogger } from '../log.ts';
import { startTracing } from '../telemetry/index.ts';
import { throughput } from './engine.ts';

const [mode = 'off', url = '', chats = '1000', perChat = '10', messages = '20000', seed = '1'] = process.argv.slice(2);
const tracing = mode === 'on' ? startTracing({ settings: otelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: url }), nodeId: 'bench', keepRecent: true, logger: memoryLogger('error') }) : undefined;
const opts = { chats: Number(chats), perChat: Number(perChat), seed: Number(seed), ...(tracing ? { tracer: tracing.tracer } : {}) };
await throughput({ ...opts, messages: Math.ceil(Number(messages) / 4) });
const before = tracing?.recent?.ended ?? 0;
const result = await throughput({ ...opts, messages: Number(messages) });
const spans = (tracing?.recent?.ended ?? 0) - before;
await tracing?.shutdown();
console.log(JSON.stringify({ ...result, spans }));
