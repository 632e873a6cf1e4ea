// The page's Server-Sent Event streams with bounded memory: a capped number of clients, each with a
// bounded send buffer; a client that falls behind is dropped (its EventSource reconnects and starts
// again from a fresh snapshot), so a reader that never reads costs at most one buffer.
import type { ServerResponse } from 'node:http';

export interface StreamLimits {
  /** Open streams at most; one more is answered 503. Default 100. */
  readonly maxClients?: number;
  /** Bytes a stream may have waiting to be sent before it is dropped. Default 256 KiB. */
  readonly maxBufferBytes?: number;
  /** A comment line this often keeps proxies from closing an idle stream. Default 20 s. */
  readonly heartbeatMs?: number;
}

/** What happened to streams so far (tests and logs read it). */
export interface StreamStats {
  opened: number;
  refused: number;
  dropped: number;
}

export class EventStreams {
  readonly stats: StreamStats = { opened: 0, refused: 0, dropped: 0 };
  private readonly streams = new Set<ServerResponse>();
  private readonly maxClients: number;
  private readonly maxBuffer: number;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(limits: StreamLimits = {}) {
    this.maxClients = limits.maxClients ?? 100;
    this.maxBuffer = limits.maxBufferBytes ?? 256 * 1024;
    this.heartbeat = setInterval(() => this.broadcast(': ping\n\n'), limits.heartbeatMs ?? 20_000);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.streams.size;
  }

  /** Starts a stream with `first` (the snapshot); false (and 503) when the cap is reached. */
  open(res: ServerResponse, first: string): boolean {
    if (this.streams.size >= this.maxClients) {
      this.stats.refused++;
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '10', connection: 'close' }).end('too many event streams\n');
      return false;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(`retry: 3000\n${first}`);
    this.streams.add(res);
    this.stats.opened++;
    res.on('close', () => this.streams.delete(res));
    return true;
  }

  /** Writes `chunk` to every stream; one whose unsent bytes passed the bound is dropped instead. */
  broadcast(chunk: string): void {
    for (const s of this.streams) {
      if (s.writableLength > this.maxBuffer || s.destroyed) {
        this.streams.delete(s);
        this.stats.dropped++;
        s.destroy();
        continue;
      }
      s.write(chunk);
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const s of this.streams) s.end();
    this.streams.clear();
  }
}
