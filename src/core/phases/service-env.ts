// The environment a service starts with: the user's, its dotenv file, the example defaults it
// does not set, its port, the address to bind (loopback unless the user asked otherwise), and the
// URLs of the services it links to.
import type { ServiceRuntime, RunContext } from '../run-context.js';
import { LOOPBACK } from '../bind-address.js';
import { delimiter } from 'node:path';
import { baseEnv, toolEnv } from './commands.js';
import { telemetryEnv } from './telemetry-env.js';

/**
 * The environment without the run's port: the user's (it wins, as dotenv does), the service's
 * dotenv file, the example defaults it does not set, and the service's own settings.
 */
export function serviceBaseEnv(ctx: RunContext, service: ServiceRuntime): Record<string, string> {
  const env = baseEnv(ctx);
  for (const [name, value] of Object.entries(service.fileEnv)) if (env[name] === undefined) env[name] = value;
  for (const variable of ctx.plan.env) {
    if (variable.dir === service.plan.dir && variable.example !== undefined && env[variable.name] === undefined && variable.kind !== 'port') {
      env[variable.name] = variable.example;
    }
  }
  Object.assign(env, service.plan.start.env, toolEnv(ctx, service));
  env.PYTHONUNBUFFERED = '1';
  // As `poetry run` and `npm run` do: the commands its install put in .venv/bin or node_modules/.bin
  // (gunicorn, flask, prisma, nest…) are found by a Procfile line or a migration.
  const own = ownBinDirs(ctx, service);
  if (own.length > 0) env.PATH = [...own, env.PATH ?? ''].join(delimiter);
  // As activating it would: uWSGI's `virtualenv=$(VIRTUAL_ENV)` and tools that look for the venv find it.
  if (service.plan.kind === 'python' && env.VIRTUAL_ENV === undefined) env.VIRTUAL_ENV = own[0].slice(0, -'/bin'.length);
  return env;
}

/** The folders the service's own install fills with commands. */
function ownBinDirs(ctx: RunContext, service: ServiceRuntime): string[] {
  const plan = service.plan;
  const at = (rel: string) => (rel === '' ? ctx.root : `${ctx.root}/${rel}`);
  if (plan.kind === 'python') return [`${at(plan.dir)}/.venv/bin`];
  if (plan.kind !== 'node' || !plan.installedMarker?.endsWith('node_modules')) return [];
  return [...new Set([`${at(plan.dir)}/node_modules/.bin`, `${at(plan.installedMarker)}/.bin`])];
}

export function serviceEnv(ctx: RunContext, service: ServiceRuntime): Record<string, string> {
  const env = serviceBaseEnv(ctx, service);
  const port = String(service.port);
  env.PORT = port;
  if (service.plan.port.env) env[service.plan.port.env] = port;
  if (service.plan.port.addressEnv) env[service.plan.port.addressEnv] = `${ctx.options.bindAddress}:${port}`;
  env.HOST = ctx.options.bindAddress;
  if (ctx.options.bindAddress === LOOPBACK) {
    // Node servers that name no address would listen on every interface: the preload says 127.0.0.1.
    const preload = ctx.host.loopbackPreload?.();
    if (preload) env.NODE_OPTIONS = withRequire(env.NODE_OPTIONS, preload);
  }
  env.BROWSER = 'none';
  // A user's own exporter settings win.
  if (ctx.options.telemetry && service.otelSdk && env.OTEL_EXPORTER_OTLP_ENDPOINT === undefined) Object.assign(env, telemetryEnv(service.name, ctx.options.telemetry));
  for (const link of service.plan.links) {
    const target = ctx.services.get(link.service);
    if (target?.url) env[link.env] = target.url;
  }
  return env;
}

/** NODE_OPTIONS with `--require file` added (quoted as Node parses it), the user's options kept. */
export function withRequire(options: string | undefined, file: string): string {
  const quoted = `"${file.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  const own = `--require ${quoted}`;
  if (options?.includes(own)) return options;
  return options?.trim() ? `${options.trim()} ${own}` : own;
}

/** Replaces `{port}` and `{host}` (the address to bind) in the start command's arguments. */
export function withBinding(args: string[], port: number, host: string): string[] {
  return args.map((a) => a.replaceAll('{port}', String(port)).replaceAll('{host}', host));
}
