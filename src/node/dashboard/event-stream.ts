// The Server-Sent Events stream of a run: a client that gives the id of the last event it saw
// (the Last-Event-ID header its EventSource sends on reconnecting, or ?lastEventId=) gets every
// event after it; a new client, or one whose events are no longer kept, gets a snapshot of the
// current state first. A client that cannot keep up is dropped (it reconnects and resumes), so
// a chatty service never grows the server's memory without bound.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventJournal, NumberedEvent } from './event-journal.js';

/** Bytes queued for one client before it is dropped. */
const MAX_QUEUED = 4 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export interface StreamSnapshot {
  lastId: number;
  generation: number;
  [key: string]: unknown;
}

export class EventStreams {
  private readonly clients = new Set<ServerResponse>();

  constructor(private readonly journal: EventJournal, private readonly snapshot: () => StreamSnapshot) {
    journal.subscribe((entry) => {
      if (this.clients.size === 0) return;
      // Serialised once for every client: a chatty service's lines cost one JSON.stringify each.
      const text = frame(entry);
      for (const client of this.clients) this.write(client, text);
    });
  }

  get count(): number {
    return this.clients.size;
  }

  open(request: IncomingMessage, response: ServerResponse, url: URL): void {
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    response.write('retry: 1000\n\n');
    const given = request.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? undefined;
    const lastId = given !== undefined && /^\d+$/.test(String(given)) ? Number(given) : undefined;
    const missed = lastId === undefined ? undefined : this.journal.since(lastId);
    if (missed === undefined) this.sendSnapshot(response);
    else for (const entry of missed) this.send(response, entry);
    this.clients.add(response);
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const close = () => {
      clearInterval(heartbeat);
      this.clients.delete(response);
    };
    request.on('close', close);
    response.on('close', close);
  }

  /** A new run replaced the old one: every client starts again from the new state. */
  resetAll(): void {
    for (const client of this.clients) this.sendSnapshot(client);
  }

  closeAll(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private sendSnapshot(response: ServerResponse): void {
    const snapshot = this.snapshot();
    this.write(response, `id: ${snapshot.lastId}\nevent: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
  }

  private send(response: ServerResponse, entry: NumberedEvent): void {
    this.write(response, frame(entry));
  }

  private write(response: ServerResponse, text: string): void {
    if (response.writableLength > MAX_QUEUED) {
      this.clients.delete(response);
      response.destroy();
      return;
    }
    response.write(text);
  }
}

function frame(entry: NumberedEvent): string {
  return `id: ${entry.id}\nevent: run\ndata: ${JSON.stringify(entry.event)}\n\n`;
}
