// What services send to the dashboard's OTLP/HTTP receiver (JSON encoding): spans and log
// records, flattened to what the page shows, per service, bounded.
export interface SpanView {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startMs: number;
  durationMs: number;
  /** 2 is an error (OTLP's STATUS_CODE_ERROR). */
  status?: number;
  attributes: Record<string, unknown>;
}

export interface LogRecordView {
  service: string;
  timeMs: number;
  severity?: string;
  body: string;
  traceId?: string;
  attributes: Record<string, unknown>;
}

interface KeyValue { key: string; value?: AnyValue }
interface AnyValue { stringValue?: string; boolValue?: boolean; intValue?: string | number; doubleValue?: number; arrayValue?: { values?: AnyValue[] }; kvlistValue?: { values?: KeyValue[] } }
interface Resource { attributes?: KeyValue[] }

const MAX_SPANS = 5_000;
const MAX_LOGS = 5_000;

export class TelemetryStore {
  readonly spans: SpanView[] = [];
  readonly logs: LogRecordView[] = [];

  /** Takes an ExportTraceServiceRequest; returns how many spans it held. */
  addTraces(body: unknown): number {
    let count = 0;
    for (const rs of list((body as { resourceSpans?: unknown[] })?.resourceSpans)) {
      const service = serviceOf((rs as { resource?: Resource }).resource);
      for (const ss of list((rs as { scopeSpans?: unknown[] }).scopeSpans)) {
        for (const span of list((ss as { spans?: unknown[] }).spans) as Record<string, unknown>[]) {
          const start = nanos(span.startTimeUnixNano);
          this.spans.push({
            service, traceId: String(span.traceId ?? ''), spanId: String(span.spanId ?? ''), parentSpanId: span.parentSpanId ? String(span.parentSpanId) : undefined,
            name: String(span.name ?? ''), kind: typeof span.kind === 'number' ? span.kind : undefined,
            startMs: start, durationMs: Math.max(0, nanos(span.endTimeUnixNano) - start),
            status: (span.status as { code?: number } | undefined)?.code, attributes: attributes(span.attributes as KeyValue[] | undefined),
          });
          count++;
        }
      }
    }
    if (this.spans.length > MAX_SPANS) this.spans.splice(0, this.spans.length - MAX_SPANS);
    return count;
  }

  /** Takes an ExportLogsServiceRequest; returns how many records it held. */
  addLogs(body: unknown): number {
    let count = 0;
    for (const rl of list((body as { resourceLogs?: unknown[] })?.resourceLogs)) {
      const service = serviceOf((rl as { resource?: Resource }).resource);
      for (const sl of list((rl as { scopeLogs?: unknown[] }).scopeLogs)) {
        for (const record of list((sl as { logRecords?: unknown[] }).logRecords) as Record<string, unknown>[]) {
          this.logs.push({
            service, timeMs: nanos(record.timeUnixNano ?? record.observedTimeUnixNano), severity: record.severityText ? String(record.severityText) : undefined,
            body: text(record.body as AnyValue | undefined), traceId: record.traceId ? String(record.traceId) : undefined, attributes: attributes(record.attributes as KeyValue[] | undefined),
          });
          count++;
        }
      }
    }
    if (this.logs.length > MAX_LOGS) this.logs.splice(0, this.logs.length - MAX_LOGS);
    return count;
  }

  clear(): void {
    this.spans.length = 0;
    this.logs.length = 0;
  }
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function nanos(value: unknown): number {
  // Nanoseconds since the epoch do not fit a double exactly: cut to microseconds first, then milliseconds.
  const n = typeof value === 'string' ? Number(BigInt(/^\d+$/.test(value) ? value : '0') / 1_000n) / 1_000 : typeof value === 'number' ? value / 1e6 : 0;
  return Number.isFinite(n) ? n : 0;
}

function serviceOf(resource: Resource | undefined): string {
  const name = (resource?.attributes ?? []).find((a) => a.key === 'service.name')?.value;
  return name ? text(name) : 'unknown';
}

function text(value: AnyValue | undefined): string {
  if (!value) return '';
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return String(value.intValue);
  if (value.doubleValue !== undefined) return String(value.doubleValue);
  if (value.boolValue !== undefined) return String(value.boolValue);
  return JSON.stringify(value.arrayValue ?? value.kvlistValue ?? value);
}

function attributes(list: KeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of (list ?? []).slice(0, 64)) out[kv.key] = text(kv.value);
  return out;
}
