// The built CLI in the background, as a terminal would start it: output gathered, `ready` when
// a line matches, and every CLI a test file starts stopped after its tests (Ctrl-C, then SIGKILL),
// so a failed test does not leave it and the services under it running.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { after } from 'node:test';

export const CLI = resolve('dist/cli.cjs');

export interface StartedCli {
  child: ChildProcess;
  output: () => string;
  /** Resolves once the output matches; rejects if the CLI exits first. */
  ready: Promise<void>;
  exit: Promise<number | null>;
}

/** A `start` for this test file's CLIs; call once at the top of the file. */
export function cliStarter(): (args: string[], ready: RegExp, env?: Record<string, string>) => StartedCli {
  const children: ChildProcess[] = [];
  after(async () => {
    await Promise.all(children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => new Promise((done) => {
      c.once('exit', done);
      c.kill('SIGINT');
      setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
    })));
  });
  return (args, ready, env = {}) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const readyPromise = new Promise<void>((done, fail) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (ready.test(output)) done();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void exit.then((code) => fail(new Error(`exited with ${code} before ready:\n${output}`)));
    });
    readyPromise.catch(() => undefined); // awaited only by the tests that wait for `ready`
    return { child, output: () => output, ready: readyPromise, exit };
  };
}
