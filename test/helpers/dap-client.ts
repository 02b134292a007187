// A minimal Debug Adapter Protocol client over TCP (Content-Length framed JSON), the protocol
// VS Code speaks to debugpy: used to drive a real debugpy where no Python extension is installed.
import { connect, type Socket } from 'node:net';

export interface DapMessage {
  seq: number;
  type: 'request' | 'response' | 'event';
  command?: string;
  event?: string;
  request_seq?: number;
  success?: boolean;
  message?: string;
  body?: Record<string, unknown>;
}

export class DapClient {
  private seq = 1;
  private buffer = Buffer.alloc(0);
  private readonly waiters: { match: (m: DapMessage) => boolean; resolve: (m: DapMessage) => void }[] = [];
  readonly received: DapMessage[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => this.onData(chunk));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<DapClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => resolve(new DapClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a request; resolves with its response (rejects when it failed). */
  async request(command: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<DapMessage> {
    const seq = this.seq++;
    const response = this.waitFor((m) => m.type === 'response' && m.request_seq === seq, `response to ${command}`, timeoutMs);
    this.send({ seq, type: 'request', command, arguments: args });
    const message = await response;
    if (!message.success) throw new Error(`${command} failed: ${message.message ?? ''}`);
    return message;
  }

  /** Starts a request without waiting for its response (debugpy answers `attach` only after configurationDone). */
  requestLater(command: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<DapMessage> {
    return this.request(command, args, timeoutMs);
  }

  event(name: string, timeoutMs = 60_000): Promise<DapMessage> {
    return this.waitFor((m) => m.type === 'event' && m.event === name, `event ${name}`, timeoutMs);
  }

  close(): void {
    this.socket.destroy();
  }

  private waitFor(match: (m: DapMessage) => boolean, what: string, timeoutMs: number): Promise<DapMessage> {
    const seen = this.received.find(match);
    if (seen) {
      this.received.splice(this.received.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms; received: ${this.received.map((m) => m.event ?? m.command).join(', ')}`)), timeoutMs);
      this.waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  private send(message: Record<string, unknown>): void {
    const json = Buffer.from(JSON.stringify(message), 'utf8');
    this.socket.write(`Content-Length: ${json.length}\r\n\r\n`);
    this.socket.write(json);
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as DapMessage;
      this.buffer = this.buffer.subarray(end + 4 + length);
      const waiter = this.waiters.find((w) => w.match(message));
      if (waiter) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      } else this.received.push(message);
    }
  }
}
