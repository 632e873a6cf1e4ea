// A one-line progress display on stderr for long benchmarks: bar, count, rate, elapsed.
export class Progress {
  private last = 0;
  private tenth = 0;
  constructor(private readonly label: string, private readonly out: NodeJS.WriteStream = process.stderr) {}

  /** Redraw at most ten times a second. */
  update(done: number, total: number, elapsedMs: number): void {
    const now = performance.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const frac = Math.min(1, done / total);
    const width = 30;
    const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
    const rate = elapsedMs > 0 ? Math.round((done / elapsedMs) * 1000) : 0;
    const line = `${this.label} ${bar} ${done}/${total} ${rate}/s ${(elapsedMs / 1000).toFixed(1)}s`;
    if (this.out.isTTY) this.out.write(`\r${line}`);
    else {
      // Without a terminal: one line per tenth of the way.
      const tenth = Math.floor(frac * 10);
      if (tenth > this.tenth) this.out.write(`${line}\n`);
      this.tenth = Math.max(this.tenth, tenth);
    }
  }

  done(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
