// A service that picked its own port (Vite moving to 5174 when 5173 is taken, a tool that ignores
// PORT) and says where it listens ("Local: http://localhost:5174/", "listening on
// http://127.0.0.1:9000") is followed there: when its assigned port stays closed and the port it
// names answers, that port becomes its port, and the user is told why its URL differs. One that
// says nothing but listens on a single other port (hard-coded deep in its code) is followed too,
// and so is one with several, when only one of them answers HTTP (its SSH port beside the web one).
import { announcedOtherPort } from '../fixer/signatures/runtime.js';
import type { RunContext, ServiceRuntime } from '../run-context.js';

const PROBE_TIMEOUT_MS = 2_000;
/** The most other ports of its process tree that are each asked whether they answer HTTP. */
const MAX_PORTS_TRIED = 4;

/** How often a service whose port stays closed has its open sockets looked at. */
const SOCKETS_EVERY_MS = 2_000;
/** How long after its start a service may take to open its own port before its sockets are looked at. */
const SOCKETS_AFTER_MS = 5_000;
const socketsCheckedAt = new WeakMap<ServiceRuntime, number>();

/**
 * The port the service now listens on, when it announced another one that answers, or when its
 * process tree listens on one other port that answers (a port hard-coded somewhere in the code);
 * undefined otherwise.
 */
export async function followAnnouncedPort(ctx: RunContext, service: ServiceRuntime): Promise<{ port: number; why: string } | undefined> {
  const assigned = service.port;
  if (assigned === undefined) return undefined;
  const announced = announcedOtherPort(service.output.tail(40), assigned, true);
  if (announced !== undefined) return follow(ctx, service, assigned, announced, 'the port it printed');
  const now = ctx.host.now();
  // Under its debugger the tree holds the debugger's own ports (debugpy's adapter takes any connection
  // to its server port for the debuggee's): not looked at. Others get a moment to open their own port first.
  if (service.debug || now - (service.startedAt ?? now) < SOCKETS_AFTER_MS) return undefined;
  if (!service.process?.listeningPorts || now - (socketsCheckedAt.get(service) ?? -Infinity) < SOCKETS_EVERY_MS) return undefined;
  socketsCheckedAt.set(service, now);
  const open = (await service.process.listeningPorts()).filter((p) => p !== assigned && p !== service.debug?.port);
  if (open.length === 1) return follow(ctx, service, assigned, open[0], 'the port its process opened');
  // Several (an SSH or metrics port beside the web one): the one that alone answers HTTP is the app's.
  if (open.length < 2 || open.length > MAX_PORTS_TRIED) return undefined;
  const answering: number[] = [];
  for (const port of open) if (/^HTTP \d|^$/.test(await httpAnswer(ctx, service, port))) answering.push(port);
  return answering.length === 1 ? follow(ctx, service, assigned, answering[0], 'the one port its process opened that answers HTTP') : undefined;
}

/** '' when the port answers the service's check path, 'HTTP nnn' for an error status, else the error. */
async function httpAnswer(ctx: RunContext, service: ServiceRuntime, port: number): Promise<string> {
  const check = service.plan.health;
  const answer = await ctx.host.probe.http(port, check.kind === 'http' ? check.path : '/', PROBE_TIMEOUT_MS);
  return answer.ok ? '' : answer.error;
}

/** Whether `port` is another service's or a database's: not this service's to take. */
export function heldByAnother(ctx: RunContext, service: ServiceRuntime, port: number): boolean {
  return [...ctx.services.values()].some((s) => s !== service && s.port === port) || [...ctx.databases.values()].some((d) => d.port === port);
}

async function follow(ctx: RunContext, service: ServiceRuntime, assigned: number, announced: number, which: string): Promise<{ port: number; why: string } | undefined> {
  if (heldByAnother(ctx, service, announced)) return undefined;
  const check = service.plan.health;
  // An open port alone is not enough (a log line may name a database another program runs): it must answer HTTP.
  const answer = await httpAnswer(ctx, service, announced);
  if (answer !== '' && !(check.kind !== 'http' && /^HTTP \d/.test(answer))) return undefined;
  ctx.log('warn', `${service.name} was given port ${assigned} but listens on ${announced}, ${which}: following it there (pin it with "port": ${announced} in repo-runner.json, or pass the port the way the tool takes it)`);
  ctx.host.ports.release(assigned);
  service.port = announced;
  await ctx.checkpoint.update((d) => { d.services[service.name] = { ...d.services[service.name], port: announced }; });
  return { port: announced, why: which };
}
