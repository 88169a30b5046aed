/**
 * Memory of this process after each phase. PGlite runs inside this process (its WebAssembly heap
 * shows in RSS and arrayBuffers, not in heapUsed); a PostgreSQL server's own memory is not counted.
 */
export interface MemorySnapshot {
  phase: string;
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
}

export class MemoryLog {
  readonly snapshots: MemorySnapshot[] = [];

  snap(phase: string): MemorySnapshot {
    const m = process.memoryUsage();
    const snapshot = { phase, rssBytes: m.rss, heapUsedBytes: m.heapUsed, externalBytes: m.external, arrayBuffersBytes: m.arrayBuffers };
    this.snapshots.push(snapshot);
    return snapshot;
  }
}
