// The environment a service starts with: the user's, its dotenv file, the example defaults it
// does not set, its port, the loopback host, and the URLs of the services it links to.
import type { ServiceRuntime, RunContext } from '../run-context.js';
import { baseEnv } from './commands.js';

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
  Object.assign(env, service.plan.start.env);
  env.PYTHONUNBUFFERED = '1';
  return env;
}

export function serviceEnv(ctx: RunContext, service: ServiceRuntime): Record<string, string> {
  const env = serviceBaseEnv(ctx, service);
  const port = String(service.port);
  env.PORT = port;
  if (service.plan.port.env) env[service.plan.port.env] = port;
  env.HOST = '127.0.0.1';
  env.BROWSER = 'none';
  env.PYTHONUNBUFFERED = '1';
  for (const link of service.plan.links) {
    const target = ctx.services.get(link.service);
    if (target?.url) env[link.env] = target.url;
  }
  return env;
}

/** Replaces `{port}` in the start command's arguments. */
export function withPort(args: string[], port: number): string[] {
  return args.map((a) => a.replaceAll('{port}', String(port)));
}
