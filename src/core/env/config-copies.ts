// Makes the config files a service reads from the examples the repo ships (config.json from
// config.json.example), before anything is installed. A file that exists is the user's and is
// never touched; a copy is made once (the checkpoint remembers it), so a copy the user deleted
// is not made again. What was written is remembered as a hash: the database phase may point a
// copy that is still Repo Runner's at the database it started (config-database.ts).
import type { RunContext, ServiceRuntime } from '../run-context.js';

export async function copyConfigExamples(ctx: RunContext, services: ServiceRuntime[]): Promise<void> {
  for (const service of services) {
    for (const copy of service.plan.configCopies ?? []) {
      if (ctx.checkpoint.state.copies?.[copy.to] !== undefined) continue;
      const target = `${ctx.root}/${copy.to}`;
      if (await ctx.host.fs.exists(target)) continue;
      const text = await ctx.host.fs.readText(`${ctx.root}/${copy.from}`);
      if (text === undefined) continue;
      await ctx.host.fs.writeTextAtomic(target, text);
      await ctx.checkpoint.update((d) => { d.copies = { ...d.copies, [copy.to]: ctx.host.hash(text) }; });
      ctx.log('info', `${service.name}: made ${copy.to} from ${copy.from} (${copy.evidence.reason}); it is yours to edit and is not made again`);
    }
  }
}

/** Whether a config file is still the copy Repo Runner made (the user has not changed it). */
export async function isOurCopy(ctx: RunContext, file: string): Promise<string | undefined> {
  const hash = ctx.checkpoint.state.copies?.[file];
  if (hash === undefined) return undefined;
  const text = await ctx.host.fs.readText(`${ctx.root}/${file}`);
  return text !== undefined && ctx.host.hash(text) === hash ? text : undefined;
}

/** Records a new text of a copy that is still Repo Runner's, so later runs may update it again. */
export async function writeOurCopy(ctx: RunContext, file: string, text: string): Promise<void> {
  await ctx.host.fs.writeTextAtomic(`${ctx.root}/${file}`, text);
  await ctx.checkpoint.update((d) => { d.copies = { ...d.copies, [file]: ctx.host.hash(text) }; });
}
