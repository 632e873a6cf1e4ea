// The console's live feed (Server-Sent Events): the dashboard's figures and the transcript's new
// lines, read from the database on one timer shared by every open page (nothing runs when no page is
// open). A page filters the lines itself.
import type { ServerResponse } from 'node:http';
import type { TranscriptRow } from '../../../persistence/index.ts';
import type { Figures } from '../figures.ts';

export interface LiveFeedOptions {
  figures(): Promise<Figures>;
  /** Lines with an id above `after`, newest first. */
  lines(after: number): Promise<readonly TranscriptRow[]>;
  /** The newest line's id now (where a new page's tail starts). */
  newest(): Promise<number>;
  readonly everyMs: number;
  onError(error: unknown): void;
}

export class LiveFeed {
  private readonly streams = new Set<ServerResponse>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private last: number | undefined;
  private busy = false;

  constructor(private readonly o: LiveFeedOptions) {}

  /** Opens a stream on `res`; it gets a frame at once, then every `everyMs`. */
  open(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    res.write('retry: 3000\n\n');
    this.streams.add(res);
    res.on('close', () => {
      this.streams.delete(res);
      if (this.streams.size === 0) this.stop();
    });
    void this.o.figures().then((f) => res.write(`event: figures\ndata: ${JSON.stringify(f)}\n\n`), this.o.onError);
    if (this.last === undefined) void this.o.newest().then((n) => (this.last ??= n), this.o.onError);
    this.timer ??= setInterval(() => void this.tick(), this.o.everyMs);
  }

  private async tick(): Promise<void> {
    if (this.busy || this.streams.size === 0) return;
    this.busy = true;
    try {
      const frames: string[] = [`event: figures\ndata: ${JSON.stringify(await this.o.figures())}\n\n`];
      const lines = this.last === undefined ? [] : await this.o.lines(this.last);
      if (lines.length) {
        this.last = lines[0]!.id;
        frames.push(`event: lines\ndata: ${JSON.stringify(lines)}\n\n`);
      }
      for (const s of this.streams) for (const f of frames) s.write(f);
    } catch (error) {
      this.o.onError(error);
    } finally {
      this.busy = false;
    }
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.last = undefined;
  }

  close(): void {
    for (const s of this.streams) s.end();
    this.streams.clear();
    this.stop();
  }
}
