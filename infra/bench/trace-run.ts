// Child process of `piyasa bench engine --tracing compare`: one measured run of the engine with
// tracing off or on (exporting over OTLP/HTTP to the given receiver), after a warm-up run in the same
// mode, in a fresh process so neither mode inherits the other's heap or compiled code. Its pair (the
// other mode) runs at the same time in another process: each says `ready` after its warm-up and
// starts measuring on `go`, so both measured runs see the same spell of the machine.
import { otelSettings } from '../config/index.ts';
import { memoryLogger } from '../log.ts';
import { startTracing } from '../telemetry/index.ts';
import { throughput } from './engine.ts';

const [mode = 'off', url = '', chats = '1000', perChat = '10', messages = '20000', seed = '1'] = process.argv.slice(2);
const tracing = mode === 'on' ? startTracing({ settings: otelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: url }), nodeId: 'bench', keepRecent: true, logger: memoryLogger('error') }) : undefined;
const opts = { chats: Number(chats), perChat: Number(perChat), seed: Number(seed), ...(tracing ? { tracer: tracing.tracer } : {}) };
await throughput({ ...opts, messages: Math.ceil(Number(messages) / 4) });
if (process.send) {
  const go = new Promise((resolve) => process.once('message', resolve));
  process.send('ready');
  await go;
}
const before = tracing?.recent?.ended ?? 0;
const result = await throughput({ ...opts, messages: Number(messages) });
const spans = (tracing?.recent?.ended ?? 0) - before;
await tracing?.shutdown();
const line = { ...result, spans };
if (process.send) process.send(line, () => process.disconnect());
else console.log(JSON.stringify(line));
