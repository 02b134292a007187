// OpenTelemetry for services that have an SDK installed: they are told (with the standard
// OTEL_* variables) to send traces and logs as OTLP/HTTP JSON to the dashboard's local server,
// with its token. A service with no SDK gets nothing; a user's own OTEL_EXPORTER_OTLP_ENDPOINT wins.
import { posix } from 'node:path';
import type { RunContext, ServiceRuntime } from '../run-context.js';

/** Where the run's OTLP receiver is: the dashboard's origin and token. */
export interface TelemetryTarget {
  endpoint: string;
  token: string;
}

/** Packages whose presence says the service can export: the SDKs and auto-instrumentation of Node and Python. */
const NODE_SDKS = ['@opentelemetry/sdk-node', '@opentelemetry/sdk-trace-node', '@opentelemetry/auto-instrumentations-node'];
const PYTHON_SDK = 'opentelemetry/sdk';

/** Whether the service's installed dependencies hold an OpenTelemetry SDK. */
export async function hasOtelSdk(ctx: RunContext, service: ServiceRuntime): Promise<boolean> {
  const plan = service.plan;
  const at = (rel: string) => (rel === '' ? ctx.root : posix.join(ctx.root, rel));
  if (plan.kind === 'node') {
    const dirs = [...new Set([posix.join(at(plan.dir), 'node_modules'), ...(plan.installedMarker?.endsWith('node_modules') ? [at(plan.installedMarker)] : [])])];
    for (const dir of dirs) for (const sdk of NODE_SDKS) if (await ctx.host.fs.exists(posix.join(dir, sdk))) return true;
    return false;
  }
  if (plan.kind === 'python') {
    const lib = posix.join(at(plan.dir), '.venv', 'lib');
    const versions = await ctx.host.fs.list(lib).catch(() => []);
    for (const entry of versions) if (await ctx.host.fs.exists(posix.join(lib, entry.name, 'site-packages', PYTHON_SDK))) return true;
  }
  return false;
}

/** The standard variables that point an SDK at the receiver (traces and logs; metrics off). */
export function telemetryEnv(service: string, target: TelemetryTarget): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: target.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    // The header list is comma-separated key=value with URL-encoded values (the OTel specification).
    OTEL_EXPORTER_OTLP_HEADERS: `Authorization=${encodeURIComponent(`Bearer ${target.token}`)}`,
    OTEL_SERVICE_NAME: service,
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'none',
  };
}
