// A Server-Sent Events client over plain HTTP for the dashboard tests: it records every
// message with its id and event name, and can be closed mid-stream to test resuming.
import http from 'node:http';

export interface SseMessage {
  id?: number;
  event: string;
  data: unknown;
}

export class SseClient {
  readonly messages: SseMessage[] = [];
  private request?: http.ClientRequest;
  private waiters: { test: (m: SseMessage[]) => boolean; resolve: () => void }[] = [];
  status?: number;

  constructor(private readonly url: string, private readonly headers: Record<string, string>) {}

  open(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.request = http.get(this.url, { headers: this.headers }, (response) => {
        this.status = response.statusCode;
        resolve(response.statusCode ?? 0);
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            this.parse(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        });
      });
      this.request.on('error', (error) => (this.status === undefined ? reject(error) : undefined));
    });
  }

  /** Resolves once `test` holds for the messages received (or rejects after `timeoutMs`). */
  until(test: (messages: SseMessage[]) => boolean, timeoutMs = 60_000): Promise<void> {
    if (test(this.messages)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`SSE: condition not met; received ${this.messages.length} messages`)), timeoutMs);
      this.waiters.push({ test, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }

  close(): void {
    this.request?.destroy();
  }

  private parse(block: string): void {
    const message: SseMessage = { event: 'message', data: undefined };
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const [field, ...rest] = line.split(':');
      const value = rest.join(':').replace(/^ /, '');
      if (field === 'id') message.id = Number(value);
      else if (field === 'event') message.event = value;
      else if (field === 'data') data += value;
    }
    if (data === '') return;
    message.data = JSON.parse(data);
    this.messages.push(message);
    this.waiters = this.waiters.filter((w) => (w.test(this.messages) ? (w.resolve(), false) : true));
  }
}
