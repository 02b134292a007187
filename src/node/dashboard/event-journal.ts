// The run's events as the dashboard serves them: each gets a number (the SSE id), the last few
// thousand are kept so a client that lost its connection resumes where it stopped
// (Last-Event-ID), the state folded from all of them is the snapshot a late client gets first,
// and the services' output is kept apart, bounded, for the log view.
import { applyEvent, emptyRunState, type RunEvent, type RunStateView } from '../../core/index.js';

export interface NumberedEvent {
  id: number;
  event: RunEvent;
}

export interface LogLine {
  id: number;
  service: string;
  stream: 'stdout' | 'stderr';
  source: 'setup' | 'service';
  line: string;
  at: number;
}

export type JournalListener = (entry: NumberedEvent) => void;

export interface JournalLimits {
  /** Events kept for resuming (output lines included). */
  events: number;
  /** Output lines kept for the log view, all services together. */
  logLines: number;
  /** Longer lines are cut. */
  lineLength: number;
}

export const DEFAULT_LIMITS: JournalLimits = { events: 5_000, logLines: 100_000, lineLength: 4_096 };

export class EventJournal {
  private state: RunStateView = emptyRunState();
  private next = 1;
  private readonly events: NumberedEvent[] = [];
  private readonly logs: LogLine[] = [];
  private readonly listeners = new Set<JournalListener>();
  /** Incremented when a new run starts in the same journal: a client that saw another run starts afresh. */
  generation = 1;

  constructor(private readonly limits: JournalLimits = DEFAULT_LIMITS, private readonly now: () => number = Date.now) {}

  get lastId(): number {
    return this.next - 1;
  }

  get snapshot(): RunStateView {
    return this.state;
  }

  /** A new run in the same place: the state starts afresh, ids keep counting. */
  reset(): void {
    this.state = emptyRunState();
    this.events.length = 0;
    this.logs.length = 0;
    this.generation++;
    // The reset takes an id of its own: a client that saw the old run's last event is behind it, and gets the snapshot.
    this.next++;
  }

  publish(event: RunEvent): NumberedEvent {
    const stored = event.type === 'output' && event.line.length > this.limits.lineLength ? { ...event, line: `${event.line.slice(0, this.limits.lineLength)}…` } : event;
    const entry = { id: this.next++, event: stored };
    this.state = applyEvent(this.state, stored);
    this.events.push(entry);
    if (this.events.length > this.limits.events) this.events.splice(0, this.events.length - this.limits.events);
    if (stored.type === 'output') {
      this.logs.push({ id: entry.id, service: stored.service, stream: stored.stream, source: stored.source, line: stored.line, at: this.now() });
      // Dropping in batches keeps the cost of a chatty service linear.
      if (this.logs.length > this.limits.logLines + 1_000) this.logs.splice(0, this.logs.length - this.limits.logLines);
    }
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** The events after `id`, or undefined when some of them are no longer kept (the client needs the snapshot). */
  since(id: number): NumberedEvent[] | undefined {
    if (id >= this.lastId) return [];
    const first = this.events[0]?.id ?? this.next;
    if (id + 1 < first) return undefined;
    return this.events.slice(id + 1 - first);
  }

  /** Output lines kept, oldest first; optionally of one service, after an id, at most `limit` (the newest). */
  logLines(filter: { service?: string; after?: number; limit?: number } = {}): LogLine[] {
    let lines = this.logs.length > this.limits.logLines ? this.logs.slice(-this.limits.logLines) : this.logs;
    if (filter.after !== undefined) {
      const after = filter.after;
      lines = lines.filter((l) => l.id > after);
    }
    if (filter.service !== undefined) lines = lines.filter((l) => l.service === filter.service);
    return filter.limit !== undefined ? lines.slice(-filter.limit) : lines;
  }

  subscribe(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
