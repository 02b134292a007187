// The port a service's own files say it uses, with the line that says it: a Vite config's
// server.port, or the fallback in `process.env.PORT || 4000` / `os.environ.get("PORT", 8000)` /
// Go's `port = "8081"` after Getenv. It becomes the preferred port (used when free).
import type { EnvVarPlan, ServicePlan } from '../model.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';

const PORT_IN_CONFIG: [string[], RegExp, string][] = [
  [['vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'vite.config.mts'], /server\s*:\s*\{[^}]*?\bport\s*:\s*(\d{2,5})/s, 'sets server.port'],
  [['astro.config.mjs', 'astro.config.ts'], /server\s*:\s*\{[^}]*?\bport\s*:\s*(\d{2,5})/s, 'sets server.port'],
];
const PORT_FALLBACK = /process\.env\.PORT\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})|os\.environ\.get\(\s*['"]PORT['"]\s*,\s*['"]?(\d{2,5})|Getenv\("PORT"\)[\s\S]{0,80}?=\s*"(\d{2,5})"|env::var\("PORT"\)[\s\S]{0,80}?"(\d{2,5})"/;

/** A listen call with a literal port, by stack: the program listens there whatever it is told. */
const LISTEN_LITERAL: Partial<Record<ServicePlan['kind'], RegExp>> = {
  node: /\.listen\(\s*(\d{2,5})\s*[,)]/,
  go: /(?:ListenAndServe(?:TLS)?|\.Start|\.Run|\.Listen)\(\s*"[\w.\-[\]]*:(\d{2,5})"/,
  rust: /(?:bind|serve)\(\s*(?:&?\(?\s*)?"[\w.\-[\]]*:(\d{2,5})"/,
};
/** A Go program's `port` flag and its default: `flag.Int("port", 8080, …)`, cobra's `Flags().IntP("port", "p", 8081, …)`. */
const PORT_FLAG = /\b(?:flag|Flags\(\)|PersistentFlags\(\))\.(?:Int|IntP|Uint|String|StringP)\(\s*"port"\s*,\s*(?:"\w"\s*,\s*)?"?(\d{2,5})"?/;
/** The file reads a port from the environment or its arguments: any literal beside it is a default. */
const READS_PORT = /process\.env(?:\.PORT|\[['"]PORT['"]\])|Getenv\("(?:\w*_)?PORT"\)|LookupEnv\("(?:\w*_)?PORT"\)|env::var\("(?:\w*_)?PORT"\)|flag\.(?:Int|String)\(\s*"(?:port|addr|listen)"|process\.argv|os\.Args/;

export async function applyPortEvidence(files: RepoFiles, service: ServicePlan): Promise<void> {
  for (const [names, pattern, what] of PORT_IN_CONFIG) {
    for (const name of names) {
      const file = joinRel(service.dir, name);
      const text = await files.read(file);
      const match = text && pattern.exec(text);
      if (match) return prefer(service, Number(match[1]), file, lineOf(text, /\bport\s*:/), `${name} ${what}`);
    }
  }
  for (const entry of entryFiles(service)) {
    const text = await files.read(joinRel(service.dir, entry));
    const flag = text && service.kind === 'go' && !service.port.args ? PORT_FLAG.exec(text) : null;
    if (text && flag) {
      // A `port` flag with a default: the program takes its port as an argument (cobra, pflag, flag).
      service.port = { ...service.port, preferred: Number(flag[1]), args: ['--port', '{port}'] };
      service.start = { ...service.start, args: [...service.start.args, '--port', '{port}'] };
      service.evidence.push({ file: joinRel(service.dir, entry), line: lineOf(text, flag[0]), reason: `port ${flag[1]}, passed as --port: ${entry} defines a port flag` });
      return;
    }
    const literal = text && !service.port.args && LISTEN_LITERAL[service.kind]?.exec(text);
    if (text && literal && !READS_PORT.test(text)) {
      // Adopted rather than fought: told another port, the program would still listen here.
      service.port = { ...service.port, preferred: Number(literal[1]), hardCoded: true };
      service.evidence.push({ file: joinRel(service.dir, entry), line: lineOf(text, literal[0]), reason: `port ${literal[1]}: ${entry} listens there whatever it is told (hard-coded)` });
      return;
    }
    const match = text && PORT_FALLBACK.exec(text);
    if (!match) continue;
    const port = Number(match.slice(1).find((g) => g !== undefined));
    prefer(service, port, joinRel(service.dir, entry), lineOf(text, match[0].split('\n')[0]), `${entry} falls back to ${port} when PORT is not set`);
    return;
  }
}

function prefer(service: ServicePlan, port: number, file: string, line: number | undefined, reason: string): void {
  if (port === service.port.preferred) {
    service.evidence.push({ file, line, reason: `port ${port}: ${reason}` });
    return;
  }
  service.port = { ...service.port, preferred: port };
  service.evidence.push({ file, line, reason: `port ${port} because ${reason}` });
}

/** The files the start command runs: the one it names, or the usual entry files of its stack. */
function entryFiles(service: ServicePlan): string[] {
  const named = service.start.args.filter((a) => /\.(m?js|cjs|ts|py)$/.test(a));
  const usual: Partial<Record<ServicePlan['kind'], string[]>> = {
    node: ['server.js', 'index.js', 'app.js', 'src/index.js', 'src/server.js', 'src/main.ts'], go: ['main.go'], rust: ['src/main.rs'],
    python: ['app.py', 'main.py', 'server.py'],
  };
  // A Go program in a package folder (`go run ./cmd/app`): its main.go.
  const goPackages = service.kind === 'go' ? service.start.args.filter((a) => a.startsWith('./') && a.length > 2).map((a) => `${a.slice(2)}/main.go`) : [];
  return [...named, ...goPackages, ...(usual[service.kind] ?? [])];
}

/**
 * A variable of the service's example whose value is a listen address, `127.0.0.1:8088` under a
 * name like BIND_ADDRESS or LISTEN_ADDR: the app takes its port (and address) there. It becomes
 * the port's variable, given `host:port` at run time, and its port the preferred one.
 */
export function applyListenAddress(service: ServicePlan, env: EnvVarPlan[]): void {
  if (service.port.addressEnv) return;
  const variable = env.find((v) => v.dir === service.dir && v.example !== undefined && /(?:BIND|LISTEN|ADDR|ADDRESS)/.test(v.name)
    && /^(?:127\.0\.0\.1|0\.0\.0\.0|localhost|\[::1?\]):\d{2,5}$/.test(v.example));
  if (!variable) return;
  const port = Number(variable.example!.split(':').pop());
  service.port = { ...service.port, preferred: port, addressEnv: variable.name };
  variable.kind = 'port';
  service.evidence.push({ ...variable.evidence, reason: `port ${port}, with the address, in ${variable.name}: ${variable.evidence.file} gives it ${variable.example}` });
}
