// Where a listener keeps its `getUpdates` offset, so a restart neither replays nor loses updates.
// Keyed by the bot's numeric id (never the token). In memory for tests; a JSON file for one node.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface OffsetStore {
  load(botKey: string): Promise<number | undefined>;
  save(botKey: string, offset: number): Promise<void>;
}

export class MemoryOffsetStore implements OffsetStore {
  readonly offsets = new Map<string, number>();

  async load(botKey: string): Promise<number | undefined> {
    return this.offsets.get(botKey);
  }

  async save(botKey: string, offset: number): Promise<void> {
    this.offsets.set(botKey, offset);
  }
}

/** Offsets in one small JSON file, replaced atomically (write then rename) on every save. */
export class FileOffsetStore implements OffsetStore {
  constructor(private readonly file: string) {}

  async load(botKey: string): Promise<number | undefined> {
    const v = this.read()[botKey];
    return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
  }

  async save(botKey: string, offset: number): Promise<void> {
    const all = { ...this.read(), [botKey]: offset };
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(all));
    renameSync(tmp, this.file);
  }

  private read(): Record<string, unknown> {
    try {
      const v: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      return typeof v === 'object' && v !== null ? v as Record<string, unknown> : {};
    } catch {
      return {};
    }
  }
}
