// `npm run corpus -- DIR [NAME…]`: every checkout in DIR (folders, e.g. /work/corpus/owner__name)
// run through the CLI as a new user would (a fresh copy, no configuration, no LLM), one at a
// time, and a table of what happened: the plan, the outcome, the seconds, the first finding, and
// what the first service's URL answers. Writes bench-results/corpus.json and corpus.md (CORPUS_OUT
// names them otherwise; CORPUS_CLI measures another build, for a before/after table; CORPUS_LOGS=DIR
// keeps each run's events).
// Not part of CI (CI cannot fetch public repositories); the corpus list is bench/corpus.tsv.
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const TIMEOUT_MS = Number(process.env.CORPUS_TIMEOUT_S ?? 420) * 1000;
const [dirArg, ...only] = process.argv.slice(2);
if (!dirArg) {
  console.error('usage: npm run corpus -- DIR [name…]   (DIR holds one checkout per folder)');
  process.exit(64);
}
const dir = resolve(dirArg);
/** The CLI to measure: this build's, or another (CORPUS_CLI) for a before/after table. */
const cli = resolve(process.env.CORPUS_CLI ?? 'dist/cli.cjs');
if (!existsSync(cli)) {
  console.error('dist/cli.cjs is missing: run npm run build first');
  process.exit(1);
}

interface Row {
  repo: string;
  plan: string;
  outcome: string;
  seconds: number;
  finding: string;
  answer: string;
}

type CliEvent = { type: string; [key: string]: unknown };

/** CORPUS_LOGS=DIR keeps each run's events (its services' output too) as DIR/<name>.jsonl, to read why it failed. */
const logDir = process.env.CORPUS_LOGS;
if (logDir) mkdirSync(logDir, { recursive: true });

/** Runs one checkout to its end with --json --exit-when-healthy and reads the events. */
async function runOne(name: string): Promise<Row> {
  const root = join(mkdtempSync(join(tmpdir(), 'rr-corpus-')), name);
  // Dependency and build folders stay behind; so do links that point nowhere (a checkout's dangling symlinks).
  cpSync(join(dir, name), root, { recursive: true, dereference: true, filter: (src) => !/[/\\](node_modules|\.venv|target|\.git)$/.test(src) && existsSync(src) });
  const started = Date.now();
  const events: CliEvent[] = [];
  let answer = '-';
  const outcome = await new Promise<string>((done) => {
    const child = spawn(process.execPath, [cli, 'run', root, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let buffer = '';
    let finished = false;
    const finish = (result: string) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      try { process.kill(-child.pid!, 'SIGINT'); } catch { /* already gone */ }
      setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 15_000).unref();
      child.once('exit', () => done(result));
    };
    const timer = setTimeout(() => finish('timeout'), TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      if (logDir) appendFileSync(join(logDir, `${name}.jsonl`), chunk);
      buffer += chunk.toString();
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        let event: CliEvent;
        try { event = JSON.parse(line) as CliEvent; } catch { continue; }
        if (event.type === 'output') continue;
        events.push(event);
        if (event.type === 'run' && event.status !== 'stopped') {
          const status = String(event.status);
          void probeFirstUrl(events).then((a) => { answer = a; finish(status); });
        }
      }
    });
    child.on('exit', (code) => { if (!finished) { finished = true; clearTimeout(timer); done(`exit ${code}`); } });
  });
  const plan = events.find((e) => e.type === 'plan')?.plan as { services: { name: string; framework: string; dir: string }[] } | undefined;
  const finding = events.filter((e) => e.type === 'finding').map((e) => e.finding as { severity: string; code: string; message: string }).find((f) => f.severity === 'error');
  rmSync(join(root, '..'), { recursive: true, force: true });
  return {
    repo: name,
    plan: plan ? plan.services.map((s) => `${s.name}:${s.framework}`).join(' ') || '(nothing)' : '(no plan)',
    outcome,
    seconds: Math.round((Date.now() - started) / 1000),
    finding: finding ? `${finding.code}: ${finding.message}`.slice(0, 200) : '',
    answer,
  };
}

/** What the first service URL answers (status code), as a person opening it would see. */
async function probeFirstUrl(events: CliEvent[]): Promise<string> {
  // The first service's URL as the run last gave it (health may have moved it: a followed port, a host name).
  const withUrl = events.filter((e) => e.type === 'service' && typeof e.url === 'string' && String(e.url).startsWith('http'));
  const first = withUrl[0]?.service;
  const url = withUrl.filter((e) => e.service === first).map((e) => String(e.url)).at(-1);
  if (!url) return '-';
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'manual' });
    return `${response.status}`;
  } catch (error) {
    return error instanceof Error ? error.message.slice(0, 40) : 'error';
  }
}

const names = readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory()).filter((n) => only.length === 0 || only.includes(n)).sort();
const out = process.env.CORPUS_OUT ?? 'corpus';
mkdirSync('bench-results', { recursive: true });
// The table is written after every repo, so a long run that stops keeps what it measured;
// CORPUS_RESUME=1 goes on from such a table instead of starting again.
const rows: Row[] = process.env.CORPUS_RESUME && existsSync(`bench-results/${out}.json`) ? JSON.parse(readFileSync(`bench-results/${out}.json`, 'utf8')) as Row[] : [];
const write = () => {
  writeFileSync(`bench-results/${out}.json`, `${JSON.stringify(rows, null, 2)}\n`);
  const table = ['| repo | plan | outcome | s | answer | finding |', '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.repo} | ${r.plan} | ${r.outcome} | ${r.seconds} | ${r.answer} | ${r.finding.replaceAll('|', '\\|')} |`)];
  table.push('', `${rows.filter((r) => r.outcome === 'healthy').length}/${rows.length} healthy`);
  writeFileSync(`bench-results/${out}.md`, `${table.join('\n')}\n`);
  return table;
};
for (const name of names) {
  if (rows.some((r) => r.repo === name)) continue;
  process.stderr.write(`[corpus] ${name} … `);
  const row = await runOne(name).catch((error: unknown): Row => ({ repo: name, plan: '(not run)', outcome: 'error', seconds: 0, answer: '-', finding: `the corpus script could not run it: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200) }));
  rows.push(row);
  process.stderr.write(`${row.outcome} in ${row.seconds} s (answer ${row.answer})\n`);
  write();
}
console.log(write().join('\n'));
