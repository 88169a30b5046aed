/**
 * Session rows recently read, so that a burst of requests does not look the same session up
 * each time. An entry lives a few seconds: signing out, or turning on two-factor sign-in, drops
 * it at once in this process; another process sees such a change within `ttlMs`.
 */
export class SessionCache<Row> {
  private readonly entries = new Map<string, { row: Row; until: number }>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
    /** The clock, in milliseconds; a test moves its own instead of waiting. */
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Row | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.row;
    this.entries.delete(key);
    return undefined;
  }

  /** The cached row, else `load`'s (cached only when found). A hit does not extend the entry's life. */
  async getOrLoad(key: string, load: () => Promise<Row | undefined>): Promise<Row | undefined> {
    const cached = this.get(key);
    if (cached) return cached;
    const row = await load();
    if (row) this.set(key, row);
    return row;
  }

  private set(key: string, row: Row): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { row, until: this.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
