// Keeps the last N lines of a stream, each cut to a maximum length, so a chatty service
// cannot grow memory without bound.
export class BoundedLines {
  private readonly lines: string[] = [];
  private start = 0;
  dropped = 0;

  constructor(private readonly capacity = 2000, private readonly maxLineLength = 4096) {}

  push(line: string): void {
    const kept = line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line;
    if (this.lines.length < this.capacity) {
      this.lines.push(kept);
      return;
    }
    this.lines[this.start] = kept;
    this.start = (this.start + 1) % this.capacity;
    this.dropped++;
  }

  /** Forgets every line (a new attempt starts with its own output). */
  clear(): void {
    this.lines.length = 0;
    this.start = 0;
    this.dropped = 0;
  }

  /** The last `count` lines, oldest first. */
  tail(count = this.capacity): string[] {
    const ordered = [...this.lines.slice(this.start), ...this.lines.slice(0, this.start)];
    return ordered.slice(-count);
  }
}
